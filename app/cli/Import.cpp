// `microlab-cli import TEMPLATE -o FILE.mlab.json`: a SAM / CloudFormation template (YAML or JSON)
// as a diagram (core/import). Prints why each function got its kind and every warning (what was
// kept unmapped), then the lint problems of the result.
#include "Commands.h"
#include "import/TemplateImport.h"
#include "model/Lint.h"
#include "project/ProjectFile.h"

#include <QTextStream>

namespace ml::cli {

namespace {

QString importUsage()
{
    return QStringLiteral(
        "usage: microlab-cli import TEMPLATE -o FILE.mlab.json [--quiet]\n"
        "\n"
        "Reads a SAM or CloudFormation template (YAML or JSON) and writes it as a laid-out diagram.\n"
        "Prints a note per function (the kind it became and why) and a warning for everything kept\n"
        "verbatim in the file's \"unmapped\" section; --quiet prints warnings only.\n"
        "Exit status: 0 written, 1 the template cannot be read or imported, 2 bad arguments.\n");
}

}  // namespace

int importCommand(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QString input, output;
    bool quiet = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out << importUsage();
            return kExitOk;
        }
        if (a == QLatin1String("--quiet") || a == QLatin1String("-q")) {
            quiet = true;
        } else if (a == QLatin1String("-o") || a == QLatin1String("--output")) {
            if (i + 1 >= args.size()) {
                err << "microlab-cli import: " << a << " needs a file name\n\n" << importUsage();
                return kExitBadArguments;
            }
            output = args[++i];
        } else if (a.startsWith(QLatin1Char('-'))) {
            err << "microlab-cli import: unknown option '" << a << "'\n\n" << importUsage();
            return kExitBadArguments;
        } else if (!input.isEmpty()) {
            err << "microlab-cli import: expected one TEMPLATE\n\n" << importUsage();
            return kExitBadArguments;
        } else {
            input = a;
        }
    }
    if (input.isEmpty() || output.isEmpty()) {
        err << "microlab-cli import: " << (input.isEmpty() ? "missing TEMPLATE" : "missing -o FILE.mlab.json") << "\n\n"
            << importUsage();
        return kExitBadArguments;
    }

    const Result<cfn::ImportedTemplate> imported = cfn::importTemplateFile(input);
    if (!imported) {
        err << "error: " << imported.error().toString() << '\n';
        return kExitProjectErrors;
    }
    int warnings = 0;
    for (const cfn::ImportNote& n : imported->notes) {
        warnings += n.isWarning();
        if (quiet && !n.isWarning()) continue;
        (n.isWarning() ? err : out) << input << ':' << n.toString() << '\n';
    }
    const Status saved = projectfile::save(imported->diagram, output);
    if (!saved) {
        err << "error: " << saved.error().toString() << '\n';
        return kExitProjectErrors;
    }
    int errors = 0;
    for (const Problem& p : lint(imported->diagram)) {
        errors += p.isError();
        if (!p.isError() && quiet) continue;
        err << (p.isError() ? "error: " : "lint warning: ") << output << ':'
            << (p.pointer.isEmpty() ? QStringLiteral("-") : p.pointer) << ": " << p.message << '\n';
    }
    out << "imported " << imported->diagram.nodes().size() << " nodes and " << imported->diagram.edges().size()
        << " edges; " << warnings << (warnings == 1 ? " warning" : " warnings") << "; saved " << output << '\n';
    if (errors > 0)
        out << "the diagram has " << errors << " lint error(s); fix them before running (microlab-cli validate "
            << output << ")\n";
    return kExitOk;
}

}  // namespace ml::cli
