#include "canvas/NodeItem.h"

#include "canvas/CanvasStyle.h"
#include "canvas/DiagramScene.h"
#include "canvas/EdgeItem.h"
#include "canvas/KindIcon.h"
#include "canvas/PortItem.h"
#include "model/Catalog.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace ml::ui {

using namespace canvas;

namespace {

constexpr double kIconTile = 30;
constexpr double kPad = 10;
constexpr double kTextLeft = kPad + kIconTile + 8;
constexpr double kBadgeRadius = 9;

QFont nameFont()
{
    QFont f;
    f.setPixelSize(12);
    f.setWeight(QFont::DemiBold);
    return f;
}

QFont kindFont()
{
    QFont f;
    f.setPixelSize(11);
    return f;
}

bool hasRule(const QString& kind, bool outgoing)
{
    for (const ConnectionRule& r : Catalog::instance().rules())
        if ((outgoing ? r.fromKind : r.toKind) == kind) return true;
    return false;
}

}  // namespace

NodeItem::NodeItem(const Node& node) : m_id(node.id)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(1);
    // Cards change rarely compared to how often the view pans; the cache turns a pan into blits.
    setCacheMode(DeviceCoordinateCache);
    m_kind = node.kind;
    const KindInfo* k = Catalog::instance().kind(m_kind);
    m_kindName = k ? k->displayName : QObject::tr("Unknown kind \"%1\"").arg(m_kind);
    m_icon = k ? k->icon : QString();
    m_category = k ? int(k->category) : -1;
    if (!k || hasRule(m_kind, false)) m_input = new PortItem(this, PortItem::Side::Input);
    if (!k || hasRule(m_kind, true)) m_output = new PortItem(this, PortItem::Side::Output);
    sync(node);
}

NodeItem::~NodeItem() = default;

void NodeItem::sync(const Node& node)
{
    m_id = node.id;
    if (m_name != node.displayName()) {
        m_name = node.displayName();
        updateTexts();
        update();
    } else if (m_nameText.text().isEmpty()) {
        updateTexts();
    }
    setModelPos(QPointF(node.x, node.y));
    updateToolTip();
}

void NodeItem::updateToolTip()
{
    QString tip = QStringLiteral("<b>%1</b> — %2<br>id: %3")
                      .arg(m_name.toHtmlEscaped(), m_kindName.toHtmlEscaped(), m_id.value.toHtmlEscaped());
    if (!m_problemLines.isEmpty()) tip += QStringLiteral("<br>") + m_problemLines.join(QStringLiteral("<br>"));
    if (tip != toolTip()) setToolTip(tip);
}

void NodeItem::updateTexts()
{
    const QFont nf = nameFont();
    const QFont kf = kindFont();
    const QFontMetricsF fm(nf);
    // The text column of a card `w` wide: the icon on the left, a margin on the right.
    auto room = [](double w) { return w - kTextLeft - 8; };
    // A long name widens the card, up to kNodeMaxWidth; what still does not fit wraps to a
    // second line ("Notify (WebSocket" / "API)") rather than losing its end; only what does not
    // fit on two lines is elided (the tooltip names it whole).
    const double nameWidth = fm.horizontalAdvance(m_name);
    double width = std::clamp(std::ceil(nameWidth + kTextLeft + 8), kNodeWidth, kNodeMaxWidth);
    QString first = m_name;
    QString second;
    if (nameWidth > room(width)) {
        const double line = room(kNodeMaxWidth);
        qsizetype cut = -1;
        for (qsizetype i = m_name.size() - 1; i > 0; --i)
            if (m_name[i].isSpace() && fm.horizontalAdvance(m_name.left(i)) <= line) {
                cut = i;
                break;
            }
        if (cut < 0) {  // one long word: break it where the line is full
            cut = 1;
            while (cut < m_name.size() && fm.horizontalAdvance(m_name.left(cut + 1)) <= line) ++cut;
        }
        first = m_name.left(cut).trimmed();
        second = fm.elidedText(m_name.mid(cut).trimmed(), Qt::ElideRight, line);
        // Two lines need only as much width as the longer of them.
        const double longer = std::max(fm.horizontalAdvance(first), fm.horizontalAdvance(second));
        width = std::clamp(std::ceil(longer + kTextLeft + 8), kNodeWidth, kNodeMaxWidth);
    }
    if (width != m_width) {
        prepareGeometryChange();
        m_width = width;
        if (m_output) m_output->setPos(m_width, kNodeHeight / 2);
        for (EdgeItem* e : m_edges) e->adjust();
    }
    m_twoLines = !second.isEmpty();
    auto prepare = [](QStaticText& t, const QString& text, const QFont& font) {
        t = QStaticText(text);
        t.setTextFormat(Qt::PlainText);
        t.setPerformanceHint(QStaticText::AggressiveCaching);
        t.prepare(QTransform(), font);
    };
    prepare(m_nameText, first, nf);
    prepare(m_nameText2, second, nf);
    prepare(m_kindText, QFontMetricsF(kf).elidedText(m_kindName, Qt::ElideRight, room(m_width)), kf);
}

QStringList NodeItem::nameLines() const
{
    QStringList lines{m_nameText.text()};
    if (m_twoLines) lines << m_nameText2.text();
    return lines;
}

bool NodeItem::nameWhole() const
{
    // A wrap at a space drops the space; a wrap inside a long word keeps every letter.
    auto letters = [](QString t) { return t.remove(QLatin1Char(' ')); };
    return letters(nameLines().join(QString())) == letters(m_name);
}

void NodeItem::setModelPos(QPointF p)
{
    if (p == pos()) return;
    m_fromModel = true;
    setPos(p);
    m_fromModel = false;
}

void NodeItem::setProblems(const std::vector<const Problem*>& problems)
{
    int errors = 0;
    int warnings = 0;
    QStringList lines;
    for (const Problem* p : problems) {
        (p->isError() ? errors : warnings)++;
        lines << (p->isError() ? QObject::tr("Error: %1") : QObject::tr("Warning: %1")).arg(p->message.toHtmlEscaped());
    }
    if (errors == m_errors && warnings == m_warnings && lines == m_problemLines) return;
    m_errors = errors;
    m_warnings = warnings;
    m_problemLines = lines;
    updateToolTip();
    update();
}

void NodeItem::setDetailsVisible(bool on)
{
    if (m_input) m_input->setVisible(on);
    if (m_output) m_output->setVisible(on);
}

void NodeItem::setConnectState(ConnectState state)
{
    if (state == m_connect) return;
    m_connect = state;
    setOpacity(state == ConnectState::Forbidden ? 0.3 : 1.0);
    update();
}

QRectF NodeItem::cardRect() const { return QRectF(0, 0, m_width, kNodeHeight); }

QPointF NodeItem::inputPortScenePos() const { return pos() + QPointF(0, kNodeHeight / 2); }
QPointF NodeItem::outputPortScenePos() const { return pos() + QPointF(m_width, kNodeHeight / 2); }

void NodeItem::detach(EdgeItem* edge)
{
    m_edges.erase(std::remove(m_edges.begin(), m_edges.end(), edge), m_edges.end());
}

QRectF NodeItem::boundingRect() const
{
    // Room for the selection halo, the shadow and the badge that sits on the top-right corner.
    return cardRect().adjusted(-5, -kBadgeRadius - 2, kBadgeRadius + 3, 7);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    path.addRoundedRect(cardRect(), kNodeRadius, kNodeRadius);
    return path;
}

void NodeItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const Colors& c = colors();
    const QColor accent = m_category >= 0 ? categoryColor(Category(m_category)) : c.error;
    if (lod < kDetailZoom) {
        // Zoomed far out: a coloured box says "something of this category is here", cheaply.
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(isSelected() ? QPen(c.selection, 3 / lod) : Qt::NoPen);
        QColor fill = accent;
        if (m_errors) fill = c.error;
        painter->setBrush(fill);
        painter->drawRoundedRect(cardRect(), kNodeRadius, kNodeRadius);
        return;
    }
    paintDetailed(painter, lod);
}

void NodeItem::paintDetailed(QPainter* painter, double lod)
{
    const Colors& c = colors();
    const QColor accent = m_category >= 0 ? categoryColor(Category(m_category)) : c.error;
    const QRectF card = cardRect();
    painter->setRenderHint(QPainter::Antialiasing, true);

    // Soft shadow: two translucent layers are enough to lift the card off the canvas.
    painter->setPen(Qt::NoPen);
    QColor shadow = c.shadow;
    painter->setBrush(shadow);
    painter->drawRoundedRect(card.translated(0, 1.5), kNodeRadius, kNodeRadius);
    shadow.setAlphaF(shadow.alphaF() * 0.45f);
    painter->setBrush(shadow);
    painter->drawRoundedRect(card.adjusted(-1, 1, 1, 4), kNodeRadius + 1, kNodeRadius + 1);

    if (isSelected() || m_connect == ConnectState::Target) {
        QColor halo = m_connect == ConnectState::Target ? c.allowed : c.selection;
        halo.setAlphaF(0.28f);
        painter->setBrush(halo);
        painter->drawRoundedRect(card.adjusted(-4, -4, 4, 4), kNodeRadius + 4, kNodeRadius + 4);
    }

    QPen border(c.cardBorder, 1);
    if (m_connect == ConnectState::Allowed)
        border = QPen(c.allowed, 1.5, Qt::DashLine);
    else if (m_connect == ConnectState::Target)
        border = QPen(c.allowed, 2);
    else if (isSelected())
        border = QPen(c.selection, 2);
    else if (m_errors)
        border = QPen(c.error, 1.5);
    else if (m_hover)
        border = QPen(c.cardHoverBorder, 1.2);
    painter->setPen(border);
    painter->setBrush(c.card);
    painter->drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), kNodeRadius, kNodeRadius);

    const QRectF tile(kPad, (kNodeHeight - kIconTile) / 2, kIconTile, kIconTile);
    drawKindIcon(painter, tile, m_icon, m_kindName, accent, lod);

    painter->setPen(c.text);
    painter->setFont(nameFont());
    if (m_twoLines) {
        painter->drawStaticText(QPointF(kTextLeft, 5), m_nameText);
        painter->drawStaticText(QPointF(kTextLeft, 19.5), m_nameText2);
    } else {
        painter->drawStaticText(QPointF(kTextLeft, 12), m_nameText);
    }
    painter->setPen(c.mutedText);
    painter->setFont(kindFont());
    painter->drawStaticText(QPointF(kTextLeft, m_twoLines ? 36 : 29.5), m_kindText);

    if (m_errors || m_warnings) paintBadge(painter);
}

void NodeItem::paintBadge(QPainter* painter)
{
    const Colors& c = colors();
    const QPointF centre(m_width - 3, -1);
    painter->setPen(QPen(c.card, 2));
    painter->setBrush(m_errors ? c.error : c.warning);
    painter->drawEllipse(centre, kBadgeRadius, kBadgeRadius);
    const int count = m_errors ? m_errors : m_warnings;
    QFont f;
    f.setPixelSize(11);
    f.setBold(true);
    painter->setFont(f);
    painter->setPen(Qt::white);
    painter->drawText(QRectF(centre.x() - kBadgeRadius, centre.y() - kBadgeRadius, 2 * kBadgeRadius, 2 * kBadgeRadius),
                      Qt::AlignCenter,
                      count > 9   ? QStringLiteral("9+")
                      : count > 1 ? QString::number(count)
                                  : QStringLiteral("!"));
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant& value)
{
    if (change == ItemPositionChange && !m_fromModel) {
        auto* s = qobject_cast<DiagramScene*>(scene());
        if (s && s->snapToGrid()) return s->snapped(value.toPointF());
    } else if (change == ItemPositionHasChanged) {
        for (EdgeItem* e : m_edges) e->adjust();
    } else if (change == ItemSelectedHasChanged) {
        // Selected cards draw a halo; bring them above their neighbours.
        setZValue(value.toBool() ? 2 : 1);
    }
    return QGraphicsItem::itemChange(change, value);
}

void NodeItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void NodeItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

}  // namespace ml::ui
