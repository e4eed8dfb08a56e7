// Shared by the inspector's test files: the fixture diagram, helpers and the test class.
// The inspector: edits reach the model through undo commands, bad values are refused with the
// checker's message and leave the model alone, renames follow every reference, and undo/redo of
// each edit restores the exact model.
#pragma once

#include "../../uikit/UiTestSetup.h"
#include "Theme.h"
#include "commands/EditCommands.h"
#include "inspector/Inspector.h"
#include "model/ConfigCheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTest>
#include <QToolButton>

using namespace ml;
using namespace ml::ui;

// Json has no QTest::toString; compare and print the actual value on failure.
#define JSON_EQ(actual, expected) QVERIFY2((actual) == (expected), qPrintable(QString::fromStdString((actual).dump())))

namespace inspectortest {

inline Node node(const char* id, const char* kind, double x = 0)
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.x = x;
    return n;
}

inline Edge edge(const char* id, const char* from, const char* to, const char* kind)
{
    Edge e;
    e.id = EdgeId(QString::fromLatin1(id));
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    return e;
}

// api → router → jobs (queue, DLQ jobs-dlq) → resize (worker); bucket → thumbs (trigger).
inline Diagram pipeline()
{
    Diagram d;
    d.name = QStringLiteral("Image pipeline");
    d.addNode(node("api", "api-gateway"));
    d.addNode(node("router", "router", 200));
    d.addNode(node("jobs", "queue", 400));
    d.addNode(node("jobs-dlq", "queue", 400));
    d.addNode(node("resize", "worker", 600));
    d.addNode(node("images", "bucket", 800));
    d.addNode(node("thumbs", "trigger", 1000));
    d.addNode(node("alerts", "topic", 1200));
    d.addNode(node("users", "client", 1400));
    d.addEdge(edge("e1", "api", "router", "invoke"));
    d.addEdge(edge("e2", "router", "jobs", "enqueue"));
    d.addEdge(edge("e3", "jobs", "resize", "event-source"));
    d.addEdge(edge("e4", "jobs", "jobs-dlq", "dead-letter"));
    d.addEdge(edge("e5", "images", "thumbs", "notification"));
    d.addEdge(edge("e6", "alerts", "jobs", "subscription"));
    return d;
}

inline Json configOf(const DiagramModel& m, const char* id, const char* key)
{
    const Node* n = m.diagram().node(NodeId(QString::fromLatin1(id)));
    if (!n || !n->config.contains(key)) return Json();
    return n->config[key];
}

inline Json edgeConfigOf(const DiagramModel& m, const char* id, const char* key)
{
    const Edge* e = m.diagram().edge(EdgeId(QString::fromLatin1(id)));
    if (!e || !e->config.contains(key)) return Json();
    return e->config[key];
}

inline QLineEdit* lineEditOf(ConfigRow* row)
{
    if (!row) return nullptr;
    if (auto* e = qobject_cast<QLineEdit*>(row->editor()->inputWidget())) return e;
    return row->editor()->findChild<QLineEdit*>();
}

inline void typeInto(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

}  // namespace inspectortest

using namespace inspectortest;

class TestInspector : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void showsEveryKeyOfTheKind();
    void durationEditWritesTheModel();
    void badValuesAreRefused_data();
    void badValuesAreRefused();
    void integerEditWritesANumber();
    void spinArrowsStayInRange();
    void enumChange();
    void booleanAndReset();
    void edgeConfigChange();
    void routerEdgeActionsList();
    void checkedListForAllowedValues();
    void nodeRefPicker();
    void jsonEditorValidatesLive();
    void routesTable();
    void routesTableTabKeepsEveryCell();
    void requestsForm();
    void latencyShapes();
    void renameUpdatesEdgesAndUndoRevertsIt();
    void badIdsAreRefused_data();
    void badIdsAreRefused();
    void nameEdit();
    void diagramMeta();
    void undoRedoRestoresTheExactModel();
    void removedNodeShowsTheDiagram();
    void everyKindBuildsAPage();

private:
    DiagramModel* m_model = nullptr;
    QUndoStack* m_undo = nullptr;
    Inspector* m_inspector = nullptr;
};
