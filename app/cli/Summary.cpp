#include "Summary.h"

#include "format/Duration.h"

#include <QStringList>

namespace ml::cli {

namespace {

QString number(const Json& node, const char* key)
{
    auto it = node.find(key);
    return it == node.end() || !it->is_number() ? QStringLiteral("-") : QString::number(it->get<qint64>());
}

// A duration of the report ("2121582us"), as people read it ("2.12s").
QString virtualTime(const Json& report, const char* key = "virtualTime")
{
    const QString exact = QString::fromStdString(report.value(key, std::string()));
    const Result<Micros> t = duration::parse(exact);
    return t ? duration::formatForPeople(t.value()) : exact;
}

}  // namespace

void printSummary(const Json& report, QTextStream& out)
{
    out << "Project " << QString::fromStdString(report.value("project", std::string())) << ": " << virtualTime(report)
        << " of virtual time"
        << (report.contains("until") ? QStringLiteral(" (cap %1)").arg(virtualTime(report, "until")) : QString())
        << ", " << report.value("events", quint64(0)) << " events, seed " << report.value("seed", quint64(0)) << "\n\n";

    const QStringList headers{QStringLiteral("node"),    QStringLiteral("kind"),      QStringLiteral("received"),
                              QStringLiteral("invoked"), QStringLiteral("ok"),        QStringLiteral("failed"),
                              QStringLiteral("timeout"), QStringLiteral("throttled"), QStringLiteral("retried"),
                              QStringLiteral("DLQ'd"),   QStringLiteral("queued"),    QStringLiteral("p50"),
                              QStringLiteral("p99")};
    std::vector<QStringList> rows;
    const Json& nodes = report.value("nodes", Json::object());
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const Json& n = it.value();
        const Json latency = n.value("latency", Json::object());
        const Json queue = n.value("queue", Json());
        rows.push_back({QString::fromStdString(it.key()), QString::fromStdString(n.value("kind", std::string())),
                        number(n, "received"), number(n, "invoked"), number(n, "succeeded"), number(n, "failed"),
                        number(n, "timedOut"), number(n, "throttled"), number(n, "retried"), number(n, "deadLettered"),
                        queue.is_object() ? number(queue, "visible") : QStringLiteral("-"),
                        QString::fromStdString(latency.value("p50", std::string("-"))),
                        QString::fromStdString(latency.value("p99", std::string("-")))});
    }
    std::vector<qsizetype> widths(size_t(headers.size()));
    for (int c = 0; c < headers.size(); ++c) widths[size_t(c)] = headers[c].size();
    for (const QStringList& r : rows)
        for (int c = 0; c < r.size(); ++c) widths[size_t(c)] = std::max(widths[size_t(c)], r[c].size());
    auto printRow = [&](const QStringList& r) {
        for (int c = 0; c < r.size(); ++c)
            out << (c < 2 ? r[c].leftJustified(widths[size_t(c)]) : r[c].rightJustified(widths[size_t(c)])) << "  ";
        out << '\n';
    };
    printRow(headers);
    for (const QStringList& r : rows) printRow(r);

    QStringList dlqs;
    for (auto it = nodes.begin(); it != nodes.end(); ++it) {
        const Json& q = it.value().value("queue", Json());
        if (!q.is_object() || q.value("visible", 0) == 0) continue;
        const Json& msgs = q.value("messages", Json::array());
        if (!msgs.empty() && msgs.front().contains("deadLetterSourceQueue"))
            dlqs << QStringLiteral("%1 holds %2 (from %3)")
                        .arg(QString::fromStdString(it.key()))
                        .arg(q.value("visible", 0))
                        .arg(QString::fromStdString(msgs.front()["deadLetterSourceQueue"].get<std::string>()));
    }
    out << '\n';
    if (!dlqs.isEmpty()) out << "Dead-letter queues: " << dlqs.join(QStringLiteral("; ")) << '\n';

    const Json& c = report.value("conservation", Json::object());
    QStringList dropped;
    const Json& d = c.value("dropped", Json::object());
    for (auto it = d.begin(); it != d.end(); ++it)
        dropped << QStringLiteral("%1 %2").arg(it.value().get<qint64>()).arg(QString::fromStdString(it.key()));
    out << "Conservation " << (c.value("holds", false) ? "holds" : "DOES NOT HOLD") << ": entered "
        << c.value("entered", 0) << " + derived " << c.value("derived", 0) << " = delivered " << c.value("delivered", 0)
        << " + forwarded " << c.value("forwarded", 0) << " + queued " << c.value("queued", 0) << " + in flight "
        << c.value("inFlight", 0) << " + dead-lettered " << c.value("deadLettered", 0) << " + expired "
        << c.value("expired", 0) << " + dropped "
        << (dropped.isEmpty() ? QStringLiteral("0") : dropped.join(QStringLiteral(", "))) << '\n';
    const Json& logs = report.value("logs", Json::object());
    out << "Logs: " << logs.value("debug", 0) << " debug, " << logs.value("info", 0) << " info, "
        << logs.value("warning", 0) << " warning, " << logs.value("critical", 0) << " critical\n";
}

}  // namespace ml::cli
