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

// The text of one labelled key's effective value; empty when unset, empty, or a choice left at
// its default.
QString labelValue(const ConfigKey& key, const Json& value)
{
    if (value.is_null()) return QString();
    if (key.type == ValueType::Enum && value == key.defaultValue) return QString();
    QStringList items;
    if (value.is_string()) {
        items << toQString(value.get<std::string>());
    } else if (value.is_array()) {
        for (const Json& v : value)
            if (v.is_string()) items << toQString(v.get<std::string>());
    } else if (value.is_number_integer()) {
        items << QString::number(value.get<long long>());
    } else if (value.is_object() && !value.empty()) {
        items << QStringLiteral("set");  // only a fixed word shows it ("filter")
    }
    if (!key.labelOmit.isEmpty())
        for (QString& item : items) item.remove(key.labelOmit);
    items.removeAll(QString());
    if (items.isEmpty()) return QString();
    if (!key.labelFormat.contains(QLatin1String("%1"))) return key.labelFormat;
    return key.labelFormat.arg(items.join(QStringLiteral(", ")));
}

}  // namespace

// The Catalog says what an edge shows: its kind's fixed word and the keys marked onEdgeLabel.
QString edgeLabelText(const Edge& edge, const QString& kind, const QString& fromKind, const QString& toKind)
{
    const Catalog& catalog = Catalog::instance();
    const Json& raw = edge.config.is_object() ? edge.config : Json::object();
    const Json eff = catalog.effectiveEdgeConfig(fromKind, toKind, kind, raw);
    QStringList parts;
    if (const EdgeKindInfo* info = catalog.edgeKind(kind)) parts << info->label;
    for (const ConfigKey& key : catalog.edgeConfigKeys(fromKind, toKind, kind)) {
        if (!key.onEdgeLabel) continue;
        auto it = eff.find(toStd(key.name));
        parts << labelValue(key, it == eff.end() ? Json() : *it);
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
