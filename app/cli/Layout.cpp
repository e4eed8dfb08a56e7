// `microlab-cli layout FILE [-o OUT]`: arranges the diagram (layered, left to right; see
// core/layout/Arrange.h) and saves it with the new positions, to OUT or back to FILE.
#include "Commands.h"
#include "layout/Arrange.h"
#include "project/ProjectFile.h"

#include <QTextStream>

namespace ml::cli {

namespace {

QString layoutUsage()
{
    return QStringLiteral(
        "usage: microlab-cli layout FILE [-o OUT]\n"
        "\n"
        "Arranges the diagram left to right in layers (clients first, stores last, each dead-letter\n"
        "queue below its queue) and saves it with the new positions to OUT, or back to FILE.\n"
        "Exit status: 0 saved, 1 the file cannot be loaded or saved, 2 bad arguments.\n");
}

}  // namespace

int layoutCommand(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString file, output;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out << layoutUsage();
            return kExitOk;
        }
        if (a == QLatin1String("-o") || a == QLatin1String("--output")) {
            if (i + 1 >= args.size()) {
                err << "microlab-cli layout: " << a << " needs a file name\n\n" << layoutUsage();
                return kExitBadArguments;
            }
            output = args[++i];
            continue;
        }
        if (a.startsWith(QLatin1Char('-'))) {
            err << "microlab-cli layout: unknown option '" << a << "'\n\n" << layoutUsage();
            return kExitBadArguments;
        }
        if (!file.isEmpty()) {
            err << "microlab-cli layout: expected one FILE\n\n" << layoutUsage();
            return kExitBadArguments;
        }
        file = a;
    }
    if (file.isEmpty()) {
        err << "microlab-cli layout: missing FILE\n\n" << layoutUsage();
        return kExitBadArguments;
    }
    if (output.isEmpty()) output = file;

    Result<LoadedProject> loaded = projectfile::load(file);
    if (!loaded) {
        err << "error: " << loaded.error().toString() << '\n';
        return kExitProjectErrors;
    }
    Diagram& diagram = loaded.value().diagram;
    const layout::Engine engine = layout::arrangeInPlace(diagram);
    const Status saved = projectfile::save(diagram, output);
    if (!saved) {
        err << "error: " << saved.error().toString() << '\n';
        return kExitProjectErrors;
    }
    out << "arranged " << diagram.nodes().size() << (diagram.nodes().size() == 1 ? " node" : " nodes") << " ("
        << (engine == layout::Engine::Graphviz ? "Graphviz dot" : "built-in layered layout") << "); saved " << output
        << '\n';
    return kExitOk;
}

}  // namespace ml::cli
