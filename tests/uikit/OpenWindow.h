// A main window on one of projects/, shown and ready for input: the start of every suite that
// drives a run through the window (run, runactions, runoverlay).
#pragma once

#include "MainWindow.h"

#include <QTest>

#include <memory>

namespace ml::ui::test {

// projects/NAME.mlab.json in the source tree.
inline QString projectFile(const char* name)
{
    return QStringLiteral(MICROLAB_PROJECTS_DIR "/%1.mlab.json").arg(QLatin1String(name));
}

// A 1400×900 window on projects/NAME, shown and active (keyboard input reaches it). A project that
// does not load is a warning here and a failure in the test that then finds no nodes.
inline std::unique_ptr<MainWindow> openWindow(const char* name)
{
    auto w = std::make_unique<MainWindow>(false);
    if (const Status s = w->loadFile(projectFile(name)); !s) qWarning("%s", qPrintable(s.error().toString()));
    w->resize(1400, 900);
    w->show();
    w->activateWindow();
    if (!QTest::qWaitForWindowActive(w.get())) qWarning("window not active");
    return w;
}

}  // namespace ml::ui::test
