// microlab-cli: the headless runner — validate, run, export, bench, verify-audit.
#include "Commands.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("microlab-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Microlab"));

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
        QTextStream(args.isEmpty() ? stderr : stdout) << ml::cli::usage();
        return args.isEmpty() ? ml::cli::kExitBadArguments : 0;
    }
    const QString command = args.takeFirst();
    for (const ml::cli::Command& c : ml::cli::commands()) {
        if (c.name == command) return c.run(args);
    }
    QTextStream(stderr) << "microlab-cli: unknown command '" << command << "'\n\n" << ml::cli::usage();
    return ml::cli::kExitBadArguments;
}
