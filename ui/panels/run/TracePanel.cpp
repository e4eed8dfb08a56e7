#include "panels/run/TracePanel.h"

#include "model/Catalog.h"
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

#include <algorithm>

namespace ml::ui::run {

namespace {

// The card's name, as the canvas shows it (the id when it has none).
QString nodeName(const Diagram& d, int i)
{
    return i >= 0 && i < int(d.nodes().size()) ? d.nodes()[size_t(i)].displayName() : QStringLiteral("?");
}

// A transfer out of a queue is a redrive (dead-letter moves are DeadLettered; an injection
// transfers a message to the node it enters, not away from it).
bool isRedrive(const EngineEvent& e, const Diagram& d)
{
    if (e.type != EventType::Sent || e.detail != "transfer" || e.node < 0 || e.node == e.peer ||
        e.node >= int(d.nodes().size()))
        return false;
    const KindInfo* kind = Catalog::instance().kind(d.nodes()[size_t(e.node)].kind);
    return kind && kind->isQueue;
}

}  // namespace

QString TracePanel::describe(const EngineEvent& e, const Diagram& d, int* tone)
{
    *tone = 0;
    const QString peer = nodeName(d, e.peer);
    const QString detail = QString::fromStdString(e.detail);
    switch (e.type) {
    case EventType::Entered: return tr("entered the run");
    case EventType::Sent:
        if (isRedrive(e, d)) {
            *tone = 2;
            return tr("redriven to %1").arg(peer);
        }
        return tr("sent to %1").arg(peer);
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
    // A trace holds several messages (a request, the event its gateway passes on, a job): the
    // one that ended is named, so a request and its event ending at the same node read apart.
    case EventType::Delivered: *tone = 1; return tr("%1 delivered").arg(QString::fromStdString(messageName(e.message)));
    case EventType::Forwarded:
        *tone = 1;
        return tr("%1 done, its work passed on").arg(QString::fromStdString(messageName(e.message)));
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
    // The lane headers are drawn at the top of the shown part: redrawn as it scrolls.
    connect(m_scroll->verticalScrollBar(), &QScrollBar::valueChanged, m_view, qOverload<>(&QWidget::update));
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
    // The current hop stays the newest one (the message's present) unless the user picked an older one.
    const bool atNewest = m_view->currentRow() < 0 || m_view->currentRow() == int(m_hops.size()) - 1;
    for (const EngineEvent& e : *batch) {
        if (e.trace != trace || e.type == EventType::Log) continue;
        addHop(e);
        mine = true;
    }
    if (!mine) return;
    // A reader at the bottom follows the newest hops; one who scrolled up stays where they are.
    QScrollBar* bar = m_scroll->verticalScrollBar();
    const bool following = m_revealNewest || bar->value() >= bar->maximum();
    present();
    if (atNewest) m_view->setCurrentRow(int(m_hops.size()) - 1);
    if (following) scrollToHop(int(m_hops.size()) - 1);
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
    hop.redrive = isRedrive(e, m_feed->diagram());
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
    // The newest hop is the run's present for this message (after a step back too): shown and in
    // view, also when it arrives in the batches that follow (a step back republishes the past).
    m_revealNewest = true;
    m_view->setCurrentRow(int(m_hops.size()) - 1);
    scrollToHop(int(m_hops.size()) - 1);
}

void TracePanel::scrollToHop(int row)
{
    if (row < 0 || row >= int(m_hops.size())) return;
    // The scroll area sizes the view on its next layout pass: size it now so the row is there.
    m_view->resize(m_view->sizeHint().expandedTo(m_scroll->viewport()->size()));
    // A row's worth of context around it, and for the first row the lane headers above it (they
    // are one row and a gap tall).
    const QRect r = m_view->rowRect(row);
    m_scroll->ensureVisible(m_scroll->horizontalScrollBar()->value(), r.center().y(), 0,
                            r.height() / 2 + r.height() + 8);
}

void TracePanel::present()
{
    const Diagram& d = m_feed->diagram();
    std::vector<QString> names, ids;
    for (const Node& n : d.nodes()) {
        names.push_back(n.displayName());
        ids.push_back(n.id.value);
    }
    m_view->setHops(m_hops, names, ids, m_startEpoch);
    m_title->setText(titleText());
}

QString TracePanel::keptText() const
{
    std::size_t kept = 0;
    Micros from = -1;
    for (const EventBatch& batch : m_feed->recent()) {
        if (from < 0 && !batch->empty()) from = batch->front().time;
        kept += batch->size();
    }
    from = std::max<Micros>(from, 0);
    return tr("the %1 events kept, from %2 on").arg(countText(qint64(kept)), clockText(m_startEpoch + from));
}

QString TracePanel::titleText() const
{
    const quint64 trace = m_feed->selectedTrace();
    if (trace == 0)
        return m_feed->hasRun()
                   ? tr("Click a message (a token on the canvas, a log line or a queue message) to see its trace.")
                   : tr("Press Run, then click a message to follow its trace.");
    // What the counts count: receives are SQS receives of its messages by a consumer (the DLQ's
    // "Receives" for a dead-lettered one), failed invocations the functions' invocations that
    // ended in an error (a time-out included), retries Lambda's own retries of an async event.
    int receives = 0, failedInvocations = 0, retries = 0, otherFailures = 0;
    bool dead = false;
    for (const TraceHop& h : m_hops) {
        receives += h.type == EventType::Received;
        retries += h.type == EventType::Retry;
        const bool failedInvocation = h.type == EventType::InvokeEnd && h.tone == 3;
        failedInvocations += failedInvocation;
        otherFailures +=
            h.tone == 3 && !failedInvocation && h.type != EventType::DeadLettered && h.type != EventType::TimedOut;
        dead = dead || h.type == EventType::DeadLettered;
    }
    // A trace is named after the message that started it (the client's request); the message the
    // user picked (a DLQ message, a log line's) is named too when it is a later one, so a click on
    // m5 does not read as a different message.
    const quint64 picked = m_feed->selectedMessage();
    // English's two forms (no translation file is loaded that would let tr's %n choose).
    const auto counted = [](int n, const QString& one, const QString& many) { return (n == 1 ? one : many).arg(n); };
    const int hops = int(m_hops.size());
    const QString hopsText = counted(hops, tr("%1 hop"), tr("%1 hops"));
    QString title = picked != 0 && picked != trace
                        ? tr("<b>Trace of %1</b> (started by %2) — %3")
                              .arg(QString::fromStdString(messageName(picked)),
                                   QString::fromStdString(messageName(trace)), hopsText)
                        : tr("<b>Trace of %1</b> — %2").arg(QString::fromStdString(messageName(trace)), hopsText);
    QStringList counts;
    if (receives) counts << counted(receives, tr("%1 receive"), tr("%1 receives"));
    const auto coloured = [](const QColor& c, const QString& text) {
        return QStringLiteral("<span style='color:%1'><b>%2</b></span>").arg(c.name(), text);
    };
    if (failedInvocations)
        counts << coloured(failColour(),
                           counted(failedInvocations, tr("%1 failed invocation"), tr("%1 failed invocations")));
    if (retries) counts << coloured(warnColour(), counted(retries, tr("%1 retry"), tr("%1 retries")));
    if (otherFailures)
        counts << coloured(failColour(), counted(otherFailures, tr("%1 other failure"), tr("%1 other failures")));
    if (!counts.isEmpty()) title += QStringLiteral(": ") + counts.join(QStringLiteral(", "));
    if (dead) title += tr(" — %1").arg(coloured(failColour(), tr("ended in the dead-letter queue")));
    // The feed keeps the newest events only: say when the trace shown is not the whole of it.
    // Nothing kept, or the oldest kept from the run's first engine event: the feed holds it all.
    const bool fromStart =
        m_feed->recent().empty() || m_feed->recent().front()->empty() || m_feed->recent().front()->front().seq <= 1;
    if (m_hops.empty() && fromStart)
        title += tr(" (none up to now)");
    else if (m_hops.empty())
        title += tr(" (none of its events is among %1)").arg(keptText());
    else if (m_hops.front().redrive)
        title += tr(" — its hops before the redrive at %1 are older than %2")
                     .arg(clockText(m_startEpoch + m_hops.front().time), keptText());
    else if (m_hops.front().type != EventType::Entered)
        title += tr(" — its earlier hops are older than %1").arg(keptText());
    return title;
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
    m_revealNewest = false;
    scrollToHop(row);
    if (hop.node >= 0 && hop.node < int(m_feed->diagram().nodes().size()))
        m_feed->highlightNode(m_feed->diagram().nodes()[size_t(hop.node)].id.value);
    emit hopActivated(hop.time, hop.node);
}

}  // namespace ml::ui::run
