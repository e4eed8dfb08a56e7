// The Problems tab: the linter's findings (and the loader's) for the open diagram, live as it
// changes, with the count in the tab title; clicking a row selects the node on the canvas.
#include "../../uikit/UiTestSetup.h"
#include "MainWindow.h"
#include "Theme.h"
#include "canvas/DiagramScene.h"
#include "commands/EditCommands.h"
#include "inspector/Inspector.h"
#include "model/Lint.h"
#include "panels/ProblemsPanel.h"

#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

using namespace ml;
using namespace ml::ui;

namespace {

Node node(const char* id, const char* kind, double x = 0, Json config = Json::object())
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.x = x;
    n.config = std::move(config);
    return n;
}

Edge edge(const char* from, const char* to)
{
    Edge e;
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    return e;
}

// A worker whose timeout is out of range and whose error rate is not a probability, plus an
// edge that no rule allows (bucket → queue).
Diagram broken()
{
    Diagram d;
    d.name = QStringLiteral("Broken");
    d.addNode(node("jobs", "queue"));
    d.addNode(node("resize", "worker", 300, Json{{"timeout", "20m"}, {"errorRate", 3}}));
    d.addNode(node("images", "bucket", 600));
    d.addEdge(edge("jobs", "resize"));
    d.addEdge(edge("images", "jobs"));
    return d;
}

QTreeWidgetItem* rowAbout(QTreeWidget* table, const QString& nodeId)
{
    for (int i = 0; i < table->topLevelItemCount(); ++i)
        if (table->topLevelItem(i)->text(1) == nodeId) return table->topLevelItem(i);
    return nullptr;
}

}  // namespace

class TestProblems : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { test::setUpApplication(); }

    void listsTheLintersErrors()
    {
        DiagramModel model;
        model.setDiagram(broken());
        ProblemsPanel panel;
        panel.setModel(&model);
        const Problems expected = lint(model.diagram());
        QVERIFY(hasErrors(expected));
        QCOMPARE(panel.problems().size(), expected.size());
        QCOMPARE(panel.table()->topLevelItemCount(), int(expected.size()));
        QCOMPARE(panel.title(), QStringLiteral("Problems (%1)").arg(expected.size()));
        for (const Problem& p : expected) {
            bool found = false;
            for (int i = 0; i < panel.table()->topLevelItemCount(); ++i) {
                QTreeWidgetItem* item = panel.table()->topLevelItem(i);
                found |= item->text(2) == p.message && item->text(3) == p.pointer;
            }
            QVERIFY2(found, qPrintable(p.message));
        }
        // The worker's bad timeout is among them, pointing into its config.
        QTreeWidgetItem* worker = rowAbout(panel.table(), QStringLiteral("resize"));
        QVERIFY(worker);
        QCOMPARE(worker->text(0), QStringLiteral("Error"));
        // Errors first.
        bool seenWarning = false;
        for (const Problem& p : panel.problems()) {
            if (!p.isError()) seenWarning = true;
            QVERIFY(!(seenWarning && p.isError()));
        }
    }

    void followsEditsAfterADebounce()
    {
        DiagramModel model;
        QUndoStack undo;
        model.setDiagram(broken());
        ProblemsPanel panel;
        panel.setModel(&model);
        const size_t before = panel.problems().size();
        undo.push(
            new SetNodeConfigCommand(&model, NodeId(QStringLiteral("resize")), QStringLiteral("timeout"), Json("5s")));
        // Not per keystroke: the list changes only after the debounce.
        QCOMPARE(panel.problems().size(), before);
        QTRY_COMPARE_WITH_TIMEOUT(panel.problems().size(), lint(model.diagram()).size(), 2000);
        QVERIFY(panel.problems().size() < before);
    }

    void loadProblemsAreListedOnce()
    {
        DiagramModel model;
        model.setDiagram(broken());
        ProblemsPanel panel;
        panel.setModel(&model);
        const Problems linted = lint(model.diagram());
        Problems load = linted;  // the loader reports most of them again …
        Problem duplicate;
        duplicate.message = QStringLiteral("duplicate node id \"jobs\"");
        duplicate.pointer = QStringLiteral("/nodes/3/id");
        load.push_back(duplicate);  // … and some only it can see
        panel.setLoadProblems(load);
        QCOMPARE(panel.problems().size(), linted.size() + 1);
        panel.setLoadProblems({});
        QCOMPARE(panel.problems().size(), linted.size());
    }

    void emptyDiagramHasNoProblems()
    {
        DiagramModel model;
        ProblemsPanel panel;
        panel.setModel(&model);
        QCOMPARE(panel.problems().size(), size_t(0));
        QCOMPARE(panel.title(), QStringLiteral("Problems"));
    }

    void clickingARowSelectsTheNode()
    {
        MainWindow window(false);
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.model()->setDiagram(broken());
        window.problemsPanel()->refreshNow();
        QTabWidget* tabs = window.bottomTabs();
        QCOMPARE(tabs->tabText(tabs->indexOf(window.problemsPanel())), window.problemsPanel()->title());
        QVERIFY(tabs->tabText(tabs->indexOf(window.problemsPanel())).startsWith(QStringLiteral("Problems (")));

        QTreeWidget* table = window.problemsPanel()->table();
        QTreeWidgetItem* item = rowAbout(table, QStringLiteral("resize"));
        QVERIFY(item);
        table->scrollToItem(item);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(item).center());
        QCOMPARE(window.scene()->selectedNodes(), std::vector<NodeId>{NodeId(QStringLiteral("resize"))});
        QCOMPARE(window.inspector()->currentNode(), NodeId(QStringLiteral("resize")));

        // Another row, another node.
        QTreeWidgetItem* other = rowAbout(table, QStringLiteral("jobs"));
        if (other) {
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(other).center());
            QCOMPARE(window.scene()->selectedNodes(), std::vector<NodeId>{NodeId(QStringLiteral("jobs"))});
        }
    }

    void fixingEverythingEmptiesTheTab()
    {
        MainWindow window(false);
        window.model()->setDiagram(broken());
        window.problemsPanel()->refreshNow();
        QVERIFY(window.problemsPanel()->errorCount() > 0);
        Diagram fine;
        fine.addNode(node("jobs", "queue"));
        window.model()->setDiagram(fine);
        window.problemsPanel()->refreshNow();
        QCOMPARE(window.problemsPanel()->errorCount(), 0);
        QCOMPARE(window.bottomTabs()->tabText(window.bottomTabs()->indexOf(window.problemsPanel())),
                 window.problemsPanel()->title());
    }
};

QTEST_MAIN(TestProblems)
#include "tst_problems.moc"
