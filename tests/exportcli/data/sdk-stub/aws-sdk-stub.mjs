// A stand-in for the AWS SDK v3 clients the generated handlers import, for tst_exportcli: every
// command is recorded in globalThis.sdkCalls; DynamoDB keeps items in memory and honours the
// attribute_exists / attribute_not_exists conditions the handlers use.
globalThis.sdkCalls = globalThis.sdkCalls ?? [];
const tables = new Map();

class Command {
  constructor(input) { this.input = input; }
}

function conditionFails(input, existing) {
  const c = input.ConditionExpression ?? '';
  if (c.startsWith('attribute_not_exists')) return existing !== undefined;
  if (c.startsWith('attribute_exists')) return existing === undefined;
  return false;
}

function conditionalError() {
  const e = new Error('The conditional request failed');
  e.name = 'ConditionalCheckFailedException';
  return e;
}

class Client {
  constructor(config) { this.config = config; }
  static from(client) { return new this(client?.config); }
  async send(command) {
    const name = command.constructor.name;
    const input = command.input;
    globalThis.sdkCalls.push({ command: name, input });
    const table = tables.get(input.TableName) ?? new Map();
    tables.set(input.TableName, table);
    switch (name) {
      case 'PutCommand': {
        const keyName = Object.keys(input.ExpressionAttributeNames ?? {}).length ? Object.values(input.ExpressionAttributeNames)[0] : 'id';
        const id = input.Item[keyName];
        if (conditionFails(input, table.get(id))) throw conditionalError();
        table.set(id, input.Item);
        return {};
      }
      case 'GetCommand': return { Item: table.get(Object.values(input.Key)[0]) };
      case 'DeleteCommand': {
        const id = Object.values(input.Key)[0];
        const old = table.get(id);
        if (conditionFails(input, old)) throw conditionalError();
        table.delete(id);
        return { Attributes: old };
      }
      case 'ScanCommand': return { Items: [...table.values()] };
      case 'QueryCommand': return { Items: [] };
      case 'SendMessageCommand': return { MessageId: 'm-1' };
      case 'PublishCommand': return { MessageId: 'p-1' };
      case 'InvokeCommand': return { StatusCode: 202, Payload: Buffer.from('null') };
      default: return {};
    }
  }
}

export class LambdaClient extends Client {}
export class SQSClient extends Client {}
export class SNSClient extends Client {}
export class DynamoDBClient extends Client {}
export class DynamoDBDocumentClient extends Client {}
export class S3Client extends Client {}
export class ApiGatewayManagementApiClient extends Client {}
export class InvokeCommand extends Command {}
export class SendMessageCommand extends Command {}
export class PublishCommand extends Command {}
export class PutCommand extends Command {}
export class GetCommand extends Command {}
export class DeleteCommand extends Command {}
export class ScanCommand extends Command {}
export class QueryCommand extends Command {}
export class PutObjectCommand extends Command {}
export class GetObjectCommand extends Command {}
export class DeleteObjectCommand extends Command {}
export class ListObjectsV2Command extends Command {}
export class PostToConnectionCommand extends Command {}
