#include "Commands.h"

namespace ml::cli {

const std::vector<Command>& commands()
{
    static const std::vector<Command> list = {
        {QStringLiteral("validate"), QStringLiteral("validate FILE                 lint; exit 1 on errors, print problems"),
         validateCommand},
        {QStringLiteral("run"),
         QStringLiteral("run FILE [--duration 10m] [--seed N] [--max-events N] [--inject NODE=JSON]...\n"
                        "                              [--report out.json] [--events out.jsonl] [--realtime]"),
         runCommand},
        {QStringLiteral("bench"), QStringLiteral("bench [FILE] [--messages N] [--json]   engine throughput on a pipeline"),
         benchCommand},
        {QStringLiteral("export"),
         QStringLiteral("export FILE --format sam|cfn|mermaid|dot|svg|png [-o OUT] [--with-handlers]"), exportCommand},
        {QStringLiteral("verify-audit"),
         QStringLiteral("verify-audit DATABASE       check a gatekeeper's hash-chained audit trail"), verifyAuditCommand},
    };
    return list;
}

QString usage()
{
    QString text = QStringLiteral("usage: microlab-cli COMMAND [ARGS]\n\ncommands:\n");
    for (const Command& c : commands()) text += QStringLiteral("  ") + c.synopsis + QLatin1Char('\n');
    return text;
}

}  // namespace ml::cli
