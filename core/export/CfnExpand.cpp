// AWS::Serverless::Function expanded as the SAM translator does: the function, its execution role
// (managed policies for the pollers its events need, inline statements from its policy templates),
// its event invoke config, and one resource group per event (mapping, subscription, rule, filter,
// bucket notification, API route) with the Lambda permission the service needs to invoke it.
#include "export/CfnExpand.h"

#include "export/SamBuild.h"
#include "export/SamTemplate.h"

#include <set>

namespace ml::exporting::cfn {

namespace {

Json ref(const std::string& id) { return Json{{"Ref", id}}; }
Json getAtt(const std::string& id, const char* attribute) { return Json{{"Fn::GetAtt", Json::array({id, attribute})}}; }
Json managed(const char* name)
{
    return Json{{"Fn::Sub", std::string("arn:${AWS::Partition}:iam::aws:policy/service-role/") + name}};
}

void copy(const Json& from, Json& to, const char* key, const char* as = nullptr)
{
    if (from.contains(key)) to[as ? as : key] = from[key];
}

Json permission(const std::string& function, const char* principal, Json sourceArn)
{
    return Json{{"Type", "AWS::Lambda::Permission"},
                {"Properties",
                 {{"Action", "lambda:InvokeFunction"},
                  {"FunctionName", ref(function)},
                  {"Principal", principal},
                  {"SourceArn", std::move(sourceArn)}}}};
}

// "src/resize/" → "resize.zip": the key `sam package` would have uploaded the folder under.
std::string codeKey(const Json& properties)
{
    QString uri = QString::fromStdString(properties.value("CodeUri", std::string("function")));
    while (uri.endsWith(QLatin1Char('/'))) uri.chop(1);
    return uri.section(QLatin1Char('/'), -1).toStdString() + ".zip";
}

}  // namespace

void expandFunction(Expansion& x, const std::string& id, const Json& function)
{
    const Json& p = function.value("Properties", Json::object());
    const std::string role = id + "Role";
    Json managedPolicies = Json::array({managed("AWSLambdaBasicExecutionRole")});
    Json lambda = Json::object();
    lambda["Code"] = {{"S3Bucket", ref("CodeBucket")}, {"S3Key", codeKey(p)}};
    for (const char* key : {"Description", "Handler", "Runtime", "Timeout", "MemorySize",
                            "ReservedConcurrentExecutions", "RecursiveLoop", "LoggingConfig", "Environment"})
        copy(p, lambda, key);
    // What a function kept from an imported template may carry beyond what the export writes.
    static const std::set<std::string> expanded = {"CodeUri",
                                                   "Handler",
                                                   "Runtime",
                                                   "Description",
                                                   "Timeout",
                                                   "MemorySize",
                                                   "ReservedConcurrentExecutions",
                                                   "RecursiveLoop",
                                                   "LoggingConfig",
                                                   "Environment",
                                                   "Policies",
                                                   "EventInvokeConfig",
                                                   "Events"};
    for (auto it = p.begin(); it != p.end(); ++it)
        if (!expanded.count(it.key()))
            x.warnings << QStringLiteral(
                              "/Resources/%1/Properties/%2 has no CloudFormation expansion here; left out "
                              "(the SAM export keeps it)")
                              .arg(QString::fromStdString(id), QString::fromStdString(it.key()));
    lambda["Role"] = getAtt(role, "Arn");
    lambda["Tags"] = Json::array({{{"Key", "lambda:createdBy"}, {"Value", "SAM"}}});
    x.resources[id] = {{"Type", "AWS::Lambda::Function"}, {"Properties", lambda}};

    Json inlinePolicies = Json::array();
    int policyIndex = 0;
    for (const Json& entry : p.value("Policies", Json::array())) {
        inlinePolicies.push_back(
            {{"PolicyName", role + "Policy" + std::to_string(policyIndex++)},
             {"PolicyDocument", {{"Version", "2012-10-17"}, {"Statement", policyStatements(entry, x.warnings)}}}});
    }

    if (p.contains("EventInvokeConfig")) {
        const Json& c = p["EventInvokeConfig"];
        Json config = {{"FunctionName", ref(id)}, {"Qualifier", "$LATEST"}};
        copy(c, config, "MaximumRetryAttempts");
        copy(c, config, "MaximumEventAgeInSeconds");
        if (c.contains("DestinationConfig")) {
            Json destinations = Json::object();
            for (const char* slot : {"OnSuccess", "OnFailure"}) {
                if (!c["DestinationConfig"].contains(slot)) continue;
                const Json& d = c["DestinationConfig"][slot];
                destinations[slot] = {{"Destination", d["Destination"]}};
                // The translator grants the role what the destination needs.
                const std::string type = d.value("Type", std::string());
                const char* action = type == "SQS"   ? "sqs:SendMessage"
                                     : type == "SNS" ? "sns:publish"
                                                     : "lambda:InvokeFunction";
                inlinePolicies.push_back(
                    {{"PolicyName", role + "Destination" + slot},
                     {"PolicyDocument",
                      {{"Version", "2012-10-17"},
                       {"Statement",
                        Json::array({{{"Effect", "Allow"}, {"Action", action}, {"Resource", d["Destination"]}}})}}}});
            }
            config["DestinationConfig"] = destinations;
        }
        x.resources[id + "EventInvokeConfig"] = {{"Type", "AWS::Lambda::EventInvokeConfig"}, {"Properties", config}};
    }

    const Json events = p.value("Events", Json::object());
    for (auto it = events.begin(); it != events.end(); ++it) {
        const std::string name = id + it.key();
        const std::string type = it.value().value("Type", std::string());
        const Json& e = it.value().value("Properties", Json::object());
        if (type == "SQS" || type == "DynamoDB") {
            Json m = {{"EventSourceArn", type == "SQS" ? e["Queue"] : e["Stream"]}, {"FunctionName", ref(id)}};
            for (const char* key : {"BatchSize", "MaximumBatchingWindowInSeconds", "FunctionResponseTypes",
                                    "ScalingConfig", "FilterCriteria", "Enabled", "StartingPosition",
                                    "MaximumRetryAttempts", "BisectBatchOnFunctionError"})
                copy(e, m, key);
            x.resources[name] = {{"Type", "AWS::Lambda::EventSourceMapping"}, {"Properties", m}};
            const Json poller =
                managed(type == "SQS" ? "AWSLambdaSQSQueueExecutionRole" : "AWSLambdaDynamoDBExecutionRole");
            if (std::find(managedPolicies.begin(), managedPolicies.end(), poller) == managedPolicies.end())
                managedPolicies.push_back(poller);
        } else if (type == "SNS") {
            x.resources[name + "Permission"] = permission(id, "sns.amazonaws.com", e["Topic"]);
            Json s = {{"Protocol", "lambda"}, {"Endpoint", getAtt(id, "Arn")}, {"TopicArn", e["Topic"]}};
            copy(e, s, "FilterPolicy");
            copy(e, s, "FilterPolicyScope");
            copy(e, s, "RedrivePolicy");
            x.resources[name] = {{"Type", "AWS::SNS::Subscription"}, {"Properties", s}};
        } else if (type == "Schedule") {
            Json target = {{"Arn", getAtt(id, "Arn")}, {"Id", name + "LambdaTarget"}};
            copy(e, target, "Input");
            x.resources[name] = {
                {"Type", "AWS::Events::Rule"},
                {"Properties", {{"ScheduleExpression", e["Schedule"]}, {"Targets", Json::array({target})}}}};
            x.resources[name + "Permission"] = permission(id, "events.amazonaws.com", getAtt(name, "Arn"));
        } else if (type == "CloudWatchLogs") {
            x.resources[name + "Permission"] = permission(
                id, "logs.amazonaws.com",
                Json{{"Fn::Sub",
                      Json::array({"arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${group}:*",
                                   Json{{"group", e["LogGroupName"]}}})}});
            x.resources[name] = {{"Type", "AWS::Logs::SubscriptionFilter"},
                                 {"DependsOn", Json::array({name + "Permission"})},
                                 {"Properties",
                                  {{"DestinationArn", getAtt(id, "Arn")},
                                   {"FilterPattern", e.value("FilterPattern", std::string())},
                                   {"LogGroupName", e["LogGroupName"]}}}};
        } else if (type == "S3") {
            const std::string bucket = e["Bucket"].value("Ref", std::string());
            if (!x.resources.contains(bucket)) {
                x.warnings << QStringLiteral("%1: S3 event on a bucket outside the template")
                                  .arg(QString::fromStdString(name));
                continue;
            }
            // By value: adding the permission below may move the resources (an ordered map is a vector).
            const Json bucketName = x.resources[bucket]["Properties"]["BucketName"];
            const Json bucketArn = Json{
                {"Fn::Join", Json::array({"", Json::array({"arn:", ref("AWS::Partition"), ":s3:::", bucketName})})}};
            Json perm = permission(id, "s3.amazonaws.com", bucketArn);
            perm["Properties"]["SourceAccount"] = ref("AWS::AccountId");
            x.resources[name + "Permission"] = perm;
            Json& b = x.resources[bucket];
            Json& configs = b["Properties"]["NotificationConfiguration"]["LambdaConfigurations"];
            for (const Json& event : e.value("Events", Json::array())) {
                Json c = {{"Event", event}, {"Function", getAtt(id, "Arn")}};
                copy(e, c, "Filter");
                configs.push_back(c);
            }
            if (!b.contains("DependsOn")) b["DependsOn"] = Json::array();
            b["DependsOn"].push_back(name + "Permission");
        } else if (type == "HttpApi") {
            const std::string api = e["ApiId"].value("Ref", std::string());
            x.httpRoutes[api].push_back({{"function", id},
                                         {"event", it.key()},
                                         {"method", e["Method"]},
                                         {"path", e["Path"]},
                                         {"payload", e.value("PayloadFormatVersion", std::string("1.0"))}});
            if (e.contains("TimeoutInMillis")) x.httpRoutes[api].back()["timeout"] = e["TimeoutInMillis"];
            x.resources[name + "Permission"] = permission(
                id, "apigateway.amazonaws.com",
                Json{{"Fn::Sub",
                      Json::array({"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${api}/*",
                                   Json{{"api", ref(api)}}})}});
        } else {
            x.warnings << QStringLiteral("%1: event type %2 is not expanded")
                              .arg(QString::fromStdString(name), QString::fromStdString(type));
        }
    }

    Json r = {{"AssumeRolePolicyDocument",
               {{"Version", "2012-10-17"},
                {"Statement", Json::array({{{"Effect", "Allow"},
                                            {"Principal", {{"Service", Json::array({"lambda.amazonaws.com"})}}},
                                            {"Action", Json::array({"sts:AssumeRole"})}}})}}},
              {"ManagedPolicyArns", managedPolicies}};
    if (!inlinePolicies.empty()) r["Policies"] = inlinePolicies;
    r["Tags"] = Json::array({{{"Key", "lambda:createdBy"}, {"Value", "SAM"}}});
    x.resources[role] = {{"Type", "AWS::IAM::Role"}, {"Properties", r}};
}

}  // namespace ml::exporting::cfn

namespace ml::exporting {

Result<ExportedTemplate> expandServerless(const ExportedTemplate& sam)
{
    cfn::Expansion x(sam.document);
    const Json& resources = sam.document.value("Resources", Json::object());
    // Functions first: their events add to the buckets and APIs expanded after them.
    for (auto it = resources.begin(); it != resources.end(); ++it)
        if (it.value().value("Type", std::string()) != "AWS::Serverless::Function") x.resources[it.key()] = it.value();
    for (auto it = resources.begin(); it != resources.end(); ++it)
        if (it.value().value("Type", std::string()) == "AWS::Serverless::Function")
            cfn::expandFunction(x, it.key(), it.value());
    for (auto it = resources.begin(); it != resources.end(); ++it) {
        const std::string type = it.value().value("Type", std::string());
        if (type == "AWS::Serverless::HttpApi")
            cfn::expandHttpApi(x, it.key(), it.value());
        else if (type == "AWS::Serverless::WebSocketApi")
            cfn::expandWebSocketApi(x, it.key(), it.value());
        else if (type.rfind("AWS::Serverless::", 0) == 0 && type != "AWS::Serverless::Function") {
            // Only a resource kept from an imported template gets here: the SAM export keeps it.
            x.resources.erase(it.key());
            x.warnings << QStringLiteral(
                              "/Resources/%1 (%2) has no CloudFormation expansion here; left out (the SAM "
                              "export keeps it)")
                              .arg(QString::fromStdString(it.key()), QString::fromStdString(type));
        }
    }

    ExportedTemplate out;
    out.warnings = sam.warnings + x.warnings;
    Json& doc = out.document;
    doc["AWSTemplateFormatVersion"] = "2010-09-09";
    if (sam.document.contains("Description")) doc["Description"] = sam.document["Description"];
    Json parameters = sam.document.value("Parameters", Json::object());
    parameters["CodeBucket"] = {
        {"Type", "String"},
        {"Description", "S3 bucket holding one <function>.zip per function (what sam package uploads)"}};
    doc["Parameters"] = parameters;
    doc["Resources"] = x.resources;
    if (sam.document.contains("Outputs")) doc["Outputs"] = sam.document["Outputs"];
    // Sections an imported template had (kept in its `unmapped`), but not SAM's own.
    for (auto it = sam.document.begin(); it != sam.document.end(); ++it) {
        if (doc.contains(it.key()) || it.key() == "Transform" || it.key() == "Globals") continue;
        doc[it.key()] = it.value();
    }
    if (sam.document.contains("Globals"))
        out.warnings << QStringLiteral(
            "/Globals is applied only by SAM's transform; the CloudFormation export leaves it "
            "out (the SAM export keeps it)");
    const Json& transform = sam.document.value("Transform", Json());
    if (transform.is_array() && transform.size() > 1)
        out.warnings << QStringLiteral("/Transform %1: only SAM's is expanded here; the others are left out")
                            .arg(QString::fromStdString(transform.dump()));
    return out;
}

Result<ExportedTemplate> cloudFormationTemplate(const Diagram& diagram, const ExportOptions& options)
{
    const Result<ExportedTemplate> sam = samTemplate(diagram, options);
    if (!sam) return sam.error();
    return expandServerless(*sam);
}

}  // namespace ml::exporting
