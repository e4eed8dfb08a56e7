#include "panels/run/QueuesPanel.h"

#include "engine/Behaviour.h"
#include "engine/nodes/Queue.h"
#include "format/Duration.h"
#include "panels/run/BulkTreeUpdate.h"
#include "panels/run/RunFormat.h"
#include "run/InjectDialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ml::ui::run {

namespace {

enum QueueColumn { QName, QVisible, QInFlight, QDelayed, QOldest, QColumns };
enum MessageColumn { MId, MBody, MReceives, MAge, MGroup, MSource, MState, MColumns };

const char* placeName(MessagePlace p)
{
    switch (p) {
    case MessagePlace::Visible: return "visible";
    case MessagePlace::InFlight: return "in flight";
    case MessagePlace::Delayed: return "delayed";
    case MessagePlace::DeadLettered: return "dead-lettered";
    case MessagePlace::Pending: return "pending";
    case MessagePlace::Processing: return "processing";
    case MessagePlace::Transit: return "in transit";
    }
    return "";
}

}  // namespace

QueuesPanel::QueuesPanel(RunFeed* feed, QWidget* parent) : QWidget(parent), m_feed(feed)
{
    setObjectName(QStringLiteral("queuesPanel"));
    m_queueList = new QTreeWidget(this);
    m_queueList->setObjectName(QStringLiteral("queueList"));
    m_queueList->setRootIsDecorated(false);
    m_queueList->setHeaderLabels({tr("Queue"), tr("Visible"), tr("In flight"), tr("Delayed"), tr("Oldest")});
    m_queueList->header()->setStretchLastSection(false);
    for (int c = 0; c < QColumns; ++c) m_queueList->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_queueList->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("⚠ jobs-dlq  DLQ of jobs")) +
                                 fontMetrics().horizontalAdvance(QStringLiteral("Visible In flight Delayed Oldest")) +
                                 80);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("queueTitle"));
    m_title->setTextFormat(Qt::RichText);
    m_title->setWordWrap(true);
    m_messageList = new QTreeWidget(this);
    m_messageList->setObjectName(QStringLiteral("messageList"));
    m_messageList->setRootIsDecorated(false);
    m_messageList->setSelectionMode(QAbstractItemView::ExtendedSelection);  // redrive a chosen few
    m_messageList->setUniformRowHeights(true);
    m_messageList->setHeaderLabels(
        {tr("Message"), tr("Body"), tr("Receives"), tr("Age"), tr("Group"), tr("Failed in"), tr("State")});
    m_messageList->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_messageList->header()->setSectionResizeMode(MBody, QHeaderView::Stretch);
    m_messageList->header()->setStretchLastSection(false);

    m_redriveTarget = new QComboBox(this);
    m_redriveTarget->setToolTip(tr("Where Redrive sends the dead-lettered messages"));
    m_redrive = new QPushButton(tr("Redrive all"), this);
    m_redrive->setObjectName(QStringLiteral("redriveButton"));
    m_redrive->setToolTip(tr("Move every message of this dead-letter queue back to the chosen queue"));
    m_redriveSelected = new QPushButton(tr("Redrive selected"), this);
    m_redriveSelected->setObjectName(QStringLiteral("redriveSelectedButton"));
    m_redriveSelected->setToolTip(
        tr("Move the messages selected in the list (Ctrl/Shift+click to pick several) to the chosen queue now"));
    m_send = new QPushButton(tr("Send message…"), this);
    m_send->setObjectName(QStringLiteral("sendButton"));
    m_purge = new QPushButton(tr("Purge"), this);
    m_purge->setObjectName(QStringLiteral("purgeButton"));
    m_purge->setToolTip(tr("Delete every visible message of this queue (as SQS PurgeQueue)"));
    m_purge->setVisible(canPurge());
    m_view = new QPushButton(tr("View JSON"), this);
    m_copy = new QPushButton(tr("Copy JSON"), this);

    // Queue actions under the queue list, redrive under the messages, View/Copy JSON beside the
    // title: each row fits the tab's width. One row of all six cut "Redrive selected" off on a
    // 1440 px window with the palette and the inspector open.
    auto* actions = new QHBoxLayout;
    actions->setContentsMargins(0, 0, 0, 0);
    actions->addWidget(m_redriveSelected);
    actions->addWidget(m_redrive);
    m_redriveTo = new QLabel(tr("to"), this);  // shown with the redrive buttons only
    m_redriveTo->setObjectName(QStringLiteral("redriveToLabel"));
    actions->addWidget(m_redriveTo);
    actions->addWidget(m_redriveTarget);
    actions->addStretch(1);
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 0, 0);
    header->addWidget(m_title, 1);
    header->addWidget(m_view, 0, Qt::AlignTop);
    header->addWidget(m_copy, 0, Qt::AlignTop);
    // The same actions on the messages themselves.
    m_messageList->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto addMessageAction = [this](const QString& text, QPushButton* button) {
        auto* a = new QAction(text, m_messageList);
        a->setProperty("button", QVariant::fromValue<QObject*>(button));
        connect(a, &QAction::triggered, button, &QPushButton::click);
        m_messageList->addAction(a);
    };
    addMessageAction(tr("Redrive selected"), m_redriveSelected);
    addMessageAction(tr("View JSON"), m_view);
    addMessageAction(tr("Copy JSON"), m_copy);
    auto* queueActions = new QHBoxLayout;
    queueActions->setContentsMargins(4, 0, 4, 2);
    queueActions->addWidget(m_send);
    queueActions->addWidget(m_purge);
    queueActions->addStretch(1);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_queueList, 1);
    leftLayout->addLayout(queueActions);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(4, 2, 4, 2);
    rightLayout->addLayout(header);
    rightLayout->addWidget(m_messageList, 1);
    rightLayout->addLayout(actions);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    split->setSizes({m_queueList->minimumWidth() + 60, 700});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    m_timer.setInterval(kRefreshMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        // Hidden, it still counts (the tab's title shows the DLQ), but at a quarter of the rate.
        if (isVisible() || ++m_hiddenTicks % 4 == 0)
            refreshNow();
        else if (m_dirty)
            m_timer.start();
    });
    connect(m_feed, &RunFeed::runReset, this, &QueuesPanel::scheduleRefresh);
    connect(m_feed, &RunFeed::eventsAppended, this, &QueuesPanel::scheduleRefresh);
    connect(m_feed, &RunFeed::stateChanged, this, &QueuesPanel::scheduleRefresh);
    // A queue highlighted anywhere (a Trace hop, a log line, --select) is the one listed here.
    connect(m_feed, &RunFeed::nodeHighlighted, this, [this](const QString& id) {
        for (int i = 0; i < m_queueList->topLevelItemCount(); ++i)
            if (m_queueList->topLevelItem(i)->data(QName, Qt::UserRole).toString() == id)
                m_queueList->setCurrentItem(m_queueList->topLevelItem(i));
    });
    connect(m_queueList, &QTreeWidget::currentItemChanged, this, [this] {
        m_messages.clear();
        refreshNow();
    });
    connect(m_messageList, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        const quint64 id = item->data(MId, Qt::UserRole).toULongLong();
        const quint64 trace = item->data(MId, Qt::UserRole + 1).toULongLong();
        m_feed->selectMessage(id, trace);
    });
    connect(m_messageList, &QTreeWidget::itemDoubleClicked, this, &QueuesPanel::onView);
    connect(m_redrive, &QPushButton::clicked, this, [this] { redrive(m_redriveTarget->currentData().toInt()); });
    connect(m_redriveSelected, &QPushButton::clicked, this,
            [this] { redriveSelected(m_redriveTarget->currentData().toInt()); });
    connect(m_messageList, &QTreeWidget::itemSelectionChanged, this, &QueuesPanel::updateActions);
    connect(m_send, &QPushButton::clicked, this, &QueuesPanel::onSend);
    connect(m_purge, &QPushButton::clicked, this, [this] {
        if (QMessageBox::question(this, tr("Purge"), tr("Delete every visible message of %1?").arg(selectedQueue())) ==
            QMessageBox::Yes)
            purge();
    });
    connect(m_view, &QPushButton::clicked, this, &QueuesPanel::onView);
    connect(m_copy, &QPushButton::clicked, this, &QueuesPanel::onCopy);
    connect(m_messageList, &QTreeWidget::currentItemChanged, this, &QueuesPanel::updateActions);
    rebuildQueueList();
}

void QueuesPanel::scheduleRefresh()
{
    m_dirty = true;
    if (!m_timer.isActive()) m_timer.start();
}

QString QueuesPanel::selectedQueue() const
{
    const QTreeWidgetItem* item = m_queueList->currentItem();
    return item ? item->data(QName, Qt::UserRole).toString() : QString();
}

bool QueuesPanel::selectQueue(const QString& id)
{
    refreshNow();
    for (int i = 0; i < m_queueList->topLevelItemCount(); ++i)
        if (m_queueList->topLevelItem(i)->data(QName, Qt::UserRole).toString() == id) {
            m_queueList->setCurrentItem(m_queueList->topLevelItem(i));
            refreshNow();
            return true;
        }
    return false;
}

void QueuesPanel::refreshNow()
{
    m_dirty = false;
    const QString selected = selectedQueue();
    std::vector<QueueRow> queues;
    std::vector<MessageRow> messages;
    qint64 total = 0;
    m_feed->withRun([&](EngineRun& run) {
        const Engine& engine = run.engine();
        const Micros now = engine.now();
        for (int i = 0; i < engine.nodeCount(); ++i) {
            const auto* q = dynamic_cast<const Queue*>(&engine.behaviour(i));
            if (!q) continue;
            QueueRow row;
            row.node = i;
            row.id = engine.node(i).id.value;
            row.fifo = q->isFifo();
            row.deadLetter = q->isDeadLetterQueue();
            row.redriveRate = q->redriveRate();
            for (int e : engine.inEdges(i))
                if (engine.edge(e).kind == EdgeKind::DeadLetter) row.source = engine.edge(e).from;
            const bool listMessages = row.id == selected;
            q->forEachHeld([&](MessageIndex m) {
                const Message& msg = engine.message(m);
                switch (msg.place) {
                case MessagePlace::InFlight: ++row.inFlight; break;
                case MessagePlace::Delayed: ++row.delayed; break;
                default: ++row.visible; break;
                }
                row.oldestAge = std::max(row.oldestAge, now - msg.sentAt);
                if (!listMessages) return;
                ++total;
                if (messages.size() >= size_t(kShownMessages)) return;
                MessageRow r;
                r.id = msg.id;
                r.trace = msg.traceId;
                QString body =
                    QString::fromStdString(engine.body(msg).dump(-1, ' ', false, Json::error_handler_t::replace));
                if (body.size() > 120) body = body.left(119) + QChar(0x2026);
                r.preview = body;
                r.receiveCount = msg.receiveCount;
                r.age = now - msg.sentAt;
                r.group = QString::fromStdString(msg.groupId);
                if (msg.deadLetterSource >= 0) r.sourceQueue = engine.node(msg.deadLetterSource).id.value;
                r.state = QString::fromLatin1(placeName(msg.place));
                r.location = msg.location;
                messages.push_back(std::move(r));
            });
            queues.push_back(row);
        }
    });
    const bool queuesChanged = queues.size() != m_queues.size();
    m_queues = std::move(queues);
    m_messages = std::move(messages);
    m_totalMessages = total;
    if (queuesChanged || m_queueList->topLevelItemCount() != int(m_queues.size())) rebuildQueueList();
    updateQueueItems();
    rebuildMessageList();
    qint64 held = 0;
    for (const QueueRow& q : m_queues)
        if (q.deadLetter) held += q.visible + q.inFlight + q.delayed;
    if (held != m_deadLettered) emit deadLetteredChanged(m_deadLettered = held);
}

QString QueuesPanel::listName(const QueueRow& q) const
{
    QString name = q.id;
    if (q.fifo) name += QStringLiteral(" (FIFO)");
    if (!q.deadLetter) return name;
    // The warning sign only when something is in it: an empty DLQ is good news.
    const bool held = q.visible + q.inFlight + q.delayed > 0;
    name = (held ? QStringLiteral("\u26A0 ") : QString()) + name + QStringLiteral("  DLQ");
    if (q.source >= 0 && q.source < int(m_feed->diagram().nodes().size()))
        name += tr(" of %1").arg(m_feed->diagram().nodes()[size_t(q.source)].id.value);
    return name;
}

void QueuesPanel::updateQueueItems()
{
    for (std::size_t i = 0; i < m_queues.size(); ++i) {
        const QueueRow& q = m_queues[i];
        QTreeWidgetItem* item = m_queueList->topLevelItem(int(i));
        const qint64 held = q.visible + q.inFlight + q.delayed;
        item->setText(QName, listName(q));  // a DLQ's warning sign comes and goes with its messages
        item->setText(QVisible, countText(q.visible));
        item->setText(QInFlight, countText(q.inFlight));
        item->setText(QDelayed, countText(q.delayed));
        item->setText(QOldest, q.oldestAge < 0 ? QStringLiteral("–") : ageText(q.oldestAge));
        const QColor alert = q.deadLetter && held > 0 ? failColour() : QColor();
        for (int c = 0; c < QColumns; ++c) {
            item->setForeground(c, alert.isValid() ? QBrush(alert) : QBrush());
            item->setBackground(
                c, alert.isValid() ? QBrush(QColor(alert.red(), alert.green(), alert.blue(), 40)) : QBrush());
        }
        QFont f = item->font(QName);
        f.setBold(q.deadLetter && held > 0);
        for (int c = 0; c < QColumns; ++c) item->setFont(c, f);
    }
}

void QueuesPanel::rebuildQueueList()
{
    const QString selected = selectedQueue();
    const QSignalBlocker block(m_queueList);
    m_queueList->clear();
    QTreeWidgetItem* current = nullptr;
    for (const QueueRow& q : m_queues) {
        auto* item = new QTreeWidgetItem(m_queueList);
        if (q.deadLetter) item->setToolTip(QName, tr("Dead-letter queue: messages that failed too often land here"));
        item->setText(QName, listName(q));
        item->setData(QName, Qt::UserRole, q.id);
        for (int c = QVisible; c < QColumns; ++c) item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
        if (q.id == selected) current = item;
    }
    if (!current && m_queueList->topLevelItemCount() > 0) {
        // Nothing chosen yet: a DLQ with messages first (that is what people look for), else the first.
        for (int i = 0; i < int(m_queues.size()); ++i)
            if (m_queues[size_t(i)].deadLetter) current = m_queueList->topLevelItem(i);
        if (!current) current = m_queueList->topLevelItem(0);
    }
    if (current) m_queueList->setCurrentItem(current);
    // Redrive targets: every queue, the DLQ's source first.
    const QSignalBlocker blockTarget(m_redriveTarget);
    m_redriveTarget->clear();
    m_redriveTarget->addItem(tr("its source queue"), -1);
    for (const QueueRow& q : m_queues)
        if (!q.deadLetter) m_redriveTarget->addItem(q.id, q.node);
}

void QueuesPanel::rebuildMessageList()
{
    const QString selected = selectedQueue();
    const QueueRow* queue = nullptr;
    for (const QueueRow& q : m_queues)
        if (q.id == selected) queue = &q;
    if (!queue) {
        m_title->setText(m_feed->hasRun() ? tr("This diagram has no queues.") : tr("Press Run to see the queues."));
        m_messageList->clear();
        updateActions();
        return;
    }
    QString title;
    if (queue->deadLetter) {
        const QString source = queue->source >= 0 && queue->source < int(m_feed->diagram().nodes().size())
                                   ? m_feed->diagram().nodes()[size_t(queue->source)].id.value
                                   : QString();
        const QString where = source.isEmpty() ? QString() : tr(" in <b>%1</b>").arg(source.toHtmlEscaped());
        title =
            m_totalMessages == 0
                ? tr("<b>Dead-letter queue %1</b> — empty: nothing has failed too often%2 (yet)")
                      .arg(selected.toHtmlEscaped(), where)
                : (m_totalMessages == 1
                       ? tr("<b style='color:%1'>\u26A0 Dead-letter queue %2</b> — %3 message that failed too often%4")
                       : tr("<b style='color:%1'>\u26A0 Dead-letter queue %2</b> — %3 messages that failed too "
                            "often%4"))
                      .arg(failColour().name(), selected.toHtmlEscaped(), countText(m_totalMessages), where);
    } else {
        title = tr("<b>%1</b> — %2 visible, %3 in flight, %4 delayed")
                    .arg(selected.toHtmlEscaped(), countText(queue->visible), countText(queue->inFlight),
                         countText(queue->delayed));
    }
    if (queue->redriveRate > 0 && queue->visible > 0) {
        // A redrive moves at most 500 messages per virtual second (SEMANTICS.md): a paused run
        // moves none, and a big DLQ drains over seconds of virtual time. Say so, or Redrive all
        // looks as if it did nothing.
        title += QStringLiteral("<br>") +
                 tr("<b>Redriving:</b> %1 left at %2 msg/s of virtual time, about %3 to go%4")
                     .arg(countText(queue->visible), QString::number(qRound(queue->redriveRate)),
                          duration::formatForPeople(
                              Micros(double(queue->visible) / queue->redriveRate * double(kMicrosPerSecond))),
                          m_feed->running() ? QString() : tr(" — it moves on while the run runs (press Run)"));
    }
    if (m_totalMessages > qint64(m_messages.size()))
        title += tr(" (first %1 listed)").arg(countText(qint64(m_messages.size())));
    m_title->setText(title);

    const quint64 current = selectedMessageId();
    // Rows are reused by position while messages come and go: the selection follows the ids.
    const std::vector<quint64> chosenIds = selectedMessageIds();
    const QSet<quint64> chosen(chosenIds.begin(), chosenIds.end());
    const QSignalBlocker block(m_messageList);
    {
        const BulkTreeUpdate bulk(m_messageList);
        while (m_messageList->topLevelItemCount() > int(m_messages.size()))
            delete m_messageList->topLevelItem(m_messageList->topLevelItemCount() - 1);
        while (m_messageList->topLevelItemCount() < int(m_messages.size())) new QTreeWidgetItem(m_messageList);
        for (std::size_t i = 0; i < m_messages.size(); ++i) {
            const MessageRow& r = m_messages[i];
            QTreeWidgetItem* item = m_messageList->topLevelItem(int(i));
            item->setText(MId, QString::fromStdString(messageName(r.id)));
            item->setData(MId, Qt::UserRole, r.id);
            item->setData(MId, Qt::UserRole + 1, r.trace);
            item->setText(MBody, r.preview);
            item->setText(MReceives, QString::number(r.receiveCount));
            item->setTextAlignment(MReceives, Qt::AlignRight | Qt::AlignVCenter);
            item->setText(MAge, ageText(r.age));
            item->setText(MGroup, r.group);
            item->setText(MSource, r.sourceQueue);
            item->setText(MState, r.state);
            item->setForeground(MReceives, r.receiveCount > 1 ? QBrush(warnColour()) : QBrush());
            if (r.id == current) m_messageList->setCurrentItem(item, 0, QItemSelectionModel::NoUpdate);
            item->setSelected(chosen.contains(r.id));
        }
    }
    updateActions();
}

quint64 QueuesPanel::selectedMessageId() const
{
    const QTreeWidgetItem* item = m_messageList->currentItem();
    return item ? item->data(MId, Qt::UserRole).toULongLong() : 0;
}

void QueuesPanel::updateActions()
{
    const QString selected = selectedQueue();
    bool dlq = false;
    for (const QueueRow& q : m_queues)
        if (q.id == selected) dlq = q.deadLetter;
    m_redrive->setVisible(dlq);
    m_redriveTarget->setVisible(dlq);
    m_redriveTo->setVisible(dlq);
    m_redrive->setEnabled(dlq && m_totalMessages > 0 && m_feed->hasRun());
    m_redriveSelected->setVisible(dlq);
    m_redriveSelected->setEnabled(dlq && m_feed->hasRun() && !m_messageList->selectedItems().isEmpty());
    m_send->setEnabled(!selected.isEmpty() && m_feed->hasRun());
    m_purge->setEnabled(canPurge() && m_totalMessages > 0 && m_feed->hasRun());
    const bool message = selectedMessageId() != 0;
    m_view->setEnabled(message);
    m_copy->setEnabled(message);
    for (QAction* a : m_messageList->actions()) {
        const auto* button = qobject_cast<QPushButton*>(a->property("button").value<QObject*>());
        a->setVisible(button->isVisibleTo(this));
        a->setEnabled(button->isEnabled());
    }
}

std::vector<quint64> QueuesPanel::selectedMessageIds() const
{
    std::vector<quint64> ids;
    for (const QTreeWidgetItem* item : m_messageList->selectedItems())
        ids.push_back(item->data(MId, Qt::UserRole).toULongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void QueuesPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refreshNow();
}

}  // namespace ml::ui::run
