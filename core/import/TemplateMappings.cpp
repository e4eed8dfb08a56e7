// The importer's event source mappings: an SQS queue's or DynamoDB stream's mapping (a SAM SQS or
// DynamoDB event, or an AWS::Lambda::EventSourceMapping) becomes the edge to its function with the
// batch, window, scaling, failure-reporting and filter settings the engine runs.
#include "format/Duration.h"
#include "format/JsonText.h"
#include "import/TemplateReader.h"
#include "model/Catalog.h"
#include "model/ConfigCheck.h"

namespace ml::cfn {

using jsontext::describe;

std::optional<Error> TemplateReader::esmSettings(Json& config, bool stream, const Json& props, const QString& path,
                                                 QStringList& unknown)
{
    for (auto it = props.begin(); it != props.end(); ++it) {
        const QString key = toQString(it.key());
        const QString p = path + QLatin1Char('/') + key;
        std::optional<qint64> v;
        std::optional<bool> b;
        if (key == QLatin1String("BatchSize")) {
            if (auto e = integer(*it, p, v)) return e;
            if (v && (*v < 1 || *v > 10000)) return error(p, QStringLiteral("expected 1 – 10000; got %1").arg(*v));
            if (v) config["batchSize"] = *v;
        } else if (key == QLatin1String("MaximumBatchingWindowInSeconds") && !stream) {
            if (auto e = seconds(*it, p, v)) return e;
            if (v && *v > 300) return error(p, QStringLiteral("expected 0 – 300 seconds; got %1").arg(*v));
            if (v) config["batchWindow"] = toStd(duration::format(*v * kMicrosPerSecond));
        } else if (key == QLatin1String("FunctionResponseTypes") && !stream) {
            if (it->is_array() && it->size() == 1 && (*it)[0] == "ReportBatchItemFailures")
                config["reportBatchItemFailures"] = true;
            else if (!(it->is_array() && it->empty()))
                return error(p, QStringLiteral("expected [ReportBatchItemFailures]"));
        } else if (key == QLatin1String("ScalingConfig") && !stream) {
            if (auto e = integer(member(*it, "MaximumConcurrency"), p + QStringLiteral("/MaximumConcurrency"), v))
                return e;
            if (v && (*v < 2 || *v > 1000))
                return error(p + QStringLiteral("/MaximumConcurrency"),
                             QStringLiteral("expected 2 – 1000; got %1").arg(*v));
            if (v) config["maxConcurrency"] = *v;
        } else if (key == QLatin1String("Enabled")) {
            if (auto e = boolean(*it, p, b)) return e;
            if (b && !stream) config["enabled"] = *b;
            if (b && stream && !*b) warn(p, QStringLiteral("a disabled stream mapping is drawn enabled"));
        } else if (key == QLatin1String("StartingPosition") && stream) {
            if (*it != "LATEST" && *it != "TRIM_HORIZON")
                return error(p, QStringLiteral("expected LATEST or TRIM_HORIZON; got %1").arg(describe(*it)));
            config["startingPosition"] = *it;
        } else if (key == QLatin1String("MaximumRetryAttempts") && stream) {
            if (auto e = integer(*it, p, v)) return e;
            if (v && (*v < -1 || *v > 10000)) return error(p, QStringLiteral("expected -1 – 10000; got %1").arg(*v));
            if (v) config["maxRetryAttempts"] = *v;
        } else if (key == QLatin1String("FilterCriteria") && !stream) {
            // Lambda event filtering: {Filters: [{Pattern: "<JSON text>"}]} → the edge's list of patterns.
            Json patterns = Json::array();
            const Json& filters = member(*it, "Filters");
            for (size_t i = 0; filters.is_array() && i < filters.size(); ++i) {
                const Json pattern = policyValue(member(filters[i], "Pattern"));
                if (!pattern.is_object()) {
                    patterns = Json();
                    break;
                }
                patterns.push_back(pattern);
            }
            ConfigKey criteria;
            criteria.name = QStringLiteral("filterCriteria");
            criteria.type = ValueType::FilterCriteria;
            const Status check =
                patterns.is_array() && !patterns.empty() ? checkConfigValue(criteria, patterns) : Status(Error{});
            if (check.ok()) {
                config["filterCriteria"] = patterns;
            } else {
                warn(p,
                     QStringLiteral("these filters are not event patterns the diagram can run (%1); kept in unmapped")
                         .arg(check.error().message.isEmpty() ? QStringLiteral("expected {Filters: [{Pattern: "
                                                                               "\"{…}\"}]}")
                                                              : check.error().message));
                unknown << key;
            }
        } else if (key == QLatin1String("BisectBatchOnFunctionError") && stream) {
            if (auto e = boolean(*it, p, b)) return e;
            if (b) config["bisectOnError"] = *b;
        } else if (key == QLatin1String("StartingPosition") || key == QLatin1String("Queue") ||
                   key == QLatin1String("Stream") || key == QLatin1String("EventSourceArn") ||
                   key == QLatin1String("FunctionName")) {
            // The endpoints (drawn as the edge); SQS has no starting position.
        } else {
            unknown << key;
        }
    }
    return std::nullopt;
}

std::optional<Error> TemplateReader::eventSourceMapping(const QString& id, const Json& props, const QString& path)
{
    const QString source = referencedNode(member(props, "EventSourceArn"));
    const QString fn = referencedNode(member(props, "FunctionName"));
    if (source.isEmpty() || fn.isEmpty() || !function(fn)) {
        keepResource(id, QStringLiteral("maps a source or function outside this template"));
        m_consumed.insert(id);  // reported once, here
        return std::nullopt;
    }
    const QString kind = node(nodeOf(source))->kind;
    const bool stream = Catalog::instance().kind(kind)->hasStream;
    Json config = Json::object();
    QStringList unknown;
    if (auto e = esmSettings(config, stream, props, path, unknown)) return e;
    for (const QString& key : unknown) keepProperty(id, key, props[toStd(key)]);  // listed at the end of run()
    if (connect(nodeOf(source), nodeOf(fn), config, path)) {
        function(fn)->drivers
            << (stream ? QStringLiteral("DynamoDB stream (%1)") : QStringLiteral("SQS (%1)")).arg(nodeOf(source).value);
        m_consumed.insert(id);
    }
    return std::nullopt;
}

}  // namespace ml::cfn
