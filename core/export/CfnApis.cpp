// AWS::Serverless::HttpApi and AWS::Serverless::WebSocketApi expanded into AWS::ApiGatewayV2::*:
// the API, one Lambda proxy integration per function, one route per route key, the stage (and for
// a WebSocket API an auto-deploying stage), with the permissions API Gateway needs.
#include "export/CfnExpand.h"
#include "export/LogicalIds.h"

namespace ml::exporting::cfn {

namespace {

Json ref(const std::string& id) { return Json{{"Ref", id}}; }

std::string pascal(const std::string& text) { return pascalCase(QString::fromStdString(text)).toStdString(); }

Json apiName(const std::string& id) { return Json{{"Fn::Sub", "${AWS::StackName}-" + id}}; }

}  // namespace

void expandHttpApi(Expansion& x, const std::string& id, const Json& api)
{
    Json p = {{"Name", apiName(id)}, {"ProtocolType", "HTTP"}};
    for (const char* key : {"Description", "CorsConfiguration"})
        if (api.contains("Properties") && api["Properties"].contains(key)) p[key] = api["Properties"][key];
    x.resources[id] = {{"Type", "AWS::ApiGatewayV2::Api"}, {"Properties", p}};

    Json routes = Json::array();
    Json integrations = Json::object();  // function → integration id
    for (const Json& r : x.httpRoutes.value(id, Json::array())) {
        const std::string function = r["function"];
        if (!integrations.contains(function)) {
            const std::string integration = id + function + "Integration";
            integrations[function] = integration;
            x.resources[integration] = {{"Type", "AWS::ApiGatewayV2::Integration"},
                                        {"Properties",
                                         {{"ApiId", ref(id)},
                                          {"IntegrationType", "AWS_PROXY"},
                                          {"IntegrationUri", Json{{"Fn::GetAtt", Json::array({function, "Arn"})}}},
                                          {"PayloadFormatVersion", r["payload"]}}}};
            if (r.contains("timeout")) x.resources[integration]["Properties"]["TimeoutInMillis"] = r["timeout"];
        }
        const std::string method = r["method"];
        const std::string path = r["path"];
        const std::string route = id + pascal(method + " " + path) + "Route";
        x.resources[route] = {
            {"Type", "AWS::ApiGatewayV2::Route"},
            {"Properties",
             {{"ApiId", ref(id)},
              {"RouteKey", method + " " + path},
              {"Target", Json{{"Fn::Sub", "integrations/${" + integrations[function].get<std::string>() + "}"}}}}}};
    }
    x.resources[id + "ApiGatewayDefaultStage"] = {
        {"Type", "AWS::ApiGatewayV2::Stage"},
        {"Properties", {{"ApiId", ref(id)}, {"StageName", "$default"}, {"AutoDeploy", true}}}};
}

void expandWebSocketApi(Expansion& x, const std::string& id, const Json& api)
{
    const Json& p = api.value("Properties", Json::object());
    x.resources[id] = {
        {"Type", "AWS::ApiGatewayV2::Api"},
        {"Properties",
         {{"Name", apiName(id)},
          {"ProtocolType", "WEBSOCKET"},
          {"RouteSelectionExpression", p.value("RouteSelectionExpression", std::string("$request.body.action"))}}}};
    const Json routes = p.value("Routes", Json::object());
    for (auto it = routes.begin(); it != routes.end(); ++it) {
        // "$connect" → "Connect", "send-message" → "SendMessage", as the translator does.
        const std::string word = pascal(it.key());
        const std::string route = id + word + "Route";
        const std::string integration = id + word + "Integration";
        const Json functionArn = it.value().value("FunctionArn", Json());
        x.resources[integration] = {
            {"Type", "AWS::ApiGatewayV2::Integration"},
            {"Properties",
             {{"ApiId", ref(id)},
              {"IntegrationType", "AWS_PROXY"},
              {"IntegrationUri",
               Json{{"Fn::Sub",
                     Json::array({"arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                                  "${FunctionArn}/invocations",
                                  Json{{"FunctionArn", functionArn}}})}}}}}};
        x.resources[route] = {
            {"Type", "AWS::ApiGatewayV2::Route"},
            {"Properties",
             {{"ApiId", ref(id)},
              {"RouteKey", it.key()},
              {"AuthorizationType", "NONE"},
              {"Target", Json{{"Fn::Join", Json::array({"/", Json::array({"integrations", ref(integration)})})}}}}}};
        x.resources[id + word + "Permission"] = {
            {"Type", "AWS::Lambda::Permission"},
            {"Properties",
             {{"Action", "lambda:InvokeFunction"},
              {"FunctionName", functionArn},
              {"Principal", "apigateway.amazonaws.com"},
              {"SourceArn",
               Json{{"Fn::Sub", Json::array({"arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:"
                                             "${api}/" +
                                                 p.value("StageName", std::string("default")) + "/" + it.key(),
                                             Json{{"api", ref(id)}}})}}}}}};
    }
    // As the translator writes it: an auto-deploying stage named <Api><stage>Stage, so no Deployment resource.
    const std::string stageName = p.value("StageName", std::string("default"));
    x.resources[id + stageName + "Stage"] = {
        {"Type", "AWS::ApiGatewayV2::Stage"},
        {"Properties", {{"ApiId", ref(id)}, {"StageName", stageName}, {"AutoDeploy", true}}}};
}

}  // namespace ml::exporting::cfn
