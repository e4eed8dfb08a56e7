#include "canvas/EdgeItem.h"
#include "model/Catalog.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ml::ui {

using namespace canvas;

namespace {

constexpr int kMaxLabel = 30;

QFont labelFont()
{
    QFont f;
    f.setPixelSize(11);
    f.setWeight(QFont::Medium);
    return f;
}

QString str(const Json& config, const char* key)
{
    auto it = config.find(key);
    return it != config.end() && it->is_string() ? toQString(it->get<std::string>()) : QString();
}

QStringList strings(const Json& config, const char* key)
{
    QStringList out;
    auto it = config.find(key);
    if (it == config.end() || !it->is_array()) return out;
    for (const Json& v : *it)
        if (v.is_string()) out << toQString(v.get<std::string>());
    return out;
}

}  // namespace

QString edgeLabelText(const Edge& edge, const QString& kind, const QString& fromKind, const QString& toKind)
{
    const Json& raw = edge.config.is_object() ? edge.config : Json::object();
    const Json eff = Catalog::instance().effectiveEdgeConfig(fromKind, toKind, kind, raw);
    QStringList parts;
    if (kind == QLatin1String("dead-letter")) parts << QStringLiteral("DLQ");
    if (fromKind == QLatin1String("router")) {
        const QStringList actions = strings(raw, "actions");
        if (!actions.isEmpty()) parts << actions.join(QStringLiteral(", "));
    }
    const QString when = str(raw, "when");
    if (fromKind == QLatin1String("log-monitor")) {
        if (!when.isEmpty()) parts << when;
    } else if (when == QLatin1String("success") || when == QLatin1String("failure")) {
        parts << QObject::tr("on %1").arg(when);
    }
    if (kind == QLatin1String("event-source")) {
        auto it = eff.find("batchSize");
        if (it != eff.end() && it->is_number_integer()) parts << QObject::tr("batch %1").arg(it->get<long long>());
    } else if (kind == QLatin1String("subscription")) {
        auto it = raw.find("filterPolicy");
        if (it != raw.end() && !it->is_null() && !(it->is_object() && it->empty())) parts << QObject::tr("filter");
    } else if (kind == QLatin1String("log-subscription")) {
        const QString pattern = str(raw, "filterPattern");
        if (!pattern.isEmpty()) parts << pattern;
    } else if (kind == QLatin1String("route")) {
        parts << str(eff, "route");
    } else if (kind == QLatin1String("notification")) {
        QStringList events = strings(eff, "events");
        for (QString& e : events) e.remove(QStringLiteral("s3:"));
        if (!events.isEmpty()) parts << events.join(QStringLiteral(", "));
    } else if (kind == QLatin1String("stream")) {
        parts << QObject::tr("stream");
    }
    parts.removeAll(QString());
    QString text = parts.join(QStringLiteral(" · "));
    if (text.size() > kMaxLabel) text = text.left(kMaxLabel - 1) + QChar(0x2026);
    return text;
}

EdgeLabelItem::EdgeLabelItem(EdgeItem* edge) : m_edge(edge)
{
    setZValue(3);
    setAcceptedMouseButtons(Qt::LeftButton);
    setCacheMode(DeviceCoordinateCache);
}

void EdgeLabelItem::setText(const QString& text)
{
    if (text == m_text) return;
    prepareGeometryChange();
    m_text = text;
    const QFont f = labelFont();
    m_static = QStaticText(text);
    m_static.setTextFormat(Qt::PlainText);
    m_static.prepare(QTransform(), f);
    const QFontMetricsF fm(f);
    const double w = fm.horizontalAdvance(text) + 14;
    const double h = fm.height() + 3;
    m_rect = text.isEmpty() ? QRectF() : QRectF(-w / 2, -h / 2, w, h);
    update();
}

void EdgeLabelItem::setCentre(QPointF p) { setPos(p); }

QRectF EdgeLabelItem::boundingRect() const { return m_rect.isEmpty() ? QRectF() : m_rect.adjusted(-1, -1, 1, 1); }

void EdgeLabelItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < kDetailZoom || m_text.isEmpty()) return;
    const Colors& c = colors();
    const QColor accent = m_edge->strokeColor();
    painter->setRenderHint(QPainter::Antialiasing, true);
    const bool selected = m_edge->isSelected();
    QColor border = selected ? c.selection : accent;
    if (!selected) border.setAlphaF(0.55f);
    painter->setPen(QPen(border, selected ? 1.6 : 1));
    painter->setBrush(c.labelFill);
    painter->drawRoundedRect(m_rect, m_rect.height() / 2, m_rect.height() / 2);
    painter->setPen(c.labelText);
    painter->setFont(labelFont());
    const QSizeF size = m_static.size();
    painter->drawStaticText(QPointF(-size.width() / 2, -size.height() / 2), m_static);
}

void EdgeLabelItem::mousePressEvent(QGraphicsSceneMouseEvent* event)
{
    // Clicking a label is clicking its edge.
    if (!(event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier)) && scene()) scene()->clearSelection();
    m_edge->setSelected(!(event->modifiers() & Qt::ControlModifier) || !m_edge->isSelected());
    event->accept();
}

}  // namespace ml::ui
