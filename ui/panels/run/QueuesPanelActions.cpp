// The Queues & DLQ tab's actions: redrive a dead-letter queue, purge, send a message, and view or
// copy the selected message as JSON.
#include "engine/Behaviour.h"
#include "engine/EngineRun.h"
#include "panels/run/QueuesPanel.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QInputDialog>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ml::ui::run {

namespace {

// EngineRun::purge arrives with the command line's `--at purge:Q`; until then the button hides.
template <typename Run>
constexpr bool kRunPurges = requires(Run& r)
{
    r.purge(0);
};

template <typename Run>
bool purgeQueue(Run& run, int queue)
{
    if constexpr (kRunPurges<Run>) {
        run.purge(queue);
        return true;
    } else {
        (void)run;
        (void)queue;
        return false;
    }
}

}  // namespace

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

bool QueuesPanel::canPurge() { return kRunPurges<EngineRun>; }

bool QueuesPanel::purge()
{
    const QString selected = selectedQueue();
    bool ok = false;
    m_feed->withRun([&](EngineRun& run) {
        const int node = run.engine().nodeIndex(selected);
        ok = node >= 0 && purgeQueue(run, node);
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
    bool accepted = false;
    const QString text = QInputDialog::getMultiLineText(this, tr("Send a message to %1").arg(selectedQueue()),
                                                        tr("Message body (JSON):"), QStringLiteral("{}"), &accepted);
    if (!accepted) return;
    QString error;
    if (!send(text, &error)) QMessageBox::warning(this, tr("Send"), error);
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
