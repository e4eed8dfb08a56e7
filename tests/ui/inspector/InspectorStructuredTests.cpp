// The inspector on edges, lists, tables, latency, renames and the diagram itself; and undo/redo
// of every kind of edit restoring the exact model.
#include "InspectorTest.h"

#include <QApplication>

void TestInspector::edgeConfigChange()
{
    m_inspector->showEdge(EdgeId(QStringLiteral("e3")));  // queue → worker: event source mapping
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

void TestInspector::routerEdgeActionsList()
{
    m_inspector->showEdge(EdgeId(QStringLiteral("e2")));  // router → queue
    ConfigRow* row = m_inspector->row(QStringLiteral("actions"));
    QVERIFY(row);
    auto* list = qobject_cast<QListWidget*>(row->editor()->inputWidget());
    QVERIFY(list);
    auto* add = row->editor()->findChildren<QToolButton*>().value(0);
    QVERIFY(add);
    QTest::mouseClick(add, Qt::LeftButton);
    QListWidgetItem* item = list->item(list->count() - 1);
    item->setText(QStringLiteral("process-image"));  // what the item editor commits
    JSON_EQ(edgeConfigOf(*m_model, "e2", "actions"), Json::array({"process-image"}));
}

void TestInspector::checkedListForAllowedValues()
{
    m_inspector->showEdge(EdgeId(QStringLiteral("e5")));  // bucket → trigger notification
    auto* list = qobject_cast<QListWidget*>(m_inspector->row(QStringLiteral("events"))->editor()->inputWidget());
    QVERIFY(list);
    // The 8 event names with the "s3:" prefix, then the same 8 without it (S3 accepts both forms).
    QCOMPARE(list->count(), 16);
    QCOMPARE(list->item(0)->checkState(), Qt::Checked);  // the default s3:ObjectCreated:*
    QCOMPARE(list->item(5)->text(), QStringLiteral("s3:ObjectRemoved:*"));
    QCOMPARE(list->item(13)->text(), QStringLiteral("ObjectRemoved:*"));
    list->item(5)->setCheckState(Qt::Checked);
    JSON_EQ(edgeConfigOf(*m_model, "e5", "events"), Json::array({"s3:ObjectCreated:*", "s3:ObjectRemoved:*"}));
}

void TestInspector::nodeRefPicker()
{
    m_inspector->showEdge(EdgeId(QStringLiteral("e6")));  // topic → queue subscription
    auto* combo =
        qobject_cast<QComboBox*>(m_inspector->row(QStringLiteral("deadLetterQueue"))->editor()->inputWidget());
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

void TestInspector::jsonEditorValidatesLive()
{
    // A client's requests have a form now (requestsForm); the gateway's CORS is still JSON text.
    m_inspector->showNode(NodeId(QStringLiteral("api")));
    ConfigRow* row = m_inspector->row(QStringLiteral("cors"));
    auto* edit = qobject_cast<QPlainTextEdit*>(row->editor()->inputWidget());
    QVERIFY(edit);
    edit->setFocus();
    edit->setPlainText(QStringLiteral("{\"allowOrigins\": [\"*\""));
    QVERIFY2(row->errorText().contains(QStringLiteral("line 1")), qPrintable(row->errorText()));
    QVERIFY(!row->commit());
    QCOMPARE(m_undo->count(), 0);
    edit->setPlainText(QStringLiteral("{\"allowOrigins\": [\"*\"]}"));
    QVERIFY2(row->errorText().isEmpty(), qPrintable(row->errorText()));
    QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);
    JSON_EQ(configOf(*m_model, "api", "cors"), Json::parse(R"({"allowOrigins": ["*"]})"));
}

void TestInspector::routesTable()
{
    m_inspector->showNode(NodeId(QStringLiteral("api")));
    ConfigRow* row = m_inspector->row(QStringLiteral("routes"));
    auto* table = qobject_cast<QTableWidget*>(row->editor()->inputWidget());
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 0);
    QToolButton* add = row->editor()->findChildren<QToolButton*>().value(0);
    QTest::mouseClick(add, Qt::LeftButton);
    // A route without a path is not a route yet: refused, with the checker's words.
    QCOMPARE(table->rowCount(), 1);
    QVERIFY2(row->errorText().contains(QStringLiteral("/0/path")), qPrintable(row->errorText()));
    QVERIFY(configOf(*m_model, "api", "routes").is_null());
    table->item(0, 1)->setText(QStringLiteral("images"));
    QVERIFY(row->errorText().contains(QStringLiteral("must start with")));
    QVERIFY(configOf(*m_model, "api", "routes").is_null());
    table->item(0, 1)->setText(QStringLiteral("/images/{id}"));
    table->item(0, 2)->setText(QStringLiteral("get-image"));
    table->item(0, 3)->setText(QStringLiteral("url, size"));
    JSON_EQ(configOf(*m_model, "api", "routes"),
            Json::parse(
                R"([{"method": "GET", "path": "/images/{id}", "action": "get-image", "required": ["url", "size"]}])"));
    auto* method = qobject_cast<QComboBox*>(table->cellWidget(0, 0));
    QVERIFY(method);
    method->setCurrentIndex(method->findText(QStringLiteral("DELETE")));
    emit method->activated(method->currentIndex());
    JSON_EQ(configOf(*m_model, "api", "routes")[0]["method"], Json("DELETE"));
    // Edits of one key merge into one undo step (EditCommands), so undo empties the table.
    m_undo->undo();
    QVERIFY(configOf(*m_model, "api", "routes").is_null());
    QCOMPARE(table->rowCount(), 0);
}

// Issue 11: Tab after the Path cell used to commit and drop the focus, losing the action typed
// next. Real keys: Add route opens the Path cell; type, Tab, type, Tab, type, Return.
void TestInspector::routesTableTabKeepsEveryCell()
{
    m_inspector->show();
    QApplication::setActiveWindow(m_inspector->window());
    QVERIFY(QTest::qWaitForWindowActive(m_inspector->window()));
    m_inspector->showNode(NodeId(QStringLiteral("api")));
    ConfigRow* row = m_inspector->row(QStringLiteral("routes"));
    auto* table = qobject_cast<QTableWidget*>(row->editor()->inputWidget());
    QToolButton* add = row->editor()->findChildren<QToolButton*>().value(0);
    QTest::mouseClick(add, Qt::LeftButton);
    auto typeHere = [](const QString& text, Qt::Key then) {
        QWidget* focus = QApplication::focusWidget();
        QVERIFY(focus);
        QTest::keyClicks(focus, text);
        QTest::keyClick(focus, then);
    };
    typeHere(QStringLiteral("/orders"), Qt::Key_Tab);
    QCOMPARE(table->currentColumn(), 2);
    typeHere(QStringLiteral("create-order"), Qt::Key_Tab);
    QCOMPARE(table->currentColumn(), 3);
    typeHere(QStringLiteral("id, total"), Qt::Key_Return);
    // Return commits through a queued call (QAbstractItemDelegate): let it run.
    QTRY_VERIFY(configOf(*m_model, "api", "routes")[0].contains("required"));
    JSON_EQ(configOf(*m_model, "api", "routes"),
            Json::parse(
                R"([{"method": "GET", "path": "/orders", "action": "create-order", "required": ["id", "total"]}])"));
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("create-order"));
    // Moving to a cell starts editing it (no double-click); what is typed replaces the text.
    table->setFocus();
    table->setCurrentCell(0, 2);
    QVERIFY(QApplication::focusWidget() != table);
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("get-order"));
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return);
    QTRY_VERIFY(configOf(*m_model, "api", "routes")[0]["action"] == Json("get-order"));
    // Columns fit their content: the path is not cut.
    QVERIFY(table->columnWidth(1) >= table->fontMetrics().horizontalAdvance(QStringLiteral("/orders")));
}

// A client's requests: method, path (completed from the gateway it is wired to), a JSON body
// checked as typed, and a weight.
void TestInspector::requestsForm()
{
    m_model->setNodeConfigValue(NodeId(QStringLiteral("api")), QStringLiteral("routes"),
                                Json::parse(R"([{"method": "POST", "path": "/images", "action": "process-image"}])"));
    m_model->addEdge(edge("e9", "users", "api", "traffic"));
    m_inspector->showNode(NodeId(QStringLiteral("users")));
    ConfigRow* row = m_inspector->row(QStringLiteral("requests"));
    auto* table = qobject_cast<QTableWidget*>(row->editor()->inputWidget());
    QVERIFY(table);
    QCOMPARE(table->property("pathCompletions").toStringList(), QStringList{QStringLiteral("/images")});
    QToolButton* add = row->editor()->findChildren<QToolButton*>().value(0);
    QTest::mouseClick(add, Qt::LeftButton);
    auto* method = qobject_cast<QComboBox*>(table->cellWidget(0, 0));
    method->setCurrentIndex(method->findText(QStringLiteral("POST")));
    emit method->activated(method->currentIndex());
    table->item(0, 1)->setText(QStringLiteral("/images"));
    table->item(0, 2)->setText(QStringLiteral("{\"size\": 7"));
    QVERIFY2(row->errorText().contains(QStringLiteral("not JSON")), qPrintable(row->errorText()));
    table->item(0, 2)->setText(QStringLiteral("{\"size\": 7}"));
    table->item(0, 3)->setText(QStringLiteral("3"));
    QVERIFY2(row->errorText().isEmpty(), qPrintable(row->errorText()));
    JSON_EQ(configOf(*m_model, "users", "requests"),
            Json::parse(R"([{"method": "POST", "path": "/images", "body": {"size": 7}, "weight": 3}])"));
}

void TestInspector::latencyShapes()
{
    m_inspector->showNode(NodeId(QStringLiteral("resize")));
    ConfigRow* row = m_inspector->row(QStringLiteral("latency"));
    auto* dist = qobject_cast<QComboBox*>(row->editor()->inputWidget());
    QVERIFY(dist);
    QCOMPARE(dist->currentData().toString(), QStringLiteral("lognormal"));
    dist->setCurrentIndex(dist->findData(QStringLiteral("fixed")));
    emit dist->activated(dist->currentIndex());
    // "fixed" needs its value: refused until it is typed.
    QVERIFY(!row->errorText().isEmpty());
    QVERIFY(configOf(*m_model, "resize", "latency").is_null());
    QLineEdit* value = row->editor()->findChildren<QLineEdit*>().value(0);
    typeInto(value, QStringLiteral("50ms"));
    JSON_EQ(configOf(*m_model, "resize", "latency"), Json::parse(R"({"dist": "fixed", "value": "50ms"})"));
    typeInto(value, QStringLiteral("fast"));
    QVERIFY(!row->errorText().isEmpty());
    JSON_EQ(configOf(*m_model, "resize", "latency"), Json::parse(R"({"dist": "fixed", "value": "50ms"})"));
}

void TestInspector::renameUpdatesEdgesAndUndoRevertsIt()
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

void TestInspector::badIdsAreRefused_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("capitals") << "Jobs";
    QTest::newRow("underscore") << "image_jobs";
    QTest::newRow("space") << "image jobs";
    QTest::newRow("taken") << "resize";
    QTest::newRow("empty") << "";
}

void TestInspector::badIdsAreRefused()
{
    QFETCH(QString, id);
    m_inspector->showNode(NodeId(QStringLiteral("jobs")));
    const Diagram before = m_model->diagram();
    typeInto(m_inspector->idEdit(), id);
    QVERIFY(m_model->diagram() == before);
    QCOMPARE(m_undo->count(), 0);
    QVERIFY(!m_inspector->idError().isEmpty());
}

void TestInspector::nameEdit()
{
    m_inspector->showNode(NodeId(QStringLiteral("resize")));
    typeInto(m_inspector->nameEdit(), QStringLiteral("Resize images"));
    QCOMPARE(m_model->diagram().node(NodeId(QStringLiteral("resize")))->name, QStringLiteral("Resize images"));
    QCOMPARE(m_inspector->title(), QStringLiteral("Resize images"));
    m_undo->undo();
    QVERIFY(m_model->diagram().node(NodeId(QStringLiteral("resize")))->name.isEmpty());
    QVERIFY(m_inspector->nameEdit()->text().isEmpty());
}

void TestInspector::diagramMeta()
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

void TestInspector::undoRedoRestoresTheExactModel()
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

void TestInspector::removedNodeShowsTheDiagram()
{
    m_inspector->showNode(NodeId(QStringLiteral("resize")));
    m_model->removeNode(NodeId(QStringLiteral("resize")));
    QVERIFY(m_inspector->currentNode().isEmpty());
    QVERIFY(m_inspector->diagramNameEdit());
}

void TestInspector::everyKindBuildsAPage()
{
    for (const KindInfo& k : Catalog::instance().kinds()) {
        Diagram d;
        d.addNode(node("n", k.id.toLatin1().constData()));
        m_model->setDiagram(d);
        m_inspector->showNode(NodeId(QStringLiteral("n")));
        QCOMPARE(m_inspector->rows().size(), k.config.size());
        for (ConfigRow* row : m_inspector->rows())
            QVERIFY2(row->errorText().isEmpty(), qPrintable(k.id + row->key().name));
    }
}
