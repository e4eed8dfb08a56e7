// Until the run panels (ui/panels/run, the "panels" work) are in this tree, the window installs
// no run tabs. ui/CMakeLists.txt leaves this file out as soon as ui/panels/run/RunPanels.cpp exists.
#include "panels/run/RunPanels.h"

namespace ml::ui {

void installRunPanels(QTabWidget* bottomTabs, RunFeed* feed)
{
    (void)bottomTabs;
    (void)feed;
}

}  // namespace ml::ui
