#include "Commands.h"

namespace ml::cli {

const std::vector<Command>& commands()
{
    static const std::vector<Command> list = {
        {QStringLiteral("validate"),
         QStringLiteral("validate FILE                 lint; exit 1 on errors, print problems"), validateCommand},
        {QStringLiteral("run"),
         QStringLiteral("run FILE [--duration 10m] [--seed N] [--max-events N] [--inject NODE=JSON]...\n"
                        "                              [--at TIME ACTION]... [--report out.json] [--events out.jsonl]\n"
                        "                              [--serve [--http-port N] [--ws-port N]] [--realtime]"),
         runCommand},
        {QStringLiteral("bench"),
         QStringLiteral("bench [FILE] [--messages N] [--json]   engine throughput on a pipeline"), benchCommand},
        {QStringLiteral("export"),
         QStringLiteral("export FILE --format sam|cfn|mermaid|dot|svg|png [-o OUT] [--with-handlers]"), exportCommand},
        {QStringLiteral("verify-audit"),
         QStringLiteral("verify-audit DATABASE [--head HASH --rows N]   check a gatekeeper's audit trail"),
         verifyAuditCommand},
        {QStringLiteral("layout"),
         QStringLiteral("layout FILE [-o OUT]         arrange the diagram (layered, left to right) and save it"),
         layoutCommand},
        {QStringLiteral("import"),
         QStringLiteral("import TEMPLATE -o FILE.mlab.json   SAM / CloudFormation (YAML or JSON) → diagram"),
         importCommand},
        {QStringLiteral("lab"),
         QStringLiteral("lab FILE [--solve]            evaluate (or solve, then evaluate) a lab's checks"), labCommand},
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
