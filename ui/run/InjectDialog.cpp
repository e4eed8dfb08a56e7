#include "run/InjectDialog.h"

#include "Theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ml::ui {

InjectDialog::InjectDialog(const Node& node, InjectForm form, QWidget* parent)
    : QDialog(parent), m_node(node), m_form(form)
{
    setObjectName(QStringLiteral("injectDialog"));
    setWindowTitle(tr("Send test message to %1").arg(node.displayName()));
    auto* layout = new QVBoxLayout(this);
    auto* form_ = new QFormLayout;
    layout->addLayout(form_);

    const Json config = Catalog::instance().effectiveConfig(node.kind, node.config);
    if (form == InjectForm::HttpRequest) {
        m_route = new QComboBox(this);
        m_route->setObjectName(QStringLiteral("injectRoute"));
        const Json routes = config.value("routes", Json::array());
        for (const Json& r : routes)
            if (r.is_object())
                m_route->addItem(QString::fromStdString(r.value("method", std::string("ANY")) + " " +
                                                        r.value("path", std::string("/"))),
                                 QString::fromStdString(r.dump()));
        m_route->addItem(tr("(custom)"));
        form_->addRow(tr("Route"), m_route);
        m_method = new QComboBox(this);
        m_method->setObjectName(QStringLiteral("injectMethod"));
        m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                            QStringLiteral("PATCH"), QStringLiteral("DELETE")});
        form_->addRow(tr("Method"), m_method);
        m_path = new QLineEdit(QStringLiteral("/"), this);
        m_path->setObjectName(QStringLiteral("injectPath"));
        m_path->setToolTip(tr("Fill the path's {parameters}, e.g. /items/42"));
        form_->addRow(tr("Path"), m_path);
        connect(m_route, &QComboBox::currentIndexChanged, this, &InjectDialog::onRouteChosen);
    }
    if (form == InjectForm::Object) {
        m_key = new QLineEdit(QStringLiteral("uploads/test.txt"), this);
        m_key->setObjectName(QStringLiteral("injectKey"));
        form_->addRow(tr("Key"), m_key);
    }
    m_body = new QPlainTextEdit(this);
    m_body->setObjectName(QStringLiteral("injectBody"));
    m_body->setPlaceholderText(tr("JSON, e.g. {\"url\": \"https://example.com/cat.jpg\"}"));
    m_body->setTabChangesFocus(true);
    m_body->setMinimumHeight(90);
    m_body->setPlainText(form == InjectForm::WebSocketFrame
                             ? QStringLiteral("{\"action\": \"sendmessage\", \"data\": \"hi\"}")
                             : QStringLiteral("{}"));
    form_->addRow(form == InjectForm::HttpRequest      ? tr("JSON body")
                  : form == InjectForm::WebSocketFrame ? tr("Frame")
                                                       : tr("Body (JSON)"),
                  m_body);
    if (form == InjectForm::Message) {
        m_attributes = new QLineEdit(this);
        m_attributes->setObjectName(QStringLiteral("injectAttributes"));
        m_attributes->setPlaceholderText(tr("none — e.g. {\"type\": \"thumbnail\", \"priority\": 2}"));
        m_attributes->setToolTip(tr("Message attributes as a JSON object (what subscription filter policies read)"));
        form_->addRow(tr("Attributes"), m_attributes);
        // Group and deduplication ids mean something only to FIFO queues and topics: others hide them.
        m_fifo = config.value("type", std::string()) == "fifo";
        m_contentDedup = config.value("contentDeduplication", false);
        if (m_fifo) {
            static int sent = 0;  // a fresh deduplication id per form, so a second send is not a duplicate
            m_group = new QLineEdit(QStringLiteral("group-1"), this);
            m_group->setObjectName(QStringLiteral("injectGroup"));
            m_group->setToolTip(tr("Messages of one group are delivered in order, one batch at a time"));
            form_->addRow(tr("Group id"), m_group);
            m_dedup = new QLineEdit(m_contentDedup ? QString() : QStringLiteral("test-%1").arg(++sent), this);
            m_dedup->setObjectName(QStringLiteral("injectDedup"));
            m_dedup->setPlaceholderText(m_contentDedup ? tr("from the body (content-based deduplication)") : QString());
            m_dedup->setToolTip(tr("The same id again within 5 minutes is accepted but not delivered"));
            form_->addRow(tr("Deduplication id"), m_dedup);
        }
    }
    m_user = new QLineEdit(form == InjectForm::WebSocketFrame ? QStringLiteral("alice") : QString(), this);
    m_user->setObjectName(QStringLiteral("injectUser"));
    m_user->setPlaceholderText(tr("anonymous"));
    form_->addRow(form == InjectForm::WebSocketFrame ? tr("As user") : tr("User"), m_user);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("injectError"));
    m_error->setWordWrap(true);
    QPalette p = m_error->palette();
    p.setColor(QPalette::WindowText, errorColor());
    m_error->setPalette(p);
    layout->addWidget(m_error);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Send"));
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        const Result<Json> m = message();
        if (!m) {
            m_error->setText(m.error().message);
            return;
        }
        const Result<InjectExtras> x = extras();
        if (!x) {
            m_error->setText(x.error().message);
            return;
        }
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    if (m_route) onRouteChosen(0);
}

void InjectDialog::onRouteChosen(int index)
{
    const QString data = m_route->itemData(index).toString();
    if (data.isEmpty()) return;
    const Json r = Json::parse(data.toStdString(), nullptr, false);
    m_method->setCurrentText(QString::fromStdString(r.value("method", std::string("GET"))));
    m_path->setText(QString::fromStdString(r.value("path", std::string("/"))));
    // A body with the required fields, for the user to fill in.
    Json body = Json::object();
    for (const Json& field : r.value("required", Json::array()))
        if (field.is_string()) body[field.get<std::string>()] = "";
    m_body->setPlainText(QString::fromStdString(body.dump(2)));
}

QString InjectDialog::user() const { return m_user->text().trimmed(); }

Result<Json> InjectDialog::message() const
{
    const QString text = m_body->toPlainText().trimmed();
    if (m_form == InjectForm::WebSocketFrame) return Json(text.toStdString());
    Json body;
    if (!text.isEmpty()) {
        body = Json::parse(text.toStdString(), nullptr, false);
        if (body.is_discarded()) return Error::at(QStringLiteral("body"), tr("the body is not valid JSON"));
    }
    switch (m_form) {
    case InjectForm::HttpRequest: {
        Json r{{"method", m_method->currentText().toStdString()}, {"path", m_path->text().trimmed().toStdString()}};
        if (!body.is_null()) r["body"] = body;
        if (!m_path->text().startsWith(QLatin1Char('/')))
            return Error::at(QStringLiteral("path"), tr("the path must start with /"));
        if (m_path->text().contains(QLatin1Char('{')))
            return Error::at(QStringLiteral("path"), tr("fill the path's parameters (the {…} parts)"));
        return r;
    }
    case InjectForm::Object: {
        if (m_key->text().trimmed().isEmpty()) return Error::at(QStringLiteral("key"), tr("an object needs a key"));
        return Json{{"key", m_key->text().trimmed().toStdString()}, {"body", body}};
    }
    default: return body.is_null() ? Json::object() : body;
    }
}

Result<InjectExtras> InjectDialog::extras() const
{
    InjectExtras out;
    if (m_attributes && !m_attributes->text().trimmed().isEmpty()) {
        out.attributes = Json::parse(m_attributes->text().trimmed().toStdString(), nullptr, false);
        if (!out.attributes.is_object())
            return Error::at(QStringLiteral("attributes"),
                             tr("the attributes must be a JSON object, like {\"type\": \"thumbnail\"}"));
    }
    if (m_group) {
        out.groupId = m_group->text().trimmed().toStdString();
        if (out.groupId.empty())
            return Error::at(QStringLiteral("groupId"), tr("a FIFO queue or topic needs a group id"));
    }
    if (m_dedup) {
        out.deduplicationId = m_dedup->text().trimmed().toStdString();
        if (out.deduplicationId.empty() && !m_contentDedup)
            return Error::at(QStringLiteral("deduplicationId"),
                             tr("a FIFO queue or topic without content-based deduplication needs a deduplication id"));
    }
    return out;
}

Result<quint64> InjectDialog::send(EngineRun& run,
                                   std::map<std::pair<int, std::string>, std::string>& connections) const
{
    const Result<Json> m = message();
    if (!m) return m.error();
    const std::string user = this->user().toStdString();
    const Result<InjectExtras> x = extras();
    if (!x) return x.error();
    if (m_form != InjectForm::WebSocketFrame) return run.inject(m_node.id.value, m.value(), user, x.value());
    const int node = run.engine().nodeIndex(m_node.id.value);
    const std::string who = user.empty() ? "anonymous" : user;
    auto it = connections.find({node, who});
    if (it == connections.end() || !run.webSocketFrame(node, it->second, m.value().get<std::string>())) {
        // No connection for this user yet (or it was closed): open one, then send.
        const Result<std::string> opened = run.openWebSocket(node, who);
        if (!opened) return opened.error();
        connections[{node, who}] = opened.value();
        run.run(run.engine().now());  // let $connect happen before the frame
        if (!run.webSocketFrame(node, opened.value(), m.value().get<std::string>()))
            return Error::at(QStringLiteral("user"), tr("the connection was refused ($connect failed)"));
    }
    return quint64(0);
}

}  // namespace ml::ui
