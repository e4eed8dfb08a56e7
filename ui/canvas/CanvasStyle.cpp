#include "canvas/CanvasStyle.h"

#include <QGuiApplication>

namespace ml::ui::canvas {

namespace {

bool isDark(const QPalette& p) { return p.color(QPalette::Window).lightness() < 128; }

QColor mix(const QColor& a, const QColor& b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t), float(a.alphaF() * (1 - t) + b.alphaF() * t));
}

Colors build()
{
    const QPalette p = QGuiApplication::palette();
    Colors c;
    c.dark = isDark(p);
    const QColor window = p.color(QPalette::Window);
    const QColor base = p.color(QPalette::Base);
    const QColor text = p.color(QPalette::Text);
    // The canvas sits a shade apart from the cards so they read as objects lying on it.
    c.background = c.dark ? mix(window, QColor(0, 0, 0), 0.25) : mix(window, base, 0.55);
    c.gridDot = mix(c.background, text, c.dark ? 0.22 : 0.20);
    c.card = c.dark ? mix(window, QColor(255, 255, 255), 0.07) : base;
    c.cardBorder = mix(c.card, text, c.dark ? 0.22 : 0.16);
    c.cardHoverBorder = mix(c.card, text, 0.45);
    c.shadow = QColor(0, 0, 0, c.dark ? 90 : 28);
    c.text = text;
    c.mutedText = mix(c.card, text, 0.58);
    c.selection = p.color(QPalette::Highlight);
    if (c.selection.saturation() < 40) c.selection = QColor(c.dark ? "#4c9aff" : "#2563eb");
    c.error = QColor(c.dark ? "#f87171" : "#dc2626");
    c.warning = QColor(c.dark ? "#fbbf24" : "#d97706");
    c.allowed = QColor(c.dark ? "#4ade80" : "#16a34a");
    c.labelFill = c.card;
    c.labelBorder = c.cardBorder;
    c.labelText = mix(c.card, text, 0.75);
    return c;
}

Colors& cached()
{
    static Colors c = build();
    return c;
}

}  // namespace

EdgeFamily edgeFamily(const QString& k)
{
    if (k == QLatin1String("dead-letter")) return EdgeFamily::DeadLetter;
    if (k == QLatin1String("enqueue") || k == QLatin1String("event-source") || k == QLatin1String("subscription"))
        return EdgeFamily::Messaging;
    if (k == QLatin1String("data-access") || k == QLatin1String("stream") || k == QLatin1String("notification"))
        return EdgeFamily::Data;
    if (k == QLatin1String("logging") || k == QLatin1String("log-subscription")) return EdgeFamily::Logging;
    return EdgeFamily::Invoke;  // invoke, route, push, traffic
}

const Colors& colors() { return cached(); }

void refreshColors() { cached() = build(); }

QColor overBackground(const QColor& color, double opacity) { return mix(colors().background, color, opacity); }

QColor categoryColor(Category category)
{
    const bool dark = colors().dark;
    switch (category) {
    case Category::EntryPoint: return QColor(dark ? "#a78bfa" : "#7c3aed");
    case Category::Microservice: return QColor(dark ? "#fb923c" : "#ea580c");
    case Category::Messaging: return QColor(dark ? "#f472b6" : "#db2777");
    case Category::Data: return QColor(dark ? "#4ade80" : "#16a34a");
    case Category::Observability: return QColor(dark ? "#2dd4bf" : "#0d9488");
    case Category::Client: return QColor(dark ? "#94a3b8" : "#475569");
    }
    return QColor("#64748b");
}

QColor edgeColor(EdgeFamily family)
{
    const bool dark = colors().dark;
    switch (family) {
    case EdgeFamily::Invoke: return QColor(dark ? "#60a5fa" : "#2563eb");
    case EdgeFamily::Messaging: return QColor(dark ? "#f472b6" : "#c026d3");
    case EdgeFamily::Data: return QColor(dark ? "#4ade80" : "#15803d");
    case EdgeFamily::Logging: return QColor(dark ? "#94a3b8" : "#64748b");
    case EdgeFamily::DeadLetter: return QColor(dark ? "#f87171" : "#dc2626");
    }
    return QColor("#64748b");
}

}  // namespace ml::ui::canvas
