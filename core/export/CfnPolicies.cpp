// SAM's policy templates as the IAM statements the translator writes for them (from
// samtranslator/policy_templates_data/policy_templates.json), for the templates the exporter uses.
#include "export/CfnExpand.h"

namespace ml::exporting::cfn {

namespace {

Json subWith(const char* text, const char* variable, const Json& value)
{
    return Json{{"Fn::Sub", Json::array({text, Json{{variable, value}}})}};
}

Json statement(Json actions, Json resource)
{
    return Json{{"Effect", "Allow"}, {"Action", std::move(actions)}, {"Resource", std::move(resource)}};
}

}  // namespace

Json policyStatements(const Json& entry, QStringList& warnings)
{
    if (!entry.is_object() || entry.size() != 1) return Json::array();
    const std::string name = entry.begin().key();
    const Json& args = entry.begin().value();
    if (name == "Statement") return args;
    if (name == "LambdaInvokePolicy")
        return Json::array({statement(
            Json::array({"lambda:InvokeFunction"}),
            subWith("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*",
                    "functionName", args.value("FunctionName", Json())))});
    if (name == "SQSSendMessagePolicy")
        return Json::array({statement(Json::array({"sqs:SendMessage*"}),
                                      subWith("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}",
                                              "queueName", args.value("QueueName", Json())))});
    if (name == "SNSPublishMessagePolicy")
        return Json::array({statement(Json::array({"sns:Publish"}),
                                      subWith("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${topicName}",
                                              "topicName", args.value("TopicName", Json())))});
    if (name == "DynamoDBCrudPolicy" || name == "DynamoDBReadPolicy") {
        const Json table = args.value("TableName", Json());
        const Json actions =
            name == "DynamoDBCrudPolicy"
                ? Json::array({"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan",
                               "dynamodb:Query", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem",
                               "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"})
                : Json::array({"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem",
                               "dynamodb:DescribeTable"});
        return Json::array({statement(
            actions,
            Json::array(
                {subWith("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}",
                         "tableName", table),
                 subWith("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*",
                         "tableName", table)}))});
    }
    if (name == "S3CrudPolicy") {
        const Json bucket = args.value("BucketName", Json());
        return Json::array(
            {statement(Json::array({"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion",
                                    "s3:PutObject", "s3:PutObjectAcl", "s3:GetLifecycleConfiguration",
                                    "s3:PutLifecycleConfiguration", "s3:DeleteObject"}),
                       Json::array({subWith("arn:${AWS::Partition}:s3:::${bucketName}", "bucketName", bucket),
                                    subWith("arn:${AWS::Partition}:s3:::${bucketName}/*", "bucketName", bucket)}))});
    }
    warnings << QStringLiteral("policy template %1 is not expanded").arg(QString::fromStdString(name));
    return Json::array();
}

}  // namespace ml::exporting::cfn
