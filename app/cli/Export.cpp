// `microlab-cli export FILE --format sam|cfn|mermaid|dot|svg|png -o OUT`: the diagram as a SAM or
// CloudFormation template (optionally with handlers that implement it), as Mermaid or Graphviz
// text, or as an image of the canvas (rendered offscreen; needs the GUI library).
#include "Commands.h"
#include "export/DiagramText.h"
#include "export/Handlers.h"
#include "export/SamTemplate.h"
#include "export/TemplateText.h"
#include "project/ProjectFile.h"

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

#ifdef MICROLAB_CLI_HAS_UI
#include "export/DiagramImage.h"
#endif

#include <cstdio>

namespace ml::cli {

namespace {

QString exportUsage()
{
    return QStringLiteral(
        "usage: microlab-cli export FILE --format sam|cfn|mermaid|dot|svg|png [-o OUT]\n"
        "                           [--with-handlers] [--scale N] [--background white|transparent]\n"
        "                           [--select NODE[,NODE...]]\n"
        "\n"
        "sam      AWS SAM template (YAML). With --with-handlers, OUT is a directory that gets\n"
        "         template.yaml and src/<function>/index.mjs per function (sam build && sam deploy).\n"
        "cfn      CloudFormation (JSON), every AWS::Serverless::* expanded; code from the CodeBucket parameter.\n"
        "mermaid  flowchart LR text.      dot   Graphviz DOT text.\n"
        "svg, png the canvas (whole diagram, or --select nodes), rendered offscreen; --scale (png, default 2),\n"
        "         --background white (default) or transparent.\n"
        "Text formats go to stdout without -o. Warnings (what could not be expressed exactly) go to stderr.\n"
        "Exit status: 0 exported, 1 the project cannot be loaded or exported, 2 bad arguments.\n");
}

int bad(const QString& message)
{
    QTextStream(stderr) << "microlab-cli export: " << message << "\n\n" << exportUsage();
    return kExitBadArguments;
}

bool writeFile(const QString& path, const QByteArray& bytes, QString* error)
{
    if (path.isEmpty() || path == QLatin1String("-")) {
        fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        return true;
    }
    QFileInfo info(path);
    QDir().mkpath(info.absolutePath());
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

}  // namespace

bool exportNeedsGui(const QStringList& args)
{
    if (args.value(0) != QLatin1String("export")) return false;
    for (qsizetype i = 1; i + 1 < args.size(); ++i)
        if (args[i] == QLatin1String("--format") &&
            (args[i + 1] == QLatin1String("svg") || args[i + 1] == QLatin1String("png")))
            return true;
    return false;
}

int exportCommand(const QStringList& args)
{
    QString file, format, out, background = QStringLiteral("white");
    QStringList selection;
    bool withHandlers = false;
    double scale = 2.0;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        auto value = [&](QString& into) {
            if (i + 1 >= args.size()) return false;
            into = args[++i];
            return true;
        };
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            QTextStream(stdout) << exportUsage();
            return kExitOk;
        } else if (a == QLatin1String("--format")) {
            if (!value(format)) return bad(QStringLiteral("--format needs a value"));
        } else if (a == QLatin1String("-o") || a == QLatin1String("--output")) {
            if (!value(out)) return bad(QStringLiteral("-o needs a path"));
        } else if (a == QLatin1String("--with-handlers")) {
            withHandlers = true;
        } else if (a == QLatin1String("--scale")) {
            QString text;
            bool ok = false;
            if (!value(text) || (scale = text.toDouble(&ok), !ok) || scale <= 0 || scale > 16)
                return bad(QStringLiteral("--scale needs a number in (0, 16]"));
        } else if (a == QLatin1String("--background")) {
            if (!value(background) ||
                (background != QLatin1String("white") && background != QLatin1String("transparent")))
                return bad(QStringLiteral("--background is white or transparent"));
        } else if (a == QLatin1String("--select")) {
            QString text;
            if (!value(text)) return bad(QStringLiteral("--select needs node ids"));
            selection += text.split(QLatin1Char(','), Qt::SkipEmptyParts);
        } else if (a.startsWith(QLatin1Char('-'))) {
            return bad(QStringLiteral("unknown option '%1'").arg(a));
        } else if (file.isEmpty()) {
            file = a;
        } else {
            return bad(QStringLiteral("expected one FILE"));
        }
    }
    static const QStringList formats = {QStringLiteral("sam"), QStringLiteral("cfn"), QStringLiteral("mermaid"),
                                        QStringLiteral("dot"), QStringLiteral("svg"), QStringLiteral("png")};
    if (file.isEmpty()) return bad(QStringLiteral("missing FILE"));
    if (!formats.contains(format)) return bad(QStringLiteral("--format is one of sam, cfn, mermaid, dot, svg, png"));
    if (withHandlers && (format != QLatin1String("sam") || out.isEmpty()))
        return bad(QStringLiteral("--with-handlers needs --format sam and -o DIR"));
    if ((format == QLatin1String("png") || format == QLatin1String("svg")) && out.isEmpty())
        return bad(QStringLiteral("--format %1 needs -o OUT").arg(format));

    QTextStream err(stderr);
    const Result<LoadedProject> loaded = projectfile::load(file);
    if (!loaded) {
        err << "error: " << loaded.error().toString() << '\n';
        return kExitProjectErrors;
    }
    const Diagram& diagram = loaded->diagram;
    exporting::ExportOptions options;
    options.withHandlers = withHandlers;

    QByteArray bytes;
    if (format == QLatin1String("sam") || format == QLatin1String("cfn")) {
        const Result<exporting::ExportedTemplate> t = format == QLatin1String("sam")
                                                          ? exporting::samTemplate(diagram, options)
                                                          : exporting::cloudFormationTemplate(diagram, options);
        if (!t) {
            err << "error: " << t.error().inFile(file).toString() << '\n';
            return kExitProjectErrors;
        }
        for (const QString& w : t->warnings) err << "warning: " << w << '\n';
        bytes = format == QLatin1String("sam") ? exporting::templateYaml(t->document)
                                               : exporting::templateJson(t->document);
    } else if (format == QLatin1String("mermaid")) {
        bytes = exporting::mermaidFlowchart(diagram);
    } else if (format == QLatin1String("dot")) {
        bytes = exporting::graphvizDot(diagram);
    } else {
#ifdef MICROLAB_CLI_HAS_UI
        exporting::ImageOptions image;
        image.scale = scale;
        image.transparent = background == QLatin1String("transparent");
        for (const QString& id : selection) {
            if (!diagram.node(NodeId(id))) return bad(QStringLiteral("--select: no node '%1'").arg(id));
            image.selection.push_back(NodeId(id));
        }
        bytes = format == QLatin1String("svg") ? exporting::diagramSvg(diagram, image)
                                               : exporting::diagramPng(diagram, image);
        if (bytes.isEmpty()) {
            err << "error: could not render the diagram as " << format << '\n';
            return kExitProjectErrors;
        }
#else
        err << "error: this microlab-cli was built without the GUI library; svg and png need it\n";
        return kExitProjectErrors;
#endif
    }

    QString error;
    if (withHandlers) {
        if (!writeFile(QDir(out).filePath(QStringLiteral("template.yaml")), bytes, &error)) {
            err << "error: " << error << '\n';
            return kExitProjectErrors;
        }
        for (const exporting::HandlerFile& h : exporting::handlerFiles(diagram))
            if (!writeFile(QDir(out).filePath(h.path), h.bytes, &error)) {
                err << "error: " << error << '\n';
                return kExitProjectErrors;
            }
        return kExitOk;
    }
    if (!writeFile(out, bytes, &error)) {
        err << "error: " << error << '\n';
        return kExitProjectErrors;
    }
    return kExitOk;
}

}  // namespace ml::cli
