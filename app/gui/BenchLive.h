// `microlab --bench-live FILE [--json]` (DESIGN.md "The command-line runner"): headless engine rate
// against the rate with the window attached, frame times and tokens on screen.
#pragma once

#include <QString>

int benchLive(const QString& file, bool json);
