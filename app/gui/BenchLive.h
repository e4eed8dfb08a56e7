// `microlab --bench-live FILE [--json]` (DESIGN.md "The command-line runner"): headless engine rate
// against the rate with the window attached, frame times and tokens on screen. Three rounds, each
// a headless leg and then a live leg over the same virtual time; the medians are printed.
#pragma once

#include <QString>

// `tab`: the bottom tab shown during the live leg ("logs": the Logs tab collects every line); empty: Problems.
int benchLive(const QString& file, bool json, const QString& tab = QString());
