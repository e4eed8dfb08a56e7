// The sub-commands of microlab-cli. Each lives in its own file and registers itself here.
#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace ml::cli {

constexpr int kExitOk = 0;
constexpr int kExitProjectErrors = 1;
constexpr int kExitBadArguments = 2;

struct Command {
    QString name;
    QString synopsis;  // one usage line
    std::function<int(const QStringList& args)> run;
};

const std::vector<Command>& commands();
QString usage();

int validateCommand(const QStringList& args);
int runCommand(const QStringList& args);
int benchCommand(const QStringList& args);
int verifyAuditCommand(const QStringList& args);
int layoutCommand(const QStringList& args);
int importCommand(const QStringList& args);
int exportCommand(const QStringList& args);
int labCommand(const QStringList& args);
// svg and png exports render the canvas: main() makes a QApplication (offscreen is fine) for them only.
bool exportNeedsGui(const QStringList& args);

}  // namespace ml::cli
