// The inspector: edits reach the model through undo commands, bad values are refused with the
// checker's message and leave the model alone, renames follow every reference, and undo/redo of
// each edit restores the exact model.
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
#include <QTest>
#include <QToolButton>

using namespace ml;
using namespace ml::ui;

// Json has no QTest::toString; compare and print the actual value on failure.
#define JSON_EQ(actual, expected) \
    QVERIFY2((actual) == (expected), qPrintable(QString::fromStdString((actual).dump())))

namespace {

Node node(const char* id, const char* kind, double x = 0)
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.x = x;
    return n;
}

Edge edge(const char* id, const char* from, const char* to, const char* kind)
{
    Edge e;
    e.id = EdgeId(QString::fromLatin1(id));
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    return e;
}

// api → router → jobs (queue, DLQ jobs-dlq) → resize (worker); bucket → thumbs (trigger).
Diagram pipeline()
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
    d.addEdge(edge("e1", "api", "router", "invoke"));
    d.addEdge(edge("e2", "router", "jobs", "enqueue"));
    d.addEdge(edge("e3", "jobs", "resize", "event-source"));
    d.addEdge(edge("e4", "jobs", "jobs-dlq", "dead-letter"));
    d.addEdge(edge("e5", "images", "thumbs", "notification"));
    d.addEdge(edge("e6", "alerts", "jobs", "subscription"));
    return d;
}

Json configOf(const DiagramModel& m, const char* id, const char* key)
{
    const Node* n = m.diagram().node(NodeId(QString::fromLatin1(id)));
    if (!n || !n->config.contains(key)) return Json();
    return n->config[key];
}

Json edgeConfigOf(const DiagramModel& m, const char* id, const char* key)
{
    const Edge* e = m.diagram().edge(EdgeId(QString::fromLatin1(id)));
    if (!e || !e->config.contains(key)) return Json();
    return e->config[key];
}

QLineEdit* lineEditOf(ConfigRow* row)
{
    if (!row) return nullptr;
    if (auto* e = qobject_cast<QLineEdit*>(row->editor()->inputWidget())) return e;
    return row->editor()->findChild<QLineEdit*>();
}

void typeInto(QLineEdit* edit, const QString& text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
    QTest::keyClick(edit, Qt::Key_Return);
}

}  // namespace

class TestInspector : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        initResources();
        applyTheme(ThemeMode::Light);
    }

    void init()
    {
        m_model = new DiagramModel;
        m_undo = new QUndoStack;
        m_model->setDiagram(pipeline());
        m_inspector = new Inspector(m_model, m_undo);
        m_inspector->resize(360, 900);
        m_inspector->show();
    }

    void cleanup()
    {
        delete m_inspector;
        delete m_undo;
        delete m_model;
    }

    void showsEveryKeyOfTheKind()
    {
        m_inspector->showNode(NodeId(QStringLiteral("resize")));
        const KindInfo* worker = Catalog::instance().kind(QStringLiteral("worker"));
        QCOMPARE(m_inspector->rows().size(), worker->config.size());
        for (const ConfigKey& k : worker->config) QVERIFY2(m_inspector->row(k.name), qPrintable(k.name));
        QCOMPARE(m_inspector->idEdit()->text(), QStringLiteral("resize"));
        QCOMPARE(m_inspector->title(), QStringLiteral("resize"));
        // Defaults show as placeholders; unset keys have nothing to reset.
        QLineEdit* timeout = lineEditOf(m_inspector->row(QStringLiteral("timeout")));
        QVERIFY(timeout->text().isEmpty());
        QVERIFY(timeout->placeholderText().contains(QStringLiteral("3s")));
        QVERIFY(!m_inspector->row(QStringLiteral("timeout"))->resetButton()->isEnabled());
    }

    void durationEditWritesTheModel()
    {
        m_inspector->showNode(NodeId(QStringLiteral("resize")));
        const Diagram before = m_model->diagram();
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("timeout"))), QStringLiteral("5s"));
        JSON_EQ(configOf(*m_model, "resize", "timeout"), Json("5s"));
        QCOMPARE(m_undo->count(), 1);
        QVERIFY(m_inspector->row(QStringLiteral("timeout"))->resetButton()->isEnabled());
        m_undo->undo();
        QVERIFY(m_model->diagram() == before);
        // The inspector follows the model: the field is empty again (the default applies).
        QVERIFY(lineEditOf(m_inspector->row(QStringLiteral("timeout")))->text().isEmpty());
        m_undo->redo();
        JSON_EQ(configOf(*m_model, "resize", "timeout"), Json("5s"));
        QCOMPARE(lineEditOf(m_inspector->row(QStringLiteral("timeout")))->text(), QStringLiteral("5s"));
    }

    void badValuesAreRefused_data()
    {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::newRow("duration above 900 s") << "resize" << "timeout" << "20m";
        QTest::newRow("duration without unit") << "resize" << "timeout" << "30";
        QTest::newRow("duration with unknown unit") << "resize" << "timeout" << "5 parsecs";
        QTest::newRow("memory above 10240 MB") << "resize" << "memoryMb" << "20000";
        QTest::newRow("memory below 128 MB") << "resize" << "memoryMb" << "64";
        QTest::newRow("integer that is a word") << "jobs" << "maxReceiveCount" << "three";
        QTest::newRow("error rate above 1") << "resize" << "errorRate" << "1.5";
        QTest::newRow("visibility timeout above 12 h") << "jobs" << "visibilityTimeout" << "13h";
    }

    void badValuesAreRefused()
    {
        QFETCH(QString, node);
        QFETCH(QString, key);
        QFETCH(QString, text);
        m_inspector->showNode(NodeId(node));
        ConfigRow* row = m_inspector->row(key);
        QVERIFY(row);
        const Diagram before = m_model->diagram();
        typeInto(lineEditOf(row), text);
        QVERIFY(m_model->diagram() == before);
        QCOMPARE(m_undo->count(), 0);
        QVERIFY(!row->errorText().isEmpty());
        // When the text is a value at all, the message is the checker's own.
        const KindInfo* kind = Catalog::instance().kind(m_model->diagram().node(NodeId(node))->kind);
        const ConfigKey* k = kind->key(key);
        Json value;
        bool isNumber = false;
        const double number = text.toDouble(&isNumber);
        if (k->type == ValueType::Duration) value = Json(toStd(text));
        else if (isNumber) value = k->type == ValueType::Integer ? Json(qint64(number)) : Json(number);
        if (!value.is_null()) {
            const Status s = checkConfigValue(*k, value);
            QVERIFY(!s);
            QVERIFY2(row->errorText().contains(s.error().message), qPrintable(row->errorText()));
        }
        // A valid value afterwards is accepted and the message goes.
        const QString good = k->type == ValueType::Duration ? QStringLiteral("10s")
                             : k->type == ValueType::Number  ? QStringLiteral("0.25")
                                                             : QStringLiteral("256");
        typeInto(lineEditOf(row), good);
        QVERIFY(row->errorText().isEmpty());
        QCOMPARE(m_undo->count(), 1);
    }

    void integerEditWritesANumber()
    {
        m_inspector->showNode(NodeId(QStringLiteral("resize")));
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("memoryMb"))), QStringLiteral("512"));
        JSON_EQ(configOf(*m_model, "resize", "memoryMb"), Json(512));
        QVERIFY(configOf(*m_model, "resize", "memoryMb").is_number_integer());
    }

    void spinArrowsStayInRange()
    {
        m_inspector->showNode(NodeId(QStringLiteral("resize")));
        ConfigRow* row = m_inspector->row(QStringLiteral("maxRetryAttempts"));   // 0 – 2, default 2
        QWidget* spin = row->editor()->inputWidget()->parentWidget();
        QTest::keyClick(spin, Qt::Key_Up);   // already at the maximum
        JSON_EQ(configOf(*m_model, "resize", "maxRetryAttempts"), Json(2));
        QTest::keyClick(spin, Qt::Key_Down);
        JSON_EQ(configOf(*m_model, "resize", "maxRetryAttempts"), Json(1));
        QTest::keyClick(spin, Qt::Key_Down);
        QTest::keyClick(spin, Qt::Key_Down);
        JSON_EQ(configOf(*m_model, "resize", "maxRetryAttempts"), Json(0));
    }

    void enumChange()
    {
        m_inspector->showNode(NodeId(QStringLiteral("jobs")));
        auto* combo = qobject_cast<QComboBox*>(m_inspector->row(QStringLiteral("type"))->editor()->inputWidget());
        QVERIFY(combo);
        QCOMPARE(combo->currentData().toString(), QStringLiteral("standard"));
        QTest::keyClick(combo, Qt::Key_Down);
        JSON_EQ(configOf(*m_model, "jobs", "type"), Json("fifo"));
        m_undo->undo();
        QVERIFY(configOf(*m_model, "jobs", "type").is_null());
        QCOMPARE(combo->currentData().toString(), QStringLiteral("standard"));
    }

    void booleanAndReset()
    {
        m_inspector->showNode(NodeId(QStringLiteral("jobs")));
        ConfigRow* row = m_inspector->row(QStringLiteral("contentDeduplication"));
        auto* box = qobject_cast<QCheckBox*>(row->editor()->inputWidget());
        QVERIFY(box && !box->isChecked());
        QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
        JSON_EQ(configOf(*m_model, "jobs", "contentDeduplication"), Json(true));
        QVERIFY(row->resetButton()->isEnabled());
        QTest::mouseClick(row->resetButton(), Qt::LeftButton);
        QVERIFY(!m_model->diagram().node(NodeId(QStringLiteral("jobs")))->config.contains("contentDeduplication"));
        QVERIFY(!box->isChecked());
    }

    void edgeConfigChange()
    {
        m_inspector->showEdge(EdgeId(QStringLiteral("e3")));   // queue → worker: event source mapping
        QVERIFY(m_inspector->row(QStringLiteral("batchSize")));
        QVERIFY(m_inspector->title().contains(QStringLiteral("jobs → resize")));
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("batchSize"))), QStringLiteral("5"));
        JSON_EQ(edgeConfigOf(*m_model, "e3", "batchSize"), Json(5));
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("batchSize"))), QStringLiteral("0"));
        JSON_EQ(edgeConfigOf(*m_model, "e3", "batchSize"), Json(5));
        QVERIFY(!m_inspector->row(QStringLiteral("batchSize"))->errorText().isEmpty());
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("batchWindow"))), QStringLiteral("2s"));
        JSON_EQ(edgeConfigOf(*m_model, "e3", "batchWindow"), Json("2s"));
    }

    void routerEdgeActionsList()
    {
        m_inspector->showEdge(EdgeId(QStringLiteral("e2")));   // router → queue
        ConfigRow* row = m_inspector->row(QStringLiteral("actions"));
        QVERIFY(row);
        auto* list = qobject_cast<QListWidget*>(row->editor()->inputWidget());
        QVERIFY(list);
        auto* add = row->editor()->findChildren<QToolButton*>().value(0);
        QVERIFY(add);
        QTest::mouseClick(add, Qt::LeftButton);
        QListWidgetItem* item = list->item(list->count() - 1);
        item->setText(QStringLiteral("process-image"));   // what the item editor commits
        JSON_EQ(edgeConfigOf(*m_model, "e2", "actions"), Json::array({"process-image"}));
    }

    void checkedListForAllowedValues()
    {
        m_inspector->showEdge(EdgeId(QStringLiteral("e5")));   // bucket → trigger notification
        auto* list = qobject_cast<QListWidget*>(m_inspector->row(QStringLiteral("events"))->editor()->inputWidget());
        QVERIFY(list);
        QCOMPARE(list->count(), 6);
        QCOMPARE(list->item(0)->checkState(), Qt::Checked);   // the default s3:ObjectCreated:*
        list->item(4)->setCheckState(Qt::Checked);           // s3:ObjectRemoved:*
        JSON_EQ(edgeConfigOf(*m_model, "e5", "events"), Json::array({"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}));
    }

    void nodeRefPicker()
    {
        m_inspector->showEdge(EdgeId(QStringLiteral("e6")));   // topic → queue subscription
        auto* combo = qobject_cast<QComboBox*>(m_inspector->row(QStringLiteral("deadLetterQueue"))->editor()->inputWidget());
        QVERIFY(combo);
        QCOMPARE(combo->currentData().toString(), QString());
        const int dlq = combo->findData(QStringLiteral("jobs-dlq"));
        QVERIFY(dlq > 0);
        combo->setCurrentIndex(dlq);
        emit combo->activated(dlq);
        JSON_EQ(edgeConfigOf(*m_model, "e6", "deadLetterQueue"), Json("jobs-dlq"));
        // Renaming the queue rewrites the reference; the picker follows.
        m_undo->push(new RenameNodeCommand(m_model, NodeId(QStringLiteral("jobs-dlq")), NodeId(QStringLiteral("dlq"))));
        JSON_EQ(edgeConfigOf(*m_model, "e6", "deadLetterQueue"), Json("dlq"));
        combo = qobject_cast<QComboBox*>(m_inspector->row(QStringLiteral("deadLetterQueue"))->editor()->inputWidget());
        QCOMPARE(combo->currentData().toString(), QStringLiteral("dlq"));
    }

    void jsonEditorValidatesLive()
    {
        m_inspector->showNode(NodeId(QStringLiteral("api")));
        ConfigRow* row = m_inspector->row(QStringLiteral("routes"));
        auto* edit = qobject_cast<QPlainTextEdit*>(row->editor()->inputWidget());
        QVERIFY(edit);
        edit->setFocus();
        edit->setPlainText(QStringLiteral("[{\"method\": \"POST\", \"path\": \"/images\""));
        QVERIFY(row->errorText().contains(QStringLiteral("line 1")));
        QVERIFY(!row->commit());
        QCOMPARE(m_undo->count(), 0);
        edit->setPlainText(QStringLiteral("[{\"method\": \"FETCH\", \"path\": \"/images\", \"action\": \"a\"}]"));
        QVERIFY(row->errorText().contains(QStringLiteral("/0/method")));
        QVERIFY(!row->commit());
        QCOMPARE(m_undo->count(), 0);
        edit->setPlainText(QStringLiteral("[{\"method\": \"POST\", \"path\": \"/images\", \"action\": \"process-image\"}]"));
        QVERIFY(row->errorText().isEmpty());
        QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
        JSON_EQ(configOf(*m_model, "api", "routes"),
                 Json::parse(R"([{"method": "POST", "path": "/images", "action": "process-image"}])"));
    }

    void renameUpdatesEdgesAndUndoRevertsIt()
    {
        m_inspector->showNode(NodeId(QStringLiteral("jobs")));
        const Diagram before = m_model->diagram();
        typeInto(m_inspector->idEdit(), QStringLiteral("image-jobs"));
        const Diagram& d = m_model->diagram();
        QVERIFY(!d.node(NodeId(QStringLiteral("jobs"))));
        QVERIFY(d.node(NodeId(QStringLiteral("image-jobs"))));
        QCOMPARE(d.edge(EdgeId(QStringLiteral("e2")))->to.value, QStringLiteral("image-jobs"));
        QCOMPARE(d.edge(EdgeId(QStringLiteral("e3")))->from.value, QStringLiteral("image-jobs"));
        QCOMPARE(d.edge(EdgeId(QStringLiteral("e4")))->from.value, QStringLiteral("image-jobs"));
        QCOMPARE(m_inspector->currentNode().value, QStringLiteral("image-jobs"));
        QCOMPARE(m_inspector->idEdit()->text(), QStringLiteral("image-jobs"));
        m_undo->undo();
        QVERIFY(m_model->diagram() == before);
        QCOMPARE(m_inspector->currentNode().value, QStringLiteral("jobs"));
        QCOMPARE(m_inspector->idEdit()->text(), QStringLiteral("jobs"));
    }

    void badIdsAreRefused_data()
    {
        QTest::addColumn<QString>("id");
        QTest::newRow("capitals") << "Jobs";
        QTest::newRow("underscore") << "image_jobs";
        QTest::newRow("space") << "image jobs";
        QTest::newRow("taken") << "resize";
        QTest::newRow("empty") << "";
    }

    void badIdsAreRefused()
    {
        QFETCH(QString, id);
        m_inspector->showNode(NodeId(QStringLiteral("jobs")));
        const Diagram before = m_model->diagram();
        typeInto(m_inspector->idEdit(), id);
        QVERIFY(m_model->diagram() == before);
        QCOMPARE(m_undo->count(), 0);
        QVERIFY(!m_inspector->idError().isEmpty());
    }

    void nameEdit()
    {
        m_inspector->showNode(NodeId(QStringLiteral("resize")));
        typeInto(m_inspector->nameEdit(), QStringLiteral("Resize images"));
        QCOMPARE(m_model->diagram().node(NodeId(QStringLiteral("resize")))->name, QStringLiteral("Resize images"));
        QCOMPARE(m_inspector->title(), QStringLiteral("Resize images"));
        m_undo->undo();
        QVERIFY(m_model->diagram().node(NodeId(QStringLiteral("resize")))->name.isEmpty());
        QVERIFY(m_inspector->nameEdit()->text().isEmpty());
    }

    void diagramMeta()
    {
        m_inspector->showDiagram();
        QVERIFY(m_inspector->diagramNameEdit());
        QCOMPARE(m_inspector->diagramNameEdit()->text(), QStringLiteral("Image pipeline"));
        typeInto(m_inspector->diagramNameEdit(), QStringLiteral("Thumbnails"));
        QCOMPARE(m_model->diagram().name, QStringLiteral("Thumbnails"));
        m_undo->undo();
        QCOMPARE(m_model->diagram().name, QStringLiteral("Image pipeline"));
        QCOMPARE(m_inspector->diagramNameEdit()->text(), QStringLiteral("Image pipeline"));
    }

    // Every kind of edit, undone and redone: the model is byte-for-byte what it was each time.
    void undoRedoRestoresTheExactModel()
    {
        std::vector<Diagram> states{m_model->diagram()};
        auto snap = [&] { states.push_back(m_model->diagram()); };
        m_inspector->showNode(NodeId(QStringLiteral("resize")));
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("timeout"))), QStringLiteral("7s"));
        snap();
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("memoryMb"))), QStringLiteral("1024"));
        snap();
        typeInto(m_inspector->nameEdit(), QStringLiteral("Resizer"));
        snap();
        m_inspector->showNode(NodeId(QStringLiteral("jobs")));
        QTest::keyClick(m_inspector->row(QStringLiteral("type"))->editor()->inputWidget(), Qt::Key_Down);
        snap();
        typeInto(m_inspector->idEdit(), QStringLiteral("work"));
        snap();
        m_inspector->showEdge(EdgeId(QStringLiteral("e3")));
        typeInto(lineEditOf(m_inspector->row(QStringLiteral("batchSize"))), QStringLiteral("3"));
        snap();
        m_inspector->showDiagram();
        typeInto(m_inspector->diagramNameEdit(), QStringLiteral("Renamed"));
        snap();
        QCOMPARE(m_undo->count(), int(states.size()) - 1);
        for (int i = int(states.size()) - 2; i >= 0; --i) {
            m_undo->undo();
            QVERIFY2(m_model->diagram() == states[size_t(i)], qPrintable(QStringLiteral("after undo to state %1").arg(i)));
        }
        for (size_t i = 1; i < states.size(); ++i) {
            m_undo->redo();
            QVERIFY2(m_model->diagram() == states[i], qPrintable(QStringLiteral("after redo to state %1").arg(i)));
        }
    }

    void removedNodeShowsTheDiagram()
    {
        m_inspector->showNode(NodeId(QStringLiteral("resize")));
        m_model->removeNode(NodeId(QStringLiteral("resize")));
        QVERIFY(m_inspector->currentNode().isEmpty());
        QVERIFY(m_inspector->diagramNameEdit());
    }

    void everyKindBuildsAPage()
    {
        for (const KindInfo& k : Catalog::instance().kinds()) {
            Diagram d;
            d.addNode(node("n", k.id.toLatin1().constData()));
            m_model->setDiagram(d);
            m_inspector->showNode(NodeId(QStringLiteral("n")));
            QCOMPARE(m_inspector->rows().size(), k.config.size());
            for (ConfigRow* row : m_inspector->rows()) QVERIFY2(row->errorText().isEmpty(), qPrintable(k.id + row->key().name));
        }
    }

private:
    DiagramModel* m_model = nullptr;
    QUndoStack* m_undo = nullptr;
    Inspector* m_inspector = nullptr;
};

QTEST_MAIN(TestInspector)
#include "tst_inspector.moc"
