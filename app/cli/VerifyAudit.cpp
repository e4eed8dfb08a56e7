// `microlab-cli verify-audit DATABASE`: checks a gatekeeper's hash-chained audit trail and
// names the first row that breaks it. Exit 0 intact, 1 broken or unreadable, 2 bad arguments.
#include "Commands.h"
#include "store/AuditTrail.h"

#include <QTextStream>

#include <cstdio>

namespace ml::cli {

namespace {

QString verifyAuditUsage()
{
    return QStringLiteral(
        "usage: microlab-cli verify-audit DATABASE\n"
        "\n"
        "Checks the audit trail a gatekeeper keeps in DATABASE (its auditDatabase file): every row\n"
        "must hold the SHA-256 of the row before it and of its own content. Prints\n"
        "\"ok: N rows, chain intact\", or \"broken at row K: why\" for the first row that does not fit.\n"
        "Exit status: 0 intact, 1 broken or not readable, 2 bad arguments.\n");
}

}  // namespace

int verifyAuditCommand(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList files;
    for (const QString& a : args) {
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out << verifyAuditUsage();
            return kExitOk;
        }
        if (a.startsWith(QLatin1Char('-'))) {
            err << "microlab-cli verify-audit: unknown option '" << a << "'\n\n" << verifyAuditUsage();
            return kExitBadArguments;
        }
        files << a;
    }
    if (files.size() != 1) {
        err << (files.isEmpty() ? "microlab-cli verify-audit: missing DATABASE\n\n"
                                : "microlab-cli verify-audit: expected one DATABASE\n\n")
            << verifyAuditUsage();
        return kExitBadArguments;
    }
    const Result<AuditCheck> check = verifyAuditTrail(files.first());
    if (!check) {
        err << "microlab-cli verify-audit: " << check.error().message << '\n';
        return kExitProjectErrors;
    }
    if (!check->intact()) {
        out << "broken at row " << check->brokenRow << ": " << check->why << '\n';
        return kExitProjectErrors;
    }
    out << "ok: " << check->rows << " rows, chain intact\n";
    return kExitOk;
}

}  // namespace ml::cli
