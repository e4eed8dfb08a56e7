#include "Theme.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QStyle>
#include <QStyleFactory>
#include <QSvgRenderer>

static void initMicrolabResources() { Q_INIT_RESOURCE(microlab); }

namespace ml::ui {

namespace {

struct ThemeState {
    ThemeMode mode = ThemeMode::System;
    bool dark = false;
    bool captured = false;
    QPalette systemPalette;
    QHash<QString, QIcon> uiIcons;
};

ThemeState& state()
{
    static ThemeState s;
    return s;
}

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

void setRole(QPalette& p, QPalette::ColorRole role, const QColor& active, const QColor& disabled)
{
    p.setColor(QPalette::Active, role, active);
    p.setColor(QPalette::Inactive, role, active);
    p.setColor(QPalette::Disabled, role, disabled);
}

struct Scheme {
    QColor window, base, alternate, text, button, highlight, highlightText, link, tooltip, tooltipText;
};

QPalette buildPalette(const Scheme& s)
{
    QPalette p;
    const QColor disabledText = mix(s.window, s.text, 0.42);
    setRole(p, QPalette::Window, s.window, s.window);
    setRole(p, QPalette::WindowText, s.text, disabledText);
    setRole(p, QPalette::Base, s.base, s.window);
    setRole(p, QPalette::AlternateBase, s.alternate, s.alternate);
    setRole(p, QPalette::Text, s.text, disabledText);
    setRole(p, QPalette::PlaceholderText, mix(s.base, s.text, 0.5), mix(s.base, s.text, 0.35));
    setRole(p, QPalette::Button, s.button, s.window);
    setRole(p, QPalette::ButtonText, s.text, disabledText);
    setRole(p, QPalette::BrightText, QColor(Qt::white), QColor(Qt::white));
    setRole(p, QPalette::Highlight, s.highlight, mix(s.window, s.text, 0.25));
    setRole(p, QPalette::HighlightedText, s.highlightText, s.highlightText);
    setRole(p, QPalette::Link, s.link, disabledText);
    setRole(p, QPalette::LinkVisited, s.link, disabledText);
    setRole(p, QPalette::ToolTipBase, s.tooltip, s.tooltip);
    setRole(p, QPalette::ToolTipText, s.tooltipText, s.tooltipText);
    // Fusion draws bevels and frames from these.
    setRole(p, QPalette::Light, s.button.lighter(115), s.button.lighter(115));
    setRole(p, QPalette::Midlight, mix(s.button, s.window, 0.5), mix(s.button, s.window, 0.5));
    setRole(p, QPalette::Mid, mix(s.window, s.text, 0.25), mix(s.window, s.text, 0.2));
    setRole(p, QPalette::Dark, mix(s.window, s.text, 0.4), mix(s.window, s.text, 0.3));
    setRole(p, QPalette::Shadow, QColor(0, 0, 0), QColor(0, 0, 0));
    p.setColor(QPalette::Inactive, QPalette::Highlight, s.highlight);
    return p;
}

QPalette lightPalette()
{
    return buildPalette({QColor("#f3f4f6"), QColor("#ffffff"), QColor("#f7f8fa"), QColor("#1f2328"), QColor("#fbfbfc"),
                         QColor("#2563eb"), QColor("#ffffff"), QColor("#2563eb"), QColor("#2b2d30"),
                         QColor("#f3f4f6")});
}

QPalette darkPalette()
{
    return buildPalette({QColor("#2b2d30"), QColor("#1e1f22"), QColor("#25272a"), QColor("#dfe1e5"), QColor("#393b40"),
                         QColor("#3574f0"), QColor("#ffffff"), QColor("#6ea3f7"), QColor("#43454a"),
                         QColor("#dfe1e5")});
}

bool systemIsDark()
{
    const QByteArray env = qgetenv("MICROLAB_THEME").trimmed().toLower();
    if (env == "dark") return true;
    if (env == "light") return false;
    return state().systemPalette.color(QPalette::Window).lightness() < 128;
}

QString styleSheetFor(const QPalette& p, bool dark)
{
    QFile file(QStringLiteral(":/styles/microlab.qss"));
    if (!file.open(QIODevice::ReadOnly)) return QString();
    QString sheet = QString::fromUtf8(file.readAll());
    const QColor window = p.color(QPalette::Window);
    const QColor text = p.color(QPalette::Text);
    const double pt = QApplication::font().pointSizeF() > 0 ? QApplication::font().pointSizeF() : 9.0;
    const QHash<QString, QString> tokens{
        {QStringLiteral("window"), window.name()},
        {QStringLiteral("base"), p.color(QPalette::Base).name()},
        // Panels with input fields: in the dark theme fields are darker wells on the window colour.
        {QStringLiteral("panel"), (dark ? window : p.color(QPalette::Base)).name()},
        {QStringLiteral("text"), text.name()},
        {QStringLiteral("muted"), mutedTextColor().name()},
        {QStringLiteral("border"), mix(window, text, dark ? 0.16 : 0.14).name()},
        {QStringLiteral("hover"), mix(window, text, dark ? 0.10 : 0.07).name()},
        {QStringLiteral("pressed"), mix(window, text, dark ? 0.18 : 0.13).name()},
        {QStringLiteral("accent"), p.color(QPalette::Highlight).name()},
        {QStringLiteral("selection"), p.color(QPalette::Highlight).name()},
        {QStringLiteral("selectionText"), p.color(QPalette::HighlightedText).name()},
        {QStringLiteral("error"), errorColor().name()},
        {QStringLiteral("titleSize"), QStringLiteral("%1pt").arg(pt + 3, 0, 'f', 1)},
        {QStringLiteral("smallSize"), QStringLiteral("%1pt").arg(pt - 0.5, 0, 'f', 1)},
        {QStringLiteral("hintSize"), QStringLiteral("%1pt").arg(pt + 2, 0, 'f', 1)},
    };
    for (auto it = tokens.begin(); it != tokens.end(); ++it)
        sheet.replace(QLatin1Char('@') + it.key() + QLatin1Char('@'), it.value());
    return sheet;
}

// Renders a monochrome SVG recoloured for the current palette at whatever size is asked, so the
// icons stay sharp at 200% scaling.
class TintedSvgEngine : public QIconEngine {
public:
    TintedSvgEngine(QByteArray normal, QByteArray disabled)
        : m_normal(std::move(normal)), m_disabled(std::move(disabled))
    {
    }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State) override
    {
        QSvgRenderer renderer(mode == QIcon::Disabled ? m_disabled : m_normal);
        renderer.render(painter, rect);
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State state) override
    {
        QPixmap pm(size);
        pm.fill(Qt::transparent);
        QPainter painter(&pm);
        paint(&painter, QRect(QPoint(0, 0), size), mode, state);
        return pm;
    }

    QIconEngine* clone() const override { return new TintedSvgEngine(m_normal, m_disabled); }

private:
    QByteArray m_normal;
    QByteArray m_disabled;
};

QByteArray readResource(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

}  // namespace

void initResources() { initMicrolabResources(); }

void applyTheme(ThemeMode mode)
{
    ThemeState& s = state();
    if (!s.captured) {
        // The platform's palette, before Fusion or we replace it: the only hint of the system's
        // colour scheme Qt 6.4 gives.
        s.systemPalette = QApplication::palette();
        s.captured = true;
    }
    s.mode = mode;
    s.dark = mode == ThemeMode::Dark || (mode == ThemeMode::System && systemIsDark());
    if (QStyle* fusion = QStyleFactory::create(QStringLiteral("Fusion"))) QApplication::setStyle(fusion);
    const QPalette palette = s.dark ? darkPalette() : lightPalette();
    // Widgets redraw their icons while setPalette() delivers PaletteChange, so the old tints must
    // already be gone.
    s.uiIcons.clear();
    QApplication::setPalette(palette);
    if (auto* app = qobject_cast<QApplication*>(QCoreApplication::instance()))
        app->setStyleSheet(styleSheetFor(palette, s.dark));
}

ThemeMode themeMode() { return state().mode; }
bool isDarkTheme() { return state().dark; }

QString themeModeName(ThemeMode mode)
{
    switch (mode) {
    case ThemeMode::Light: return QStringLiteral("light");
    case ThemeMode::Dark: return QStringLiteral("dark");
    case ThemeMode::System: break;
    }
    return QStringLiteral("system");
}

ThemeMode themeModeFromName(const QString& name)
{
    if (name == QLatin1String("light")) return ThemeMode::Light;
    if (name == QLatin1String("dark")) return ThemeMode::Dark;
    return ThemeMode::System;
}

QIcon kindIcon(const QString& kindId)
{
    const KindInfo* kind = Catalog::instance().kind(kindId);
    const QString path = QStringLiteral(":/icons/%1.svg").arg(kind ? kind->icon : kindId);
    if (QFile::exists(path)) return QIcon(path);
    // A kind added to the Catalog before its icon: a neutral tile with its initial.
    QPixmap pm(48, 48);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.setBrush(QColor("#6b7280"));
    p.setPen(Qt::NoPen);
    p.drawRoundedRect(QRectF(2, 2, 44, 44), 10, 10);
    p.setPen(Qt::white);
    QFont f = p.font();
    f.setPixelSize(22);
    f.setBold(true);
    p.setFont(f);
    p.drawText(QRectF(0, 0, 48, 48), Qt::AlignCenter, kindId.left(1).toUpper());
    return QIcon(pm);
}

QIcon uiIcon(const QString& name)
{
    ThemeState& s = state();
    auto it = s.uiIcons.find(name);
    if (it != s.uiIcons.end()) return *it;
    const QByteArray svg = readResource(QStringLiteral(":/icons/ui-%1.svg").arg(name));
    if (svg.isEmpty()) return QIcon();
    const QPalette p = QApplication::palette();
    const QColor normal = mix(p.color(QPalette::Window), p.color(QPalette::WindowText), 0.85);
    const QColor disabled = p.color(QPalette::Disabled, QPalette::WindowText);
    QByteArray a = svg, b = svg;
    a.replace("#000000", normal.name().toLatin1());
    b.replace("#000000", disabled.name().toLatin1());
    const QIcon icon(new TintedSvgEngine(a, b));
    s.uiIcons.insert(name, icon);
    return icon;
}

QIcon severityIcon(Severity severity)
{
    return QIcon(severity == Severity::Error ? QStringLiteral(":/icons/status-error.svg")
                                             : QStringLiteral(":/icons/status-warning.svg"));
}

QIcon okIcon() { return QIcon(QStringLiteral(":/icons/status-ok.svg")); }

QColor errorColor() { return QColor(isDarkTheme() ? "#ff7b72" : "#cf222e"); }
QColor warningColor() { return QColor(isDarkTheme() ? "#e3b341" : "#9a6700"); }

QColor mutedTextColor()
{
    const QPalette p = QApplication::palette();
    return mix(p.color(QPalette::Base), p.color(QPalette::Text), isDarkTheme() ? 0.62 : 0.58);
}

}  // namespace ml::ui
