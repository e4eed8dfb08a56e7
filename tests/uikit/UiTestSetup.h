// The one set-up every widget suite shares (QtNodes' ApplicationSetup.hpp): settings and standard
// paths in test mode so a run never touches the user's, the app's names for QSettings, the icon
// resources, and the light theme so pixels and colours are the same on every machine.
#pragma once

#include "Theme.h"

#include <QCoreApplication>
#include <QSettings>
#include <QStandardPaths>

namespace ml::ui::test {

// Call from initTestCase(). `clearSettings`: start from empty QSettings (suites that read them).
inline void setUpApplication(bool clearSettings = false)
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Microlab"));
    QCoreApplication::setApplicationName(QStringLiteral("Microlab"));
    if (clearSettings) QSettings().clear();
    initResources();
    applyTheme(ThemeMode::Light);
}

}  // namespace ml::ui::test
