// The Queues & DLQ tab's actions: redrive (all, or the selected messages), purge, send, and a
// message's JSON (view, copy). Each change goes through RunFeed::withRun, journaled by EngineRun.
#include "engine/Behaviour.h"
#include "panels/run/QueuesPanel.h"
#include "run/InjectDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ml::ui::run {

bool QueuesPanel::redrive(int target)
{
    const QString selected = selectedQueue();
    bool ok = false;
    m_feed->withRun([&](EngineRun& run) {
        const int node = run.engine().nodeIndex(selected);
        ok = node >= 0 && run.redrive(node, target);
    });
    scheduleRefresh();
    return ok;
}

qint64 QueuesPanel::redriveSelected(int target)
{
    const QString selected = selectedQueue();
    const std::vector<quint64> ids = selectedMessageIds();
    qint64 moved = 0;
    if (ids.empty()) return 0;
    m_feed->withRun([&](EngineRun& run) {
        const int node = run.engine().nodeIndex(selected);
        if (node >= 0) moved = std::max<qint64>(0, run.redriveMessages(node, ids, target));
    });
    m_messageList->clearSelection();
    refreshNow();
    return moved;
}

bool QueuesPanel::purge()
{
    const QString selected = selectedQueue();
    bool ok = false;
    m_feed->withRun([&](EngineRun& run) {
        const int node = run.engine().nodeIndex(selected);
        ok = node >= 0 && run.purge(node) >= 0;
    });
    scheduleRefresh();
    return ok;
}

bool QueuesPanel::send(const QString& json, QString* error)
{
    const QString selected = selectedQueue();
    const Json body = Json::parse(json.toStdString(), nullptr, false);
    if (body.is_discarded()) {
        if (error) *error = tr("The body is not valid JSON.");
        return false;
    }
    bool ok = false;
    m_feed->withRun([&](EngineRun& run) {
        auto r = run.inject(selected, body);
        ok = bool(r);
        if (!r && error) *error = r.error().message;
    });
    scheduleRefresh();
    return ok;
}

QString QueuesPanel::messageJson(quint64 id)
{
    Json out;
    const QString selected = selectedQueue();
    m_feed->withRun([&](EngineRun& run) {
        const Engine& engine = run.engine();
        const int node = engine.nodeIndex(selected);
        if (node < 0) return;
        engine.behaviour(node).forEachHeld([&](MessageIndex m) {
            const Message& msg = engine.message(m);
            if (msg.id != id) return;
            out = Json{{"id", messageName(msg.id)},
                       {"trace", messageName(msg.traceId)},
                       {"receiveCount", msg.receiveCount},
                       {"sentAt", msg.sentAt},
                       {"body", engine.body(msg)}};
            if (msg.attributes) out["attributes"] = *msg.attributes;
            if (!msg.groupId.empty()) out["groupId"] = msg.groupId;
            if (msg.deadLetterSource >= 0) out["deadLetterSource"] = engine.nodeId(msg.deadLetterSource);
        });
    });
    return out.is_null() ? QString() : QString::fromStdString(out.dump(2));
}

void QueuesPanel::onSend()
{
    // The toolbar's Send test message form: body, attributes, and group / deduplication id on FIFO.
    const QString selected = selectedQueue();
    const Node* node = nullptr;
    for (const Node& n : m_feed->diagram().nodes())
        if (n.id.value == selected) node = &n;
    if (!node) return;
    InjectDialog dialog(*node, InjectForm::Message, this);
    if (dialog.exec() != QDialog::Accepted) return;
    std::map<std::pair<int, std::string>, std::string> noConnections;
    Result<quint64> sent = Error::of(tr("the run is gone"));
    m_feed->withRun([&](EngineRun& run) { sent = dialog.send(run, noConnections); });
    scheduleRefresh();
    if (!sent) QMessageBox::warning(this, tr("Send"), sent.error().message);
}

void QueuesPanel::onView()
{
    const QString json = messageJson(selectedMessageId());
    if (json.isEmpty()) return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Message JSON"));
    auto* edit = new QPlainTextEdit(json, &dialog);
    edit->setReadOnly(true);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QPushButton* copy = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, &dialog, [json] { QApplication::clipboard()->setText(json); });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(edit);
    layout->addWidget(buttons);
    dialog.resize(520, 420);
    dialog.exec();
}

void QueuesPanel::onCopy()
{
    const QString json = messageJson(selectedMessageId());
    if (!json.isEmpty()) QApplication::clipboard()->setText(json);
}

}  // namespace ml::ui::run
