// microlab — the designer. `microlab [FILE] [--screenshot OUT.png [--run-for DURATION]] [--size WxH]`
#include "MainWindow.h"
#include "Theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QRegularExpression>
#include <QSettings>
#include <QTimer>

#include <cstdio>

namespace {

void fail(const QString& message) { std::fprintf(stderr, "microlab: %s\n", qPrintable(message)); }

}  // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Microlab"));
    QApplication::setApplicationName(QStringLiteral("Microlab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Microlab"));
    QApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    QApplication::setDesktopFileName(QStringLiteral("microlab"));
    ml::ui::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/microlab.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Design, run and watch serverless microservice architectures."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A project file (*.mlab.json) to open."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Save the main window as a PNG and exit."), QStringLiteral("OUT.png"));
    const QCommandLineOption runFor(QStringLiteral("run-for"),
                                    QStringLiteral("With --screenshot: run the diagram for this much virtual time first."),
                                    QStringLiteral("DURATION"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size for --screenshot (default 1600x1000)."),
                                  QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    parser.addOptions({screenshot, runFor, size});
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (files.size() > 1) {
        fail(QStringLiteral("expected at most one FILE; got %1").arg(files.size()));
        return 2;
    }
    const QString file = files.value(0);

    if (parser.isSet(screenshot)) {
        static const QRegularExpression sizePattern(QStringLiteral("^(\\d{2,5})x(\\d{2,5})$"));
        const QRegularExpressionMatch m = sizePattern.match(parser.value(size));
        if (!m.hasMatch()) {
            fail(QStringLiteral("--size expects WIDTHxHEIGHT like 1600x1000; got \"%1\"").arg(parser.value(size)));
            return 2;
        }
        if (parser.isSet(runFor))
            fail(QStringLiteral("note: --run-for is ignored until the live run lands; the screenshot shows the design"));
        // Screenshots look the same on every machine: no saved layout, theme from MICROLAB_THEME.
        ml::ui::applyTheme(ml::ui::ThemeMode::System);
        ml::ui::MainWindow window(false);
        if (!file.isEmpty()) {
            if (const ml::Status s = window.loadFile(file); !s) {
                fail(s.error().toString());
                return 1;
            }
        }
        const ml::Status s = window.saveScreenshot(parser.value(screenshot), QSize(m.captured(1).toInt(), m.captured(2).toInt()));
        if (!s) {
            fail(s.error().toString());
            return 1;
        }
        return 0;
    }

    ml::ui::applyTheme(ml::ui::themeModeFromName(QSettings().value(QStringLiteral("view/theme")).toString()));
    ml::ui::MainWindow window;
    window.show();
    // Work a crashed session left behind comes first; otherwise open what was asked for.
    QTimer::singleShot(0, &window, [&window, file] {
        if (!window.offerRecovery() && !file.isEmpty()) window.openFile(file);
    });
    return app.exec();
}
