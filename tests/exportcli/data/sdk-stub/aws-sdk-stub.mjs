// A stand-in for the AWS SDK v3 clients the generated handlers import, for tst_exportcli: every
// command is recorded in globalThis.sdkCalls; DynamoDB keeps items in memory (globalThis.sdkTables)
// and honours the attribute_exists / attribute_not_exists conditions, the (trail, seq) key and
// newest-first Query of the audit table, and the equality filter of a Scan. A SendMessage whose
// body says "failTimes":N fails its first N sends (a target that is down); a push to a connection
// id starting with "gone" is a GoneException.
globalThis.sdkCalls = globalThis.sdkCalls ?? [];
const tables = new Map();
globalThis.sdkTables = tables;
const failures = new Map();

function itemKey(input, item) {
  if (item.trail !== undefined && item.seq !== undefined) return `${item.trail}#${item.seq}`;
  const names = Object.values(input.ExpressionAttributeNames ?? {});
  if (names.length) return item[names[0]];
  return item.connectionId ?? item.id;
}

function keyOf(key) {
  return key.trail !== undefined && key.seq !== undefined ? `${key.trail}#${key.seq}` : Object.values(key)[0];
}

function failsNow(body) {
  const m = /"failTimes":(\d+)/.exec(body ?? '');
  if (!m) return false;
  const seen = failures.get(body) ?? 0;
  failures.set(body, seen + 1);
  return seen < Number(m[1]);
}

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
    if (input.TableName !== undefined) tables.set(input.TableName, table);
    switch (name) {
      case 'PutCommand': {
        const id = itemKey(input, input.Item);
        if (conditionFails(input, table.get(id))) throw conditionalError();
        table.set(id, input.Item);
        return {};
      }
      case 'GetCommand': return { Item: table.get(keyOf(input.Key)) };
      case 'DeleteCommand': {
        const id = keyOf(input.Key);
        const old = table.get(id);
        if (conditionFails(input, old)) throw conditionalError();
        table.delete(id);
        return { Attributes: old };
      }
      case 'ScanCommand': {
        let items = [...table.values()];
        const names = input.ExpressionAttributeNames ?? {};
        const values = input.ExpressionAttributeValues ?? {};
        const eq = /^(#\w+) = (:\w+)$/.exec(input.FilterExpression ?? '');
        if (eq) items = items.filter((item) => item[names[eq[1]]] === values[eq[2]]);
        return { Items: items };
      }
      case 'QueryCommand': {
        // The audit trail's "trail = :t", newest first when ScanIndexForward is false.
        const trail = Object.values(input.ExpressionAttributeValues ?? {})[0];
        const items = [...table.values()].filter((item) => item.trail === trail).sort((a, b) => a.seq - b.seq);
        if (input.ScanIndexForward === false) items.reverse();
        return { Items: items.slice(0, input.Limit ?? items.length) };
      }
      case 'SendMessageCommand': {
        // A dead-letter queue always takes the message (the task manager's last resort).
        if (!String(input.QueueUrl).includes('DEAD_LETTER') && failsNow(input.MessageBody)) throw new Error('stub: the queue is down');
        return { MessageId: 'm-1' };
      }
      case 'PostToConnectionCommand': {
        if (String(input.ConnectionId).startsWith('gone')) {
          const e = new Error('gone');
          e.name = 'GoneException';
          throw e;
        }
        return {};
      }
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
