// The canvas unit's test class, its fixture and the helpers its two files share.
#pragma once

#include "../../uikit/CanvasInput.h"
#include "../../uikit/UiTestSetup.h"
#include "canvas/CanvasStyle.h"
#include "canvas/Clipboard.h"
#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "commands/EditCommands.h"
#include "model/Catalog.h"
#include "model/DiagramModel.h"
#include "project/Fragment.h"

#include <QApplication>
#include <QClipboard>
#include <QMimeData>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#include <memory>

using namespace ml;
using namespace ml::ui;

namespace testkit {

inline Node node(const char* id, const char* kind, double x, double y)
{
    Node n;
    n.id = NodeId(QString::fromLatin1(id));
    n.kind = QString::fromLatin1(kind);
    n.x = x;
    n.y = y;
    return n;
}

inline Edge edge(const char* from, const char* to, const char* kind = "", Json config = Json::object())
{
    Edge e;
    e.from = NodeId(QString::fromLatin1(from));
    e.to = NodeId(QString::fromLatin1(to));
    e.kind = QString::fromLatin1(kind);
    e.config = std::move(config);
    return e;
}

// A value of the key's type that is not its default, so the round trip cannot pass by
// falling back to the Catalog.
inline Json sampleValue(const ConfigKey& key)
{
    switch (key.type) {
    case ValueType::Duration: return "45s";
    case ValueType::Integer: return 7;
    case ValueType::Number: return 2.5;
    case ValueType::Boolean: return !(key.defaultValue.is_boolean() && key.defaultValue.get<bool>());
    case ValueType::String: return toStd(QStringLiteral("text of ") + key.name);
    case ValueType::Enum: return key.enumValues.isEmpty() ? "x" : toStd(key.enumValues.back());
    case ValueType::StringList: return Json::array({key.enumValues.isEmpty() ? "a" : toStd(key.enumValues.back())});
    case ValueType::NodeRef: return "elsewhere";  // outside the fragment, so no rename touches it
    case ValueType::Rate: return "20/s";
    case ValueType::Schedule: return "rate(5 minutes)";
    case ValueType::FilterPolicy: return Json{{"type", {"order"}}};
    case ValueType::FilterCriteria: return Json::array({Json{{"body", {{"type", {"order"}}}}}});
    case ValueType::LogFilter: return "ERROR";
    case ValueType::Latency: return Json{{"dist", "lognormal"}, {"median", "20ms"}, {"p99", "200ms"}};
    case ValueType::Routes: return Json::array({Json{{"method", "GET"}, {"path", "/items"}, {"action", "list"}}});
    case ValueType::Policy:
        return Json::array({Json{{"principal", "alice"}, {"actions", {"list"}}, {"effect", "allow"}}});
    case ValueType::Requests: return Json::array({Json{{"method", "GET"}, {"path", "/"}, {"weight", 2}}});
    case ValueType::Messages: return Json::array({Json{{"body", {{"n", 1}}}, {"weight", 3}}});
    case ValueType::Cors: return Json{{"allowOrigins", {"https://example.com"}}, {"maxAge", "1h"}};
    case ValueType::Json: return Json{{"any", {1, "two", nullptr}}};
    }
    return "unreachable";
}

// The DESIGN.md example, plus a table nobody may reach from a queue.
inline Diagram pipeline()
{
    Diagram d;
    d.name = QStringLiteral("Image pipeline");
    d.addNode(node("api", "api-gateway", 0, 0));
    d.addNode(node("router", "router", 240, 0));
    d.addNode(node("jobs", "queue", 480, 0));
    d.addNode(node("jobs-dlq", "queue", 480, 200));
    d.addNode(node("resize", "worker", 720, 0));
    d.addNode(node("images", "table", 720, 200));
    d.addEdge(edge("api", "router", "invoke"));
    d.addEdge(edge("router", "jobs", "enqueue", Json{{"actions", {"process-image"}}}));
    d.addEdge(edge("jobs", "resize", "event-source", Json{{"batchSize", 1}}));
    d.addEdge(edge("jobs", "jobs-dlq", "dead-letter"));
    return d;
}

}  // namespace testkit

using namespace testkit;

class TestCanvas : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<QUndoStack> undo;
    std::unique_ptr<DiagramModel> model;
    std::unique_ptr<DiagramScene> scene;
    std::unique_ptr<DiagramView> view;

    QWidget* vp() const { return view->viewport(); }
    QPoint at(QPointF scenePos) const { return view->mapFromScene(scenePos); }
    QPoint centreOf(const char* id) const { return test::centreOf(*view, *scene, id); }
    QPoint outputPortOf(const char* id) const { return test::outputPortOf(*view, *scene, id); }
    void dragPort(const char* from, QPoint to) { test::dragPort(*view, *scene, from, to); }
    void dropKind(const QString& kind, QPoint pos) { test::dropKind(*view, kind, pos); }

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void sceneMirrorsModel();
    void setDiagramRebuildsScene();
    void dropCreatesNodeAtDropPosition();
    void dropSnapsToGridAndRefusesUnknownKinds();
    void dragPortToNode_data();
    void dragPortToNode();
    void forbiddenTargetsDimWhileDragging();
    void moveIsOneUndoStep();
    void multiSelectMoveIsOneUndoStep();
    void arrowKeysNudgeSelection();
    void addNodeAtCenterDoesNotStack();
    void renamingTheCurrentNodeTellsTheInspector();
    void moveSnapsToGrid();
    void deleteRestoresExactModelOnUndo();
    void copyPasteGivesNewIdsAndInternalEdges();
    void pasteRemapsReferencesBetweenCopies();
    void cutThenPastePutsNodesBack();
    void duplicateKeepsClipboard();
    void deepClipboardTextIsRefusedNotPasted();
    void copyPasteRoundTripsEveryConfigKeyOfEveryKind();
    void refusedPasteSaysWhy();
    void problemsMarkNodesAndEdges();
    void clickingSelectsAndEmitsCurrentChanged();
    void rubberBandSelects();
    void wheelZoomsAroundCursorWithinLimits();
    void middleButtonAndSpaceDragPan();
    void alignAndDistributeAreOneUndoStepEach();
    void edgeLabels_data();
    void edgeLabels();
    void edgeFollowsConfigChanges();
};
