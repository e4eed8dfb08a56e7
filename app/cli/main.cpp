// microlab-cli: the headless runner — validate, run, export, bench, verify-audit.
#include "Commands.h"

#include <QCoreApplication>
#ifdef MICROLAB_CLI_HAS_UI
#include <QApplication>
#endif
#include <QTextStream>

#include <cstdio>
#include <memory>

int main(int argc, char** argv)
{
    // Only svg/png exports draw the canvas (QtWidgets); every other command stays headless.
    std::unique_ptr<QCoreApplication> app;
#ifdef MICROLAB_CLI_HAS_UI
    QStringList raw;
    for (int i = 1; i < argc; ++i) raw << QString::fromLocal8Bit(argv[i]);
    if (ml::cli::exportNeedsGui(raw)) {
        // A headless machine has no display: draw offscreen unless the user chose a platform.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY") &&
            qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QApplication>(argc, argv);
    }
#endif
    if (!app) app = std::make_unique<QCoreApplication>(argc, argv);
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
