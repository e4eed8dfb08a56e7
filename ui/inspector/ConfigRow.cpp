#include "inspector/ConfigRow.h"

#include "Theme.h"
#include "format/Duration.h"
#include "model/ConfigCheck.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace ml::ui {

namespace {

QString rangeText(const ConfigKey& key)
{
    if (!key.min && !key.max) return QString();
    // Limits that no one will reach ("1e+12 messages") only clutter the label.
    constexpr double kUnreachable = 1e9;
    if (key.max && *key.max >= kUnreachable && key.type != ValueType::Duration) {
        if (!key.min) return QString();
        return QStringLiteral("≥ %1").arg(QString::number(*key.min, 'g', 12));
    }
    auto show = [&](double v) {
        if (key.type == ValueType::Duration) return duration::format(Micros(v));
        return QString::number(v, 'g', 12);
    };
    if (key.min && key.max) return QStringLiteral("%1 – %2").arg(show(*key.min), show(*key.max));
    return key.min ? QStringLiteral("≥ %1").arg(show(*key.min)) : QStringLiteral("≤ %1").arg(show(*key.max));
}

}  // namespace

ConfigRow::ConfigRow(const ConfigKey& key, Writer write, QWidget* parent)
    : QWidget(parent), m_editor(createValueEditor(key, this)), m_write(std::move(write))
{
    setObjectName(QStringLiteral("configRow_") + key.name);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 4);
    layout->setSpacing(3);

    auto* header = new QHBoxLayout;
    header->setSpacing(6);
    const QString tip =
        QStringLiteral("<b>%1</b> <code>%2</code> — %3<br>%4")
            .arg(humanizeKey(key.name).toHtmlEscaped(), key.name, valueTypeName(key.type), key.help.toHtmlEscaped());
    if (key.type == ValueType::Boolean) {
        // A check box carries its own label; put it on the header line.
        header->addWidget(m_editor, 1);
    } else {
        m_label = new QLabel(humanizeKey(key.name), this);
        m_label->setObjectName(QStringLiteral("keyLabel"));
        m_label->setToolTip(tip);
        m_label->setBuddy(m_editor->inputWidget());
        header->addWidget(m_label);
        QStringList extra;
        if (!key.unit.isEmpty()) extra << key.unit;
        if (const QString r = rangeText(key); !r.isEmpty()) extra << r;
        if (!extra.isEmpty()) {
            auto* unit = new QLabel(extra.join(QStringLiteral(" · ")), this);
            unit->setObjectName(QStringLiteral("keyUnit"));
            header->addWidget(unit);
        }
        header->addStretch(1);
    }
    m_reset = new QToolButton(this);
    m_reset->setObjectName(QStringLiteral("resetButton"));
    m_reset->setIcon(uiIcon(QStringLiteral("reset")));
    m_reset->setIconSize(QSize(14, 14));
    m_reset->setAutoRaise(true);
    const QString def = m_editor->defaultText();
    m_reset->setToolTip(key.defaultValue.is_null() ? tr("Unset (%1)").arg(def)
                                                   : tr("Reset to the default (%1)").arg(def));
    header->addWidget(m_reset);
    layout->addLayout(header);

    if (key.type != ValueType::Boolean) layout->addWidget(m_editor);
    m_editor->setToolTip(tip);

    m_caption = new QLabel(key.help, this);
    m_caption->setObjectName(QStringLiteral("keyCaption"));
    m_caption->setWordWrap(true);
    layout->addWidget(m_caption);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("keyError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    layout->addWidget(m_error);

    connect(m_editor, &ValueEditor::draftChanged, this, [this] { showError(check()); });
    connect(m_editor, &ValueEditor::commitRequested, this, &ConfigRow::commit);
    connect(m_reset, &QToolButton::clicked, this, [this] {
        showError(QString());
        if (!m_explicit.is_null()) m_write(Json());
    });
}

void ConfigRow::setValue(const Json& explicitValue)
{
    m_explicit = explicitValue;
    m_editor->setValue(explicitValue);
    showError(QString());
    m_reset->setEnabled(!explicitValue.is_null());
    if (m_label) {
        // Bold when the file sets the key, regular when the default applies.
        m_label->setProperty("explicit", !explicitValue.is_null());
        m_label->style()->unpolish(m_label);
        m_label->style()->polish(m_label);
    }
}

QString ConfigRow::check() const
{
    const Result<Json> draft = m_editor->draft();
    if (!draft) return draft.error().message;
    if (draft->is_null()) return QString();
    const Status s = checkConfigValue(m_editor->key(), *draft);
    if (s) return QString();
    const Error& e = s.error();
    return e.pointer.isEmpty() ? e.message : QStringLiteral("%1: %2").arg(e.pointer, e.message);
}

bool ConfigRow::commit()
{
    const QString message = check();
    showError(message);
    if (!message.isEmpty()) return false;
    const Json value = *m_editor->draft();
    if (value == m_explicit) return true;
    m_write(value);
    return true;
}

QString ConfigRow::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

void ConfigRow::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    for (QWidget* w : {static_cast<QWidget*>(m_editor), m_editor->inputWidget()}) {
        if (w->property("invalid").toBool() == !message.isEmpty()) continue;
        w->setProperty("invalid", !message.isEmpty());
        w->style()->unpolish(w);
        w->style()->polish(w);
    }
}

void ConfigRow::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) m_reset->setIcon(uiIcon(QStringLiteral("reset")));
}

}  // namespace ml::ui
