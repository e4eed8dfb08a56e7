#include "panels/run/TracePanel.h"

#include "panels/run/RunFormat.h"
#include "panels/run/TimelineView.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QScrollArea>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace ml::ui::run {

namespace {

QString nodeName(const Diagram& d, int i)
{
    return i >= 0 && i < int(d.nodes().size()) ? d.nodes()[size_t(i)].id.value : QStringLiteral("?");
}

}  // namespace

QString TracePanel::describe(const EngineEvent& e, const Diagram& d, int* tone)
{
    *tone = 0;
    const QString peer = nodeName(d, e.peer);
    const QString detail = QString::fromStdString(e.detail);
    switch (e.type) {
    case EventType::Entered: return tr("entered the run");
    case EventType::Sent: return tr("sent to %1").arg(peer);
    case EventType::Received:
        *tone = e.value > 1 ? 2 : 0;
        return e.value > 1 ? tr("received again (receive #%1)").arg(e.value) : tr("received by a consumer");
    case EventType::InvokeStart:
        return e.value > 1 ? tr("invocation starts (batch of %1)").arg(e.value) : tr("invocation starts");
    case EventType::InvokeEnd:
        if (detail == QLatin1String("success") || detail.isEmpty()) {
            *tone = 1;
            return tr("invocation succeeded in %1").arg(formatLatency(e.value));
        }
        *tone = 3;
        return tr("invocation FAILED: %1").arg(detail);
    case EventType::TimedOut: *tone = 3; return tr("timed out after %1").arg(formatLatency(e.value));
    case EventType::Throttled: *tone = 2; return tr("throttled (over its concurrency)");
    case EventType::Retry:
        *tone = 2;
        return detail.isEmpty() ? tr("retry, attempt %1").arg(e.value)
                                : tr("retry, attempt %1: %2").arg(e.value).arg(detail);
    case EventType::VisibilityExpired:
        *tone = 2;
        return tr("not deleted in time: visible again (received %1×)").arg(e.value);
    case EventType::DeadLettered: *tone = 3; return tr("DEAD-LETTERED to %1 after %2 receives").arg(peer).arg(e.value);
    case EventType::Expired: *tone = 3; return tr("expired (retention / event age)");
    case EventType::Delivered: *tone = 1; return tr("delivered");
    case EventType::Forwarded: *tone = 1; return tr("done, its work passed on");
    case EventType::Dropped: *tone = 3; return tr("DROPPED: %1").arg(detail);
    case EventType::Response: *tone = e.value >= 400 ? 3 : 1; return tr("response %1").arg(e.value);
    case EventType::Log: return detail;
    case EventType::Push:
        *tone = e.value == 410 ? 3 : 1;
        return e.value == 410 ? tr("push to %1: 410 gone").arg(detail) : tr("pushed to %1").arg(detail);
    case EventType::Fired: return tr("schedule fired");
    case EventType::Fault: *tone = 2; return tr("fault: %1").arg(detail);
    case EventType::RecursionStopped: *tone = 3; return tr("recursive loop stopped after %1 runs").arg(e.value);
    }
    return QString::fromLatin1(eventTypeName(e.type));
}

TracePanel::TracePanel(RunFeed* feed, QWidget* parent) : QWidget(parent), m_feed(feed)
{
    setObjectName(QStringLiteral("tracePanel"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("traceTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setContentsMargins(6, 2, 6, 2);
    m_view = new TimelineView(this);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(m_view);
    m_scroll->setWidgetResizable(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_previousHop = new QAction(tr("◀ Previous hop"), this);
    m_previousHop->setObjectName(QStringLiteral("previousHop"));
    m_previousHop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F9));
    m_previousHop->setShortcutContext(Qt::WindowShortcut);
    m_previousHop->setToolTip(
        tr("Step the run back to just before this message's latest hop (Shift+F9); "
           "double-click a hop to go back to it"));
    addAction(m_previousHop);
    connect(m_previousHop, &QAction::triggered, this, [this] { rewindToPreviousHop(); });
    auto* back = new QToolButton(this);
    back->setDefaultAction(m_previousHop);
    back->setAutoRaise(true);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 4, 0);
    header->addWidget(m_title, 1);
    header->addWidget(back);
    layout->addLayout(header);
    layout->addWidget(m_scroll, 1);
    connect(m_view, &TimelineView::rowClicked, this, &TracePanel::activateHop);
    connect(m_view, &TimelineView::rowDoubleClicked, this, [this](int row) { rewindToHop(row); });
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](QPoint pos) {
        const int row = m_view->rowAt(pos);
        if (row < 0) return;
        activateHop(row);
        QMenu menu(this);
        menu.addAction(tr("Step back to just before this hop"), this, [this, row] { rewindToHop(row); });
        menu.exec(m_view->mapToGlobal(pos));
    });
    connect(m_feed, &RunFeed::runReset, this, &TracePanel::onReset);
    connect(m_feed, &RunFeed::eventsAppended, this, &TracePanel::onBatch);
    connect(m_feed, &RunFeed::messageSelected, this, &TracePanel::rebuild);
    onReset();
}

void TracePanel::onReset()
{
    m_startEpoch = 0;
    m_feed->withRun([this](EngineRun& run) { m_startEpoch = run.engine().startTime(); });
    rebuild();
}

void TracePanel::onBatch(const EventBatch& batch)
{
    // The feed keeps the newest events (shared, not copied): only the selected trace's hops are
    // taken from a batch.
    const quint64 trace = m_feed->selectedTrace();
    if (!batch || trace == 0) return;
    bool mine = false;
    for (const EngineEvent& e : *batch) {
        if (e.trace != trace || e.type == EventType::Log) continue;
        addHop(e);
        mine = true;
    }
    if (mine) present();
}

void TracePanel::addHop(const EngineEvent& e)
{
    TraceHop hop;
    hop.time = e.time;
    hop.type = e.type;
    hop.node = e.node;
    hop.peer = e.peer;
    hop.message = e.message;
    hop.value = e.value;
    hop.seq = e.seq;
    hop.text = describe(e, m_feed->diagram(), &hop.tone);
    m_hops.push_back(std::move(hop));
}

void TracePanel::rebuild()
{
    const quint64 trace = m_feed->selectedTrace();
    m_hops.clear();
    if (trace != 0)
        for (const EventBatch& batch : m_feed->recent())
            for (const EngineEvent& e : *batch)
                if (e.trace == trace && e.type != EventType::Log) addHop(e);
    present();
}

void TracePanel::present()
{
    const quint64 trace = m_feed->selectedTrace();
    const Diagram& d = m_feed->diagram();
    std::vector<QString> names;
    for (const Node& n : d.nodes()) names.push_back(n.id.value);
    m_view->setHops(m_hops, names, m_startEpoch);
    if (trace == 0) {
        m_title->setText(
            m_feed->hasRun()
                ? tr("Click a message (a token on the canvas, a log line or a queue message) to see its trace.")
                : tr("Press Run, then click a message to follow its trace."));
        return;
    }
    int retries = 0, failures = 0;
    bool dead = false;
    for (const TraceHop& h : m_hops) {
        retries += h.type == EventType::Retry || h.type == EventType::VisibilityExpired;
        failures += h.tone == 3;
        dead = dead || h.type == EventType::DeadLettered;
    }
    // A trace is named after the message that started it (the client's request); the message the
    // user picked (a DLQ message, a log line's) is named too when it is a later one, so a click on
    // m5 does not read as a different message.
    const quint64 picked = m_feed->selectedMessage();
    QString title =
        picked != 0 && picked != trace
            ? tr("<b>Trace of %1</b> (started by %2) — %3 hops")
                  .arg(QString::fromStdString(messageName(picked)), QString::fromStdString(messageName(trace)))
                  .arg(m_hops.size())
            : tr("<b>Trace of %1</b> — %2 hops").arg(QString::fromStdString(messageName(trace))).arg(m_hops.size());
    if (retries) title += tr(", <span style='color:%1'><b>%2 retries</b></span>").arg(warnColour().name()).arg(retries);
    if (failures)
        title += tr(", <span style='color:%1'><b>%2 failures</b></span>").arg(failColour().name()).arg(failures);
    if (dead)
        title += tr(" — <span style='color:%1'><b>ended in the dead-letter queue</b></span>").arg(failColour().name());
    if (m_hops.empty()) title += tr(" (its events are older than the %1 kept)").arg(countText(qint64(kKeptEvents)));
    m_title->setText(title);
}

Status TracePanel::rewindToHop(int row)
{
    if (row < 0 || row >= int(m_hops.size())) return Error::of(tr("no such hop"));
    const Status s = m_feed->rewindBefore(m_hops[size_t(row)].seq);
    if (!s) emit message(tr("Cannot step back: %1").arg(s.error().message));
    return s;
}

Status TracePanel::rewindToPreviousHop()
{
    if (m_hops.empty()) {
        const QString why = m_feed->selectedTrace() == 0
                                ? tr("select a message first (a token, a log line or a queue message)")
                                : tr("this message has no hop in the past");
        emit message(tr("Cannot step back: %1").arg(why));
        return Error::of(why);
    }
    return rewindToHop(int(m_hops.size()) - 1);
}

void TracePanel::activateHop(int row)
{
    if (row < 0 || row >= int(m_hops.size())) return;
    const TraceHop& hop = m_hops[size_t(row)];
    m_view->setCurrentRow(row);
    if (hop.node >= 0 && hop.node < int(m_feed->diagram().nodes().size()))
        m_feed->highlightNode(m_feed->diagram().nodes()[size_t(hop.node)].id.value);
    emit hopActivated(hop.time, hop.node);
}

}  // namespace ml::ui::run
