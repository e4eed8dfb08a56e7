// Integer and Number values: a spin box whose arrows stay inside the Catalog's range. Typed text
// is not clamped: an out-of-range number is shown with the checker's message and not written,
// so the user learns the range instead of seeing their value silently changed.
#include "inspector/ValueEditor.h"

#include <QAbstractSpinBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QWheelEvent>

#include <cmath>

namespace ml::ui {

namespace {

class NumberSpinBox : public QAbstractSpinBox {
public:
    NumberSpinBox(const ConfigKey& key, QWidget* parent) : QAbstractSpinBox(parent), m_key(key)
    {
        setFocusPolicy(Qt::StrongFocus);
        setAccelerated(true);
        setCorrectionMode(QAbstractSpinBox::CorrectToPreviousValue);
    }

    QLineEdit* edit() const { return lineEdit(); }

    std::optional<double> current() const
    {
        bool ok = false;
        const double v = text().trimmed().toDouble(&ok);
        return ok ? std::optional<double>(v) : std::nullopt;
    }

    std::function<void()> onStep;

    void stepBy(int steps) override
    {
        double base = 0;
        if (auto v = current())
            base = *v;
        else if (m_key.defaultValue.is_number())
            base = m_key.defaultValue.get<double>();
        else if (m_key.min)
            base = *m_key.min - stepSize() * (steps > 0 ? 1 : 0);
        double v = base + steps * stepSize();
        if (m_key.min) v = std::max(v, *m_key.min);
        if (m_key.max) v = std::min(v, *m_key.max);
        v = std::round(v / stepSize()) * stepSize();
        lineEdit()->setText(format(v));
        if (onStep) onStep();
    }

    static QString format(double v)
    {
        if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) return QString::number(qint64(std::round(v)));
        return QString::number(v, 'g', 10);
    }

protected:
    StepEnabled stepEnabled() const override
    {
        if (isReadOnly()) return StepNone;
        const std::optional<double> v = current();
        StepEnabled e = StepNone;
        if (!v || !m_key.max || *v < *m_key.max) e |= StepUpEnabled;
        if (!v || !m_key.min || *v > *m_key.min) e |= StepDownEnabled;
        return e;
    }

    // Scrolling the inspector over a spin box must scroll, not change the value.
    void wheelEvent(QWheelEvent* event) override
    {
        if (!hasFocus()) {
            event->ignore();
            return;
        }
        QAbstractSpinBox::wheelEvent(event);
    }

private:
    double stepSize() const
    {
        if (m_key.type == ValueType::Integer) return 1;
        const double span = (m_key.max ? *m_key.max : 100) - (m_key.min ? *m_key.min : 0);
        return span <= 1 ? 0.01 : span <= 10 ? 0.1 : 1;
    }

    ConfigKey m_key;
};

class NumberEditor : public ValueEditor {
public:
    NumberEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_spin = new NumberSpinBox(key, this);
        const QString def = defaultText();
        m_spin->edit()->setPlaceholderText(key.defaultValue.is_null() ? def : tr("%1 (default)").arg(def));
        layout->addWidget(m_spin);
        setFocusProxy(m_spin);
        m_spin->onStep = [this] {
            emit draftChanged();
            emit commitRequested();
        };
        connect(m_spin->edit(), &QLineEdit::textEdited, this, [this] {
            m_edited = true;
            emit draftChanged();
        });
        connect(m_spin, &QAbstractSpinBox::editingFinished, this, [this] {
            if (m_edited) emit commitRequested();
        });
    }

    void setValue(const Json& explicitValue) override
    {
        QString text;
        if (explicitValue.is_number())
            text = NumberSpinBox::format(explicitValue.get<double>());
        else if (!explicitValue.is_null())
            text = jsonToText(explicitValue);
        if (m_spin->text() != text) m_spin->edit()->setText(text);
        m_edited = false;
    }

    Result<Json> draft() const override
    {
        const QString text = m_spin->text().trimmed();
        if (text.isEmpty()) return Json();
        if (m_key.type == ValueType::Integer) {
            bool ok = false;
            const qint64 v = text.toLongLong(&ok);
            if (ok) return Json(v);
            return Error::of(tr("expected a whole number; got \"%1\"").arg(text));
        }
        bool ok = false;
        const double v = text.toDouble(&ok);
        if (ok && std::isfinite(v)) return Json(v);
        return Error::of(tr("expected a number; got \"%1\"").arg(text));
    }

    QWidget* inputWidget() const override { return m_spin->edit(); }

private:
    NumberSpinBox* m_spin;
    bool m_edited = false;
};

}  // namespace

ValueEditor* createNumberEditor(const ConfigKey& key, QWidget* parent) { return new NumberEditor(key, parent); }

}  // namespace ml::ui
