// The inspector on a node: scalar editors write the model, bad values are refused with the
// checker's message and leave the model as it was.
#include "InspectorTest.h"

void TestInspector::initTestCase() { test::setUpApplication(); }

void TestInspector::init()
{
    m_model = new DiagramModel;
    m_undo = new QUndoStack;
    m_model->setDiagram(pipeline());
    m_inspector = new Inspector(m_model, m_undo);
    m_inspector->resize(360, 900);
    m_inspector->show();
}

void TestInspector::cleanup()
{
    delete m_inspector;
    delete m_undo;
    delete m_model;
}

void TestInspector::showsEveryKeyOfTheKind()
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

void TestInspector::durationEditWritesTheModel()
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

void TestInspector::badValuesAreRefused_data()
{
    QTest::addColumn<QString>("node");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::newRow("duration above 900 s") << "resize"
                                          << "timeout"
                                          << "20m";
    QTest::newRow("duration without unit") << "resize"
                                           << "timeout"
                                           << "30";
    QTest::newRow("duration with unknown unit") << "resize"
                                                << "timeout"
                                                << "5 parsecs";
    QTest::newRow("memory above 10240 MB") << "resize"
                                           << "memoryMb"
                                           << "20000";
    QTest::newRow("memory below 128 MB") << "resize"
                                         << "memoryMb"
                                         << "64";
    QTest::newRow("integer that is a word") << "jobs"
                                            << "maxReceiveCount"
                                            << "three";
    QTest::newRow("error rate above 1") << "resize"
                                        << "errorRate"
                                        << "1.5";
    QTest::newRow("visibility timeout above 12 h") << "jobs"
                                                   << "visibilityTimeout"
                                                   << "13h";
}

void TestInspector::badValuesAreRefused()
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
    if (k->type == ValueType::Duration)
        value = Json(toStd(text));
    else if (isNumber)
        value = k->type == ValueType::Integer ? Json(qint64(number)) : Json(number);
    if (!value.is_null()) {
        const Status s = checkConfigValue(*k, value);
        QVERIFY(!s);
        QVERIFY2(row->errorText().contains(s.error().message), qPrintable(row->errorText()));
    }
    // A valid value afterwards is accepted and the message goes.
    const QString good = k->type == ValueType::Duration ? QStringLiteral("10s")
                         : k->type == ValueType::Number ? QStringLiteral("0.25")
                                                        : QStringLiteral("256");
    typeInto(lineEditOf(row), good);
    QVERIFY(row->errorText().isEmpty());
    QCOMPARE(m_undo->count(), 1);
}

void TestInspector::integerEditWritesANumber()
{
    m_inspector->showNode(NodeId(QStringLiteral("resize")));
    typeInto(lineEditOf(m_inspector->row(QStringLiteral("memoryMb"))), QStringLiteral("512"));
    JSON_EQ(configOf(*m_model, "resize", "memoryMb"), Json(512));
    QVERIFY(configOf(*m_model, "resize", "memoryMb").is_number_integer());
}

void TestInspector::spinArrowsStayInRange()
{
    m_inspector->showNode(NodeId(QStringLiteral("resize")));
    ConfigRow* row = m_inspector->row(QStringLiteral("maxRetryAttempts"));  // 0 – 2, default 2
    QWidget* spin = row->editor()->inputWidget()->parentWidget();
    QTest::keyClick(spin, Qt::Key_Up);  // already at the maximum
    JSON_EQ(configOf(*m_model, "resize", "maxRetryAttempts"), Json(2));
    QTest::keyClick(spin, Qt::Key_Down);
    JSON_EQ(configOf(*m_model, "resize", "maxRetryAttempts"), Json(1));
    QTest::keyClick(spin, Qt::Key_Down);
    QTest::keyClick(spin, Qt::Key_Down);
    JSON_EQ(configOf(*m_model, "resize", "maxRetryAttempts"), Json(0));
}

void TestInspector::enumChange()
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

void TestInspector::booleanAndReset()
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

QTEST_MAIN(TestInspector)
