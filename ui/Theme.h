// The application's look: Fusion with a light or dark palette (following the system unless the
// user picks one), the small stylesheet in resources/styles, and the icons from resources/icons.
#pragma once

#include "model/Catalog.h"
#include "model/Problem.h"

#include <QColor>
#include <QIcon>
#include <QString>

namespace ml::ui {

enum class ThemeMode { System, Light, Dark };

// The resources live in the static microlab_ui library; executables call this once before they
// show anything (tests too), or the icons and the stylesheet are missing.
void initResources();

// Fusion + palette + stylesheet for `mode`. System means MICROLAB_THEME=dark|light when set,
// else whatever the platform's own palette is (dark when its window colour is dark).
void applyTheme(ThemeMode mode);
ThemeMode themeMode();
bool isDarkTheme();  // the effective look after applyTheme

QString themeModeName(ThemeMode mode);             // "system", "light", "dark"
ThemeMode themeModeFromName(const QString& name);  // unknown: System

// A Catalog kind's tile icon (":/icons/<KindInfo::icon>.svg").
QIcon kindIcon(const QString& kindId);
// A monochrome UI icon (":/icons/ui-<name>.svg") drawn in the palette's text colour, so it stays
// readable in both themes; call again after a theme change.
QIcon uiIcon(const QString& name);
QIcon severityIcon(Severity severity);
QIcon okIcon();

// Colours the panels use for text that must stand out from the palette.
QColor errorColor();
QColor warningColor();
QColor mutedTextColor();

}  // namespace ml::ui
