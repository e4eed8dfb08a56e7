#include "run/RunCanvas.h"

#include "canvas/DiagramScene.h"
#include "canvas/DiagramView.h"
#include "canvas/EdgeItem.h"
#include "canvas/NodeItem.h"
#include "canvas/PortItem.h"
#include "canvas/RunOverlay.h"
#include "engine/nodes/Function.h"
#include "engine/nodes/Queue.h"
#include "format/Duration.h"
#include "model/Catalog.h"
#include "run/FaultBox.h"
#include "run/RunController.h"

#include <QContextMenuEvent>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>

namespace ml::ui {

namespace {

QString faultText(const Fault& f)
{
    QStringList parts;
    if (f.down) parts << QObject::tr("down");
    if (f.errorRate) parts << QObject::tr("errors %1%").arg(qRound(*f.errorRate * 100));
    if (f.addedLatency > 0) parts << QStringLiteral("+") + duration::formatForPeople(f.addedLatency);
    if (f.throttle) parts << QObject::tr("max %1").arg(*f.throttle);
    if (f.pauseConsumers) parts << QObject::tr("paused");
    return parts.join(QStringLiteral(", "));
}

}  // namespace

RunCanvas::RunCanvas(DiagramScene* scene, DiagramView* view, RunController* controller, QObject* parent)
    : QObject(parent), m_scene(scene), m_view(view), m_controller(controller), m_overlay(new RunOverlay)
{
    // A child of the view, not of its viewport: QWidget::scroll moves a viewport's children with
    // the scene, and the view scrolls as soon as a run opens the bottom tabs (the banner was
    // pushed above the top edge and never seen).
    // It says the run's state and its "Reset to edit" is a link that does it (it looked like a
    // button and did nothing).
    m_banner = new QLabel(view);
    m_banner->setObjectName(QStringLiteral("runBanner"));
    m_banner->setAlignment(Qt::AlignCenter);
    m_banner->setTextFormat(Qt::RichText);
    m_banner->setTextInteractionFlags(Qt::LinksAccessibleByMouse);
    m_banner->setToolTip(tr("The diagram is read-only while a run exists; Reset ends the run"));
    connect(m_banner, &QLabel::linkActivated, this, [this] { emit resetRequested(); });
    m_banner->setStyleSheet(
        QStringLiteral("QLabel { background: #d97706; color: white; font-weight: bold; "
                       "font-size: 13px; padding: 4px 14px; border-radius: 4px; }"));
    m_banner->hide();
    view->viewport()->installEventFilter(this);
    view->installEventFilter(this);
    // A Space that reaches the window itself (nothing focused took it) is Run/Pause too.
    if (view->window() != view) view->window()->installEventFilter(this);
    m_wall.start();

    RunFeed* feed = controller->feed();
    connect(controller, &RunController::runStarted, this, &RunCanvas::onRunStarted);
    connect(controller, &RunController::runEnded, this, &RunCanvas::onRunEnded);
    connect(controller, &RunController::framePublished, this, &RunCanvas::onFrame);
    connect(controller, &RunController::stateChanged, this, &RunCanvas::updateBanner);
    connect(feed, &RunFeed::runReset, this, [this] {
        // Views rebuild after a step back: the re-published history is not animated again.
        m_overlay->clear();
        m_skipEvents = true;
    });
    connect(feed, &RunFeed::eventsAppended, this, [this](const EventBatch& batch) {
        if (!m_skipEvents && m_overlay->scene()) m_overlay->addEvents(*batch, m_wall.elapsed());
    });
    connect(feed, &RunFeed::messageSelected, this, [this](quint64, quint64 trace) {
        m_overlay->setSelectedTrace(trace);
        m_overlay->update();
    });
}

RunCanvas::~RunCanvas()
{
    if (m_overlay->scene()) m_overlay->scene()->removeItem(m_overlay);
    delete m_overlay;
}

void RunCanvas::onRunStarted()
{
    if (!m_overlay->scene()) m_scene->addItem(m_overlay);
    buildGeometry();
    m_sparkTotals.clear();
    m_spark.clear();
    m_lastSpark = -1;
    setLocked(true);
    // The dot grid does not move while running: cache it, so a frame repaints tokens, not dots.
    m_view->setCacheMode(QGraphicsView::CacheBackground);
    refreshBadges();
    m_overlay->update();
}

void RunCanvas::onRunEnded()
{
    m_overlay->clear();
    if (m_overlay->scene()) m_scene->removeItem(m_overlay);
    m_view->setCacheMode(QGraphicsView::CacheNone);
    setLocked(false);
}

void RunCanvas::buildGeometry()
{
    const EngineRun* run = m_controller->run();
    if (!run) return;
    const Engine& engine = run->engine();
    std::vector<QPolygonF> paths(engine.edges().size());
    std::vector<QRectF> labels;
    for (const EngineEdge& e : engine.edges()) {
        const EdgeItem* item = m_scene->edgeItem(e.id);
        if (!item || !item->source() || !item->target()) continue;
        // The edge as drawn: a dead-letter edge leaves from its card's bottom, and an edge bends
        // around the cards in its way. Resampled evenly, so a token's speed is the same anywhere.
        const QPolygonF route = item->mapToScene(item->route());
        QPainterPath curve;
        if (!route.isEmpty()) curve.addPolygon(route);
        QPolygonF poly;
        constexpr int kSamples = 48;
        for (int k = 0; k <= kSamples; ++k) poly << curve.pointAtPercent(double(k) / kSamples);
        paths[size_t(e.index)] = poly;
        if (item->label() && !item->label()->text().isEmpty()) labels.push_back(item->label()->sceneBoundingRect());
    }
    // The diagram's extent, not the scene's: the overlay is in the scene already, and counting its
    // own rectangle grew it by the margin on every rebuild (each step back).
    QRectF diagram;
    for (const QGraphicsItem* item : m_scene->items())
        if (item != m_overlay) diagram |= item->sceneBoundingRect();
    const QRectF bounds = diagram.adjusted(-200, -200, 200, 200);
    m_overlay->setGeometry(std::move(paths), std::move(labels), bounds);
}

void RunCanvas::refreshBadges()
{
    EngineRun* run = m_controller->run();
    if (!run) return;
    const Engine& engine = run->engine();
    const int n = engine.nodeCount();
    // The sparkline samples virtual time (every kSparkStep), so it reads the same at any speed and
    // in a screenshot: 24 samples are the last two minutes. A frame that jumped several steps
    // spreads what happened evenly over them.
    const Micros now = engine.now();
    if (m_lastSpark < 0 || now < m_lastSpark) m_lastSpark = now;
    const Micros stepsAll = (now - m_lastSpark) / kSparkStep;
    const int steps = int(std::min<Micros>(stepsAll, NodeBadges::kSpark));
    m_lastSpark += stepsAll * kSparkStep;
    m_sparkTotals.resize(size_t(n), 0);
    m_spark.resize(size_t(n));
    std::vector<NodeBadges> badges(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        NodeBadges& b = badges[size_t(i)];
        const Node& node = engine.node(i);
        if (const NodeItem* item = m_scene->nodeItem(node.id)) b.card = item->sceneCardRect();
        const Behaviour& behaviour = engine.behaviour(i);
        if (const auto* q = dynamic_cast<const Queue*>(&behaviour)) {
            b.isQueue = true;
            b.isDeadLetterQueue = q->isDeadLetterQueue();
            b.visible = int(q->visibleCount());
            b.inFlight = int(q->inFlightCount());
            b.delayed = int(q->delayedCount());
        }
        if (const auto* f = dynamic_cast<const Function*>(&behaviour)) {
            b.isFunction = true;
            b.running = f->active();
            b.concurrency = f->concurrencyLimit().value_or(0);
        }
        const NodeStats& s = behaviour.stats();
        b.errors = s.failed + s.timedOut;
        b.throttles = s.throttled;
        b.fault = faultText(engine.fault(i));
        b.breakpoint = m_controller->breaksOnNode(i);
        if (const KindInfo* k = Catalog::instance().kind(node.kind)) b.injectable = k->inject != InjectForm::None;
        const quint64 total = s.received + s.invoked + s.published + s.deadLettered;
        std::vector<float>& spark = m_spark[size_t(i)];
        if (steps > 0) {
            const float each = float(total - std::min(total, m_sparkTotals[size_t(i)])) / float(stepsAll);
            for (int k = 0; k < steps; ++k) spark.push_back(each);
            if (spark.size() > size_t(NodeBadges::kSpark)) spark.erase(spark.begin(), spark.end() - NodeBadges::kSpark);
            m_sparkTotals[size_t(i)] = total;
        }
        const std::size_t offset = size_t(NodeBadges::kSpark) - spark.size();
        for (std::size_t k = 0; k < spark.size(); ++k) b.spark[offset + k] = spark[k];
    }
    m_overlay->setBadges(std::move(badges));
}

void RunCanvas::onFrame()
{
    m_skipEvents = false;
    if (!m_controller->run() || !m_overlay->scene()) return;
    // The badges read queues and stats: with the engine stopped between two events.
    m_controller->read([this](EngineRun&) { refreshBadges(); });
    m_overlay->setSelectedTrace(m_controller->feed()->selectedTrace());
    m_overlay->advance(m_wall.elapsed(), m_controller->now(), !m_controller->isRunning());
}

void RunCanvas::setLocked(bool on)
{
    // The diagram's read-only flag is the scene's (MainWindow::setEditingLocked); this is the
    // overlay's side: the banner, clicks on tokens and the run's node menu.
    m_locked = on;
    m_banner->setVisible(on);
    updateBanner();
}

void RunCanvas::updateBanner()
{
    const QString state = m_controller->state() == RunController::State::Running ? tr("Running") : tr("Paused");
    const QString text = tr("%1 — <a href=\"reset\" style=\"color: white;\">Reset to edit</a>").arg(state);
    if (m_banner->text() == text) return;
    m_banner->setText(text);
    placeBanner();
}

void RunCanvas::placeBanner()
{
    m_banner->adjustSize();
    const QRect r = m_view->viewport()->geometry();
    m_banner->move(r.center().x() - m_banner->width() / 2, r.top() + 8);
    m_banner->raise();
}

int RunCanvas::nodeAt(QPointF scenePos) const
{
    const EngineRun* run = m_controller->run();
    if (!run) return -1;
    for (QGraphicsItem* item : m_scene->items(scenePos)) {
        QGraphicsItem* top = item->type() == PortItem::Type ? item->parentItem() : item;
        if (top && top->type() == NodeItem::Type)
            return run->engine().nodeIndex(static_cast<NodeItem*>(top)->id().value);
    }
    return -1;
}

QRectF RunCanvas::injectButtonRect(int node) const
{
    const EngineRun* run = m_controller->run();
    if (!run || node < 0 || node >= run->engine().nodeCount()) return {};
    const Node& n = run->engine().node(node);
    const KindInfo* k = Catalog::instance().kind(n.kind);
    const NodeItem* item = m_scene->nodeItem(n.id);
    if (!k || k->inject == InjectForm::None || !item) return {};
    return RunOverlay::injectButton(item->sceneCardRect());
}

bool RunCanvas::spaceFilter(QObject* watched, QEvent* event)
{
    // The toolbar's Space shortcut would take every Space from the canvas and so its pan (Space +
    // drag). The canvas keeps Space; a tap (no click in between) is Run/Pause, a drag pans.
    const auto* key = dynamic_cast<const QKeyEvent*>(event);
    const bool space = key && key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier;
    if (watched == m_view && space && event->type() == QEvent::ShortcutOverride) {
        event->accept();
        return true;
    }
    if (watched == m_view && space && !key->isAutoRepeat() && event->type() == QEvent::KeyPress) m_spaceTap = true;
    if (watched == m_view && space && !key->isAutoRepeat() && event->type() == QEvent::KeyRelease && m_spaceTap) {
        m_spaceTap = false;
        emit runPauseRequested();
    }
    if (watched == m_view->viewport() && event->type() == QEvent::MouseButtonPress) m_spaceTap = false;
    if (watched == m_view->window() && watched != m_view && space && !key->isAutoRepeat()) {
        if (event->type() == QEvent::KeyPress) m_spaceTap = true;
        if (event->type() == QEvent::KeyRelease && m_spaceTap) {
            m_spaceTap = false;
            emit runPauseRequested();
            return true;
        }
    }
    return false;
}

bool RunCanvas::eventFilter(QObject* watched, QEvent* event)
{
    if (spaceFilter(watched, event)) return true;
    if (!m_locked) return QObject::eventFilter(watched, event);
    if (watched == m_view->viewport()) {
        switch (event->type()) {
        case QEvent::Resize: placeBanner(); break;
        case QEvent::DragEnter:
        case QEvent::DragMove:
        case QEvent::Drop: event->ignore(); return true;  // no new nodes while running
        case QEvent::MouseButtonDblClick:
        case QEvent::MouseButtonPress: {
            auto* e = static_cast<QMouseEvent*>(event);
            if (e->button() != Qt::LeftButton) break;
            const QPointF p = m_view->mapToScene(e->position().toPoint());
            for (int i = 0; m_controller->run() && i < m_controller->run()->engine().nodeCount(); ++i)
                if (injectButtonRect(i).contains(p)) {
                    emit injectRequested(i);
                    return true;
                }
            if (const auto [message, trace] = m_overlay->tokenAt(p); message) {
                m_controller->feed()->selectMessage(message, trace);
                return true;
            }
            // No new connections while running.
            for (QGraphicsItem* item : m_scene->items(p))
                if (item->type() == PortItem::Type) return true;
            break;
        }
        case QEvent::ContextMenu: {
            auto* e = static_cast<QContextMenuEvent*>(event);
            const int node = nodeAt(m_view->mapToScene(e->pos()));
            if (node < 0) break;
            QMenu* menu = nodeMenu(node, m_view);
            menu->exec(e->globalPos());
            delete menu;
            return true;
        }
        default: break;
        }
    }
    // Edit keys (Delete, Ctrl+D, arrows, …) reach the view: read-only, it refuses them and says why.
    return QObject::eventFilter(watched, event);
}

QMenu* RunCanvas::nodeMenu(int node, QWidget* parent)
{
    auto* menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("runNodeMenu"));
    EngineRun* run = m_controller->run();
    if (!run) return menu;
    const Node& n = run->engine().node(node);
    const KindInfo* kind = Catalog::instance().kind(n.kind);
    if (kind && kind->inject != InjectForm::None) {
        QAction* a = menu->addAction(tr("Send test message…"), this, [this, node] { emit injectRequested(node); });
        a->setObjectName(QStringLiteral("injectHere"));
        menu->addSeparator();
    }
    const Fault current = m_controller->fault(node);
    auto addFault = [&](const QString& name, const QString& text, bool checked, auto change) {
        QAction* a = menu->addAction(text);
        a->setObjectName(name);
        a->setCheckable(true);
        a->setChecked(checked);
        connect(a, &QAction::triggered, this, [this, node, change](bool on) {
            Fault f = m_controller->fault(node);
            change(f, on);
            m_controller->setFault(node, f);
            onFrame();
        });
    };
    const bool isFunction = kind && kind->isFunction;
    const bool consumed = FaultBox::hasConsumers(run->engine(), node);
    // Only faults this kind can have; a node with none (an API, a table) offers no Fault section.
    if (isFunction || consumed || current != Fault{}) menu->addSection(tr("Fault"));
    if (isFunction) {
        addFault(QStringLiteral("faultDown"), tr("Down (every invocation fails)"), current.down,
                 [](Fault& f, bool on) { f.down = on; });
        // A checked entry names the rate in force (set through "Error rate…" it may be 100%).
        const QString errorsText =
            current.errorRate ? tr("Error rate %1%").arg(*current.errorRate * 100, 0, 'g', 3) : tr("Error rate 50%");
        addFault(QStringLiteral("faultErrors"), errorsText, current.errorRate.has_value(),
                 [](Fault& f, bool on) { f.errorRate = on ? std::optional<double>(0.5) : std::nullopt; });
        QAction* rate = menu->addAction(tr("Error rate…"));
        rate->setObjectName(QStringLiteral("faultErrorRate"));
        connect(rate, &QAction::triggered, this, [this, node, parent] {
            bool ok = false;
            const double pct =
                QInputDialog::getDouble(parent, tr("Error rate"), tr("Invocations that fail (%):"),
                                        m_controller->fault(node).errorRate.value_or(0.5) * 100, 0, 100, 0, &ok);
            if (!ok) return;
            Fault f = m_controller->fault(node);
            f.errorRate = pct / 100.0;
            m_controller->setFault(node, f);
        });
        addFault(QStringLiteral("faultLatency"), tr("Added latency 2 s"), current.addedLatency > 0,
                 [](Fault& f, bool on) { f.addedLatency = on ? 2 * kMicrosPerSecond : 0; });
        addFault(QStringLiteral("faultThrottle"), tr("Throttle (concurrency 1)"), current.throttle.has_value(),
                 [](Fault& f, bool on) { f.throttle = on ? std::optional<int>(1) : std::nullopt; });
    }
    if (consumed)
        addFault(QStringLiteral("faultPause"), tr("Pause consumers"), current.pauseConsumers,
                 [](Fault& f, bool on) { f.pauseConsumers = on; });
    QAction* clear = menu->addAction(tr("Clear fault"), this, [this, node] {
        m_controller->setFault(node, Fault{});
        onFrame();
    });
    clear->setObjectName(QStringLiteral("faultClear"));
    clear->setEnabled(current != Fault{});
    clear->setVisible(isFunction || consumed || current != Fault{});

    menu->addSection(tr("Breakpoints"));
    QAction* here = menu->addAction(tr("Break when a message reaches %1").arg(n.id.value));
    here->setObjectName(QStringLiteral("breakHere"));
    here->setCheckable(true);
    here->setChecked(m_controller->breaksOnNode(node));
    connect(here, &QAction::triggered, this, [this, node](bool on) { m_controller->setBreakOnNode(node, on); });
    QAction* dlq = menu->addAction(tr("Break when anything is dead-lettered"));
    dlq->setObjectName(QStringLiteral("breakDeadLetter"));
    dlq->setCheckable(true);
    dlq->setChecked(m_controller->breaksOnDeadLetter());
    connect(dlq, &QAction::triggered, this, [this](bool on) { m_controller->setBreakOnDeadLetter(on); });
    QAction* fails = menu->addAction(tr("Break when a function fails"));
    fails->setObjectName(QStringLiteral("breakFailure"));
    fails->setCheckable(true);
    fails->setChecked(m_controller->breaksOnFunctionFailure());
    connect(fails, &QAction::triggered, this, [this](bool on) { m_controller->setBreakOnFunctionFailure(on); });
    return menu;
}

}  // namespace ml::ui
