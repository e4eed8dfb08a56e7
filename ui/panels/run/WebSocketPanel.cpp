#include "panels/run/WebSocketPanel.h"

#include "engine/Behaviour.h"
#include "engine/nodes/WebSocketApi.h"
#include "panels/run/BulkTreeUpdate.h"
#include "panels/run/RunFormat.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <unordered_map>

namespace ml::ui::run {

namespace {

enum ConnColumn { CId, CApi, CUser, CSince, CKind, CState, CFrames, CPushes, CColumns };
enum PushColumn { PTime, PConnection, PResult, PPayload, PColumns };

const char* stateName(WebSocketConnection::State s)
{
    switch (s) {
    case WebSocketConnection::State::Connecting: return "connecting";
    case WebSocketConnection::State::Open: return "open";
    case WebSocketConnection::State::Closed: return "closed";
    case WebSocketConnection::State::Refused: return "refused";
    }
    return "";
}

}  // namespace

WebSocketPanel::WebSocketPanel(RunFeed* feed, QWidget* parent) : QWidget(parent), m_feed(feed)
{
    setObjectName(QStringLiteral("webSocketPanel"));
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_title->setContentsMargins(6, 2, 6, 2);
    m_connections = new QTreeWidget(this);
    m_connections->setObjectName(QStringLiteral("connectionList"));
    m_connections->setRootIsDecorated(false);
    m_connections->setHeaderLabels({tr("Connection"), tr("API"), tr("User"), tr("Connected since"), tr("Kind"),
                                    tr("State"), tr("Frames in"), tr("Pushes")});
    m_connections->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_pushes = new QTreeWidget(this);
    m_pushes->setObjectName(QStringLiteral("pushList"));
    m_pushes->setRootIsDecorated(false);
    m_pushes->setUniformRowHeights(true);
    m_pushes->setHeaderLabels({tr("Time"), tr("Connection"), tr("Result"), tr("Payload")});
    m_pushes->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_pushes->header()->setStretchLastSection(true);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_connections);
    split->addWidget(m_pushes);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_title);
    layout->addWidget(split, 1);

    m_timer.setInterval(kRefreshMs);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (isVisible()) refreshNow();
    });
    connect(m_feed, &RunFeed::runReset, this, [this] {
        m_pushRows.clear();
        m_startEpoch = 0;
        m_feed->withRun([this](EngineRun& run) { m_startEpoch = run.engine().startTime(); });
        scheduleRefresh();
    });
    connect(m_feed, &RunFeed::eventsAppended, this, [this](const EventBatch& batch) {
        if (!batch) return;
        for (const EngineEvent& e : *batch) {
            if (e.type != EventType::Push) continue;
            m_pushRows.push_back({e.time, e.node, QString::fromStdString(e.detail), e.message, e.trace, int(e.value)});
        }
        while (m_pushRows.size() > kKeptPushes) m_pushRows.pop_front();
        scheduleRefresh();
    });
    connect(m_feed, &RunFeed::stateChanged, this, &WebSocketPanel::scheduleRefresh);
    connect(m_connections, &QTreeWidget::currentItemChanged, this, &WebSocketPanel::refreshNow);
    connect(m_pushes, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        m_feed->selectMessage(item->data(PTime, Qt::UserRole).toULongLong(),
                              item->data(PTime, Qt::UserRole + 1).toULongLong());
    });
    refreshNow();
}

void WebSocketPanel::scheduleRefresh()
{
    if (!m_timer.isActive()) m_timer.start();
}

void WebSocketPanel::refreshNow()
{
    const QString selected = m_connections->currentItem() ? m_connections->currentItem()->text(CId) : QString();
    struct Conn {
        QStringList cells;
        bool open = false;
    };
    std::vector<Conn> conns;
    std::unordered_map<quint64, QString> payloads;  // delivered push message id → payload
    qint64 open = 0, gone = 0, pushed = 0, apis = 0;
    m_feed->withRun([&](EngineRun& run) {
        const Engine& engine = run.engine();
        for (int i = 0; i < engine.nodeCount(); ++i) {
            const auto* api = dynamic_cast<const WebSocketApi*>(&engine.behaviour(i));
            if (!api) continue;
            ++apis;
            gone += qint64(api->goneCount());
            for (const WebSocketConnection& c : api->connections()) {
                const QString kind = c.source == WebSocketApi::kLiveSource ? tr("real")
                                     : c.source >= 0 ? tr("simulated (%1)").arg(engine.node(c.source).id.value)
                                                     : tr("injected");
                conns.push_back(
                    {{QString::fromStdString(c.id), engine.node(i).id.value,
                      QString::fromStdString(engine.userName(c.user)),
                      c.openedAt < 0 ? QStringLiteral("–") : clockText(engine.startTime() + c.openedAt), kind,
                      QString::fromLatin1(stateName(c.state)) +
                          (c.closeReason.empty() ? QString()
                                                 : QStringLiteral(" (%1)").arg(QString::fromStdString(c.closeReason))),
                      QString::number(c.frames), QString::number(c.pushed)},
                     c.open()});
                open += c.open();
                pushed += qint64(c.pushed);
                for (const WebSocketPush& p : c.pushes) {
                    QString body =
                        QString::fromStdString(api->pushBody(p).dump(-1, ' ', false, Json::error_handler_t::replace));
                    if (body.size() > 160) body = body.left(159) + QChar(0x2026);
                    payloads.emplace(p.message, std::move(body));
                }
            }
        }
    });
    if (apis == 0) {
        m_title->setText(m_feed->hasRun() ? tr("This diagram has no websocket API.")
                                          : tr("Press Run to see websocket connections and pushes."));
    } else {
        m_title->setText(
            tr("<b>%1 open</b> of %2 connections · <span style='color:%3'><b>%4 pushes delivered</b></span>"
               " · <span style='color:%5'><b>%6 gone (410)</b></span>")
                .arg(countText(open), countText(qint64(conns.size())), okColour().name(), countText(pushed),
                     gone ? failColour().name() : palette().color(QPalette::Text).name(), countText(gone)));
    }

    {
        const QSignalBlocker block(m_connections);
        const BulkTreeUpdate bulk(m_connections);
        m_connections->clear();
        for (const Conn& c : conns) {
            auto* item = new QTreeWidgetItem(m_connections, c.cells);
            if (!c.open)
                for (int col = 0; col < CColumns; ++col)
                    item->setForeground(col, palette().color(QPalette::PlaceholderText));
            if (c.cells[CId] == selected) m_connections->setCurrentItem(item);
        }
    }

    const BulkTreeUpdate bulk(m_pushes);
    m_pushes->clear();
    int shown = 0;
    for (auto it = m_pushRows.rbegin(); it != m_pushRows.rend() && shown < kShownPushes; ++it) {
        if (!selected.isEmpty() && it->connection != selected) continue;
        auto* item = new QTreeWidgetItem(m_pushes);
        item->setText(PTime, clockText(m_startEpoch + it->time));
        item->setData(PTime, Qt::UserRole, it->message);
        item->setData(PTime, Qt::UserRole + 1, it->trace);
        item->setText(PConnection, it->connection);
        const bool delivered = it->status < 400;
        item->setText(PResult, delivered ? tr("delivered") : tr("%1 gone").arg(it->status));
        item->setForeground(PResult, delivered ? okColour() : failColour());
        const auto p = payloads.find(it->message);
        item->setText(PPayload, p != payloads.end()
                                    ? p->second
                                    : QStringLiteral("%1").arg(QString::fromStdString(messageName(it->message))));
        ++shown;
    }
}

void WebSocketPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    refreshNow();
}

}  // namespace ml::ui::run
