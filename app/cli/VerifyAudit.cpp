// `microlab-cli verify-audit DATABASE [--head HASH --rows N]`: checks a gatekeeper's hash-chained
// audit trail and names the first row that breaks it; with the anchor a run's report recorded
// (nodes.<gatekeeper>.audit), also a deleted tail, an emptied table or a re-hashed suffix.
// Exit 0 intact, 1 broken or unreadable, 2 bad arguments.
#include "Commands.h"
#include "store/AuditTrail.h"

#include <QRegularExpression>
#include <QTextStream>

#include <cstdio>

namespace ml::cli {

namespace {

QString verifyAuditUsage()
{
    return QStringLiteral(
        "usage: microlab-cli verify-audit DATABASE [--head HASH --rows N]\n"
        "\n"
        "Checks the audit trail a gatekeeper keeps in DATABASE (its auditDatabase file): every row\n"
        "must hold the SHA-256 of the row before it and of its own content. Prints\n"
        "\"ok: N rows, chain intact\", or \"broken at row K: why\" for the first row that does not fit.\n"
        "--head and --rows anchor the chain's end as a run's report recorded it\n"
        "(nodes.<gatekeeper>.audit.head and .rows): row N must exist and its hash must be HASH, so\n"
        "deleted last rows, an emptied table and a rewritten, re-hashed tail are caught too.\n"
        "Exit status: 0 intact, 1 broken or not readable, 2 bad arguments.\n");
}

}  // namespace

int verifyAuditCommand(const QStringList& args)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList files;
    std::optional<QString> head;
    std::optional<qint64> rows;
    auto bad = [&](const QString& message) {
        err << "microlab-cli verify-audit: " << message << "\n\n" << verifyAuditUsage();
        return kExitBadArguments;
    };
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args[i];
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            out << verifyAuditUsage();
            return kExitOk;
        }
        if (a == QLatin1String("--head")) {
            // A SHA-256 in hex, or "" for an anchor of 0 rows.
            static const QRegularExpression sha256(QStringLiteral("^([0-9a-f]{64})?$"));
            if (i + 1 >= args.size() || !sha256.match(args[i + 1]).hasMatch())
                return bad(QStringLiteral("--head needs the SHA-256 (64 lowercase hex digits) the report recorded"));
            head = args[++i];
            continue;
        }
        if (a == QLatin1String("--rows")) {
            bool ok = false;
            const qint64 n = i + 1 < args.size() ? args[i + 1].toLongLong(&ok) : -1;
            if (!ok || n < 0) return bad(QStringLiteral("--rows needs the row count (0 or more) the report recorded"));
            rows = n;
            ++i;
            continue;
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
    if (head.has_value() != rows.has_value()) return bad(QStringLiteral("--head and --rows go together"));
    std::optional<AuditAnchor> anchor;
    if (head) anchor = AuditAnchor{*rows, head->toStdString()};
    const Result<AuditCheck> check = verifyAuditTrail(files.first(), anchor);
    if (!check) {
        err << "microlab-cli verify-audit: " << check.error().message << '\n';
        return kExitProjectErrors;
    }
    if (!check->intact()) {
        out << "broken at row " << check->brokenRow << ": " << check->why << '\n';
        return kExitProjectErrors;
    }
    out << "ok: " << check->rows << " rows, chain intact";
    if (anchor) {
        out << ", ends at the anchored head (row " << anchor->rows << ")";
        if (check->afterAnchor > 0) out << "; " << check->afterAnchor << " rows were appended after it";
    }
    out << '\n';
    return kExitOk;
}

}  // namespace ml::cli
