// A function's latency distribution: pick the shape, then type its durations. Every shape the
// checker knows is here with its fields; keys the editor does not show are kept as they are.
#include "inspector/ValueEditor.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>

namespace ml::ui {

namespace {

struct Shape {
    const char* dist;
    const char* title;
    QStringList fields;
    QStringList examples;
};

const std::vector<Shape>& shapes()
{
    static const std::vector<Shape> list = {
        {"lognormal",
         QT_TRANSLATE_NOOP("LatencyEditor", "Log-normal"),
         {QStringLiteral("median"), QStringLiteral("p99")},
         {QStringLiteral("20ms"), QStringLiteral("200ms")}},
        {"fixed", QT_TRANSLATE_NOOP("LatencyEditor", "Fixed"), {QStringLiteral("value")}, {QStringLiteral("50ms")}},
        {"uniform",
         QT_TRANSLATE_NOOP("LatencyEditor", "Uniform"),
         {QStringLiteral("min"), QStringLiteral("max")},
         {QStringLiteral("10ms"), QStringLiteral("100ms")}},
        {"exponential",
         QT_TRANSLATE_NOOP("LatencyEditor", "Exponential"),
         {QStringLiteral("mean")},
         {QStringLiteral("40ms")}},
        {"normal",
         QT_TRANSLATE_NOOP("LatencyEditor", "Normal"),
         {QStringLiteral("mean"), QStringLiteral("stddev")},
         {QStringLiteral("50ms"), QStringLiteral("10ms")}},
    };
    return list;
}

class LatencyEditor : public ValueEditor {
public:
    LatencyEditor(const ConfigKey& key, QWidget* parent) : ValueEditor(key, parent)
    {
        auto* grid = new QGridLayout(this);
        grid->setContentsMargins(0, 0, 0, 0);
        grid->setHorizontalSpacing(6);
        grid->setVerticalSpacing(4);
        m_dist = new QComboBox(this);
        for (const Shape& s : shapes())
            m_dist->addItem(QCoreApplication::translate("LatencyEditor", s.title), QString::fromLatin1(s.dist));
        grid->addWidget(m_dist, 0, 0, 1, 4);
        for (int i = 0; i < 2; ++i) {
            m_labels[i] = new QLabel(this);
            m_labels[i]->setObjectName(QStringLiteral("keyUnit"));
            m_fields[i] = new QLineEdit(this);
            grid->addWidget(m_labels[i], 1, i * 2);
            grid->addWidget(m_fields[i], 1, i * 2 + 1);
            m_labels[i]->setBuddy(m_fields[i]);
            connect(m_fields[i], &QLineEdit::textEdited, this, [this] {
                m_edited = true;
                emit draftChanged();
            });
            connect(m_fields[i], &QLineEdit::editingFinished, this, [this] {
                if (m_edited) emit commitRequested();
            });
        }
        grid->setColumnStretch(1, 1);
        grid->setColumnStretch(3, 1);
        setFocusProxy(m_dist);
        connect(m_dist, &QComboBox::activated, this, [this] {
            if (m_dist->currentData().toString() == m_shownDist) return;
            m_shownDist = m_dist->currentData().toString();
            showShape(true);
            emit draftChanged();
            emit commitRequested();
        });
    }

    void setValue(const Json& explicitValue) override
    {
        m_explicit = explicitValue.is_object() ? explicitValue : Json();
        const Json& shown = m_explicit.is_object() ? m_explicit : m_key.defaultValue;
        const QString dist = shown.is_object() && shown.contains("dist") && shown["dist"].is_string()
                                 ? toQString(shown["dist"].get<std::string>())
                                 : QStringLiteral("lognormal");
        const int index = m_dist->findData(dist);
        m_dist->setCurrentIndex(index < 0 ? 0 : index);
        m_shownDist = m_dist->currentData().toString();
        showShape(false);
        const Shape& s = shape();
        for (int i = 0; i < 2; ++i) {
            QString text;
            if (i < s.fields.size() && m_explicit.is_object())
                text = jsonToText(m_explicit.value(toStd(s.fields[i]), Json()));
            if (m_fields[i]->text() != text) m_fields[i]->setText(text);
        }
        m_edited = false;
    }

    Result<Json> draft() const override
    {
        const Shape& s = shape();
        // Keys this editor does not show stay as the file has them.
        Json out = m_explicit.is_object() ? m_explicit : Json::object();
        for (const Shape& other : shapes())
            for (const QString& f : other.fields) out.erase(toStd(f));
        out.erase("dist");
        Json ordered = Json::object();
        ordered["dist"] = s.dist;
        for (int i = 0; i < s.fields.size(); ++i) {
            QString text = m_fields[i]->text().trimmed();
            // An untouched field of the default shape keeps the default's value.
            if (text.isEmpty() && !m_explicit.is_object() && m_key.defaultValue.is_object() &&
                m_key.defaultValue.value("dist", std::string()) == s.dist)
                text = jsonToText(m_key.defaultValue.value(toStd(s.fields[i]), Json()));
            if (!text.isEmpty()) ordered[toStd(s.fields[i])] = toStd(text);
        }
        for (auto it = out.begin(); it != out.end(); ++it)
            if (!ordered.contains(it.key())) ordered[it.key()] = it.value();
        return ordered;
    }

    QWidget* inputWidget() const override { return m_dist; }

private:
    const Shape& shape() const
    {
        const QString dist = m_dist->currentData().toString();
        for (const Shape& s : shapes())
            if (dist == QLatin1String(s.dist)) return s;
        return shapes().front();
    }

    void showShape(bool userChanged)
    {
        const Shape& s = shape();
        const bool defaultShape =
            m_key.defaultValue.is_object() && m_key.defaultValue.value("dist", std::string()) == s.dist;
        for (int i = 0; i < 2; ++i) {
            const bool used = i < s.fields.size();
            m_labels[i]->setVisible(used);
            m_fields[i]->setVisible(used);
            if (!used) {
                m_fields[i]->clear();
                continue;
            }
            m_labels[i]->setText(s.fields[i]);
            const QString def =
                defaultShape ? jsonToText(m_key.defaultValue.value(toStd(s.fields[i]), Json())) : QString();
            m_fields[i]->setPlaceholderText(def.isEmpty() ? tr("e.g. %1").arg(s.examples[i])
                                                          : tr("%1 (default)").arg(def));
            if (userChanged) m_fields[i]->clear();
        }
    }

    QComboBox* m_dist;
    QLabel* m_labels[2];
    QLineEdit* m_fields[2];
    Json m_explicit;
    QString m_shownDist;
    bool m_edited = false;
};

}  // namespace

ValueEditor* createLatencyEditor(const ConfigKey& key, QWidget* parent) { return new LatencyEditor(key, parent); }

}  // namespace ml::ui
