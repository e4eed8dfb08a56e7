// Shared by every handler Microlab generates: the wiring the SAM template puts in the environment
// (EDGES, one entry per outgoing edge of the diagram), sending along those edges with the AWS SDK v3
// that Lambda's Node.js runtime includes, item operations on a table or bucket, and the structured
// log line every Microlab function writes.
import { createHash, randomUUID } from 'node:crypto';
import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient, PutCommand, GetCommand, DeleteCommand, ScanCommand, QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { S3Client, PutObjectCommand, GetObjectCommand, DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';

export const nodeId = process.env.NODE_ID ?? 'function';
export const nodeKind = process.env.NODE_KIND ?? 'worker';
export const edges = JSON.parse(process.env.EDGES ?? '[]');

const lambda = new LambdaClient({});
const sqs = new SQSClient({});
const sns = new SNSClient({});
export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
  marshallOptions: { removeUndefinedValues: true },
});
const s3 = new S3Client({});
const pushClients = new Map();

// The seed's console.log wrapper: one JSON line per call, so log monitors can filter on fields.
export function log(urgency, message, { user = 'anonymous', requestId = '', sensitivity = 'normal', data } = {}) {
  console.log(JSON.stringify({
    time: new Date().toISOString(), function: nodeId, requestId, user, urgency, sensitivity, message, data,
  }));
}

export function response(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function parseJson(text, fallback = undefined) {
  if (typeof text !== 'string') return text ?? fallback;
  try { return JSON.parse(text); } catch { return fallback; }
}

// Authorization: Bearer <user>, as the simulated API gateway reads it; no header: anonymous.
export function userOf(event) {
  const headers = event?.headers ?? {};
  const auth = headers.Authorization ?? headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)/i.exec(auth);
  return match ? match[1] : (event?.user ?? event?.queryStringParameters?.user ?? 'anonymous');
}

// A message that came through SNS into SQS arrives in its envelope; the diagram's body is inside.
export function unwrap(body) {
  if (body && body.Type === 'Notification' && typeof body.Message === 'string') return parseJson(body.Message, body.Message);
  return body;
}

function target(edge) {
  const value = process.env[edge.env];
  if (!value) throw new Error(`${nodeId}: environment variable ${edge.env} for the edge to ${edge.to} is not set`);
  return value;
}

// Sends `body` along one edge; returns what the target answered (sync invokes) or the message id.
export async function send(edge, body, { user = 'anonymous', attributes = {} } = {}) {
  const text = JSON.stringify(body);
  switch (edge.service) {
    case 'lambda': {
      const sync = edge.invocation === 'sync';
      const out = await lambda.send(new InvokeCommand({
        FunctionName: target(edge), InvocationType: sync ? 'RequestResponse' : 'Event', Payload: Buffer.from(text),
      }));
      if (out.FunctionError) throw new Error(`${edge.to} failed: ${Buffer.from(out.Payload ?? []).toString()}`);
      return sync ? parseJson(Buffer.from(out.Payload ?? []).toString(), null) : { statusCode: 202 };
    }
    case 'sqs': {
      const input = { QueueUrl: target(edge), MessageBody: text };
      if (edge.fifo) {
        input.MessageGroupId = edge.groupId ?? user;
        input.MessageDeduplicationId = randomUUID();
      }
      const out = await sqs.send(new SendMessageCommand(input));
      return { messageId: out.MessageId };
    }
    case 'sns': {
      const MessageAttributes = {};
      for (const [name, value] of Object.entries(attributes ?? {})) {
        MessageAttributes[name] = typeof value === 'number'
          ? { DataType: 'Number', StringValue: String(value) }
          : { DataType: 'String', StringValue: String(value) };
      }
      const out = await sns.send(new PublishCommand({ TopicArn: target(edge), Message: text, MessageAttributes }));
      return { messageId: out.MessageId };
    }
    case 'dynamodb': {
      const item = { ...body };
      if (item[edge.key] === undefined) item[edge.key] = randomUUID();
      await documents.send(new PutCommand({ TableName: target(edge), Item: item }));
      return item;
    }
    case 's3': {
      const key = body?.key ?? `${nodeId}/${Date.now()}-${randomUUID()}.json`;
      await s3.send(new PutObjectCommand({ Bucket: target(edge), Key: key, Body: text, ContentType: 'application/json' }));
      return { key };
    }
    case 'push':
      return push(edge, body, user);
    default:
      throw new Error(`${nodeId}: unknown service ${edge.service} on the edge to ${edge.to}`);
  }
}

// @connections POST: to the connection the edge or message names, else to every open connection of the user.
async function push(edge, body, user) {
  const endpoint = target(edge);
  if (!pushClients.has(endpoint)) pushClients.set(endpoint, new ApiGatewayManagementApiClient({ endpoint }));
  const client = pushClients.get(endpoint);
  let connections = [];
  const named = edge.connectionId ?? body?.connectionId;
  if (named) {
    connections = [named];
  } else {
    const out = await documents.send(new ScanCommand({
      TableName: process.env[edge.connectionsEnv],
      FilterExpression: '#u = :u',
      ExpressionAttributeNames: { '#u': 'user' },
      ExpressionAttributeValues: { ':u': user },
    }));
    connections = (out.Items ?? []).map((item) => item.connectionId);
  }
  let pushed = 0;
  let gone = 0;
  for (const connectionId of connections) {
    try {
      await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(body)) }));
      pushed += 1;
    } catch (error) {
      if (error?.name !== 'GoneException') throw error;
      gone += 1;   // a closed connection: counted, never silently lost
      log('warning', 'push to a closed connection', { user, data: { connectionId } });
    }
  }
  return { pushed, gone };
}

// Sends along every edge used for each invocation's work ("always" edges; a router's are chosen by action).
export async function forward(result, { user, attributes, when = ['always'], matches } = {}) {
  const answers = [];
  for (const edge of edges) {
    if (!when.includes(edge.when ?? 'always')) continue;
    if (edge.actions && edge.actions.length > 0 && nodeKind === 'router') continue;
    if (matches && !matches(edge)) continue;
    answers.push(await send(edge, result, { user, attributes }));
  }
  return answers;
}

// What a function without a handler script returns: its input with processedBy added.
export function processed(body) {
  if (body && typeof body === 'object' && !Array.isArray(body)) return { ...body, processedBy: nodeId };
  return { body, processedBy: nodeId };
}

const verbs = {
  create: 'create', add: 'create', insert: 'create', new: 'create',
  get: 'retrieve', read: 'retrieve', retrieve: 'retrieve', fetch: 'retrieve', find: 'retrieve',
  update: 'update', modify: 'update', edit: 'update', patch: 'update', replace: 'update',
  delete: 'delete', remove: 'delete', destroy: 'delete', list: 'list', scan: 'list', query: 'list', search: 'list',
};

// The operation: the action when it names one ("create-order"), else the HTTP method.
export function operationOf(event, key) {
  for (const word of String(event?.action ?? '').toLowerCase().split(/[^a-z]+/)) {
    if (verbs[word]) return verbs[word];
  }
  const method = (event?.httpMethod ?? event?.requestContext?.http?.method ?? '').toUpperCase();
  const id = event?.pathParameters?.[key] ?? event?.pathParameters?.id;
  if (method === 'POST') return 'create';
  if (method === 'GET') return id ? 'retrieve' : 'list';
  if (method === 'PUT' || method === 'PATCH') return 'update';
  if (method === 'DELETE') return 'delete';
  return 'unknown';
}

// Create / retrieve / update / delete / list on the table or bucket of `edge`: 201, 200, 400, 404, 409.
export async function itemOperation(edge, event) {
  const key = edge.key ?? 'key';
  const body = parseJson(event?.body, event?.body ?? {}) ?? {};
  const op = operationOf(event, key);
  const id = event?.pathParameters?.[key] ?? event?.pathParameters?.id ?? body?.[key];
  const name = target(edge);
  if (edge.service === 's3') return objectOperation(name, op, id, body);
  try {
    switch (op) {
      case 'create': {
        const item = { ...body, [key]: id ?? randomUUID() };
        await documents.send(new PutCommand({
          TableName: name, Item: item, ConditionExpression: 'attribute_not_exists(#k)', ExpressionAttributeNames: { '#k': key },
        }));
        return response(201, item);
      }
      case 'retrieve': {
        if (id === undefined) return response(400, { message: `missing ${key}` });
        const out = await documents.send(new GetCommand({ TableName: name, Key: { [key]: id } }));
        return out.Item ? response(200, out.Item) : response(404, { message: 'Not Found' });
      }
      case 'update': {
        if (id === undefined) return response(400, { message: `missing ${key}` });
        const item = { ...body, [key]: id };
        await documents.send(new PutCommand({
          TableName: name, Item: item, ConditionExpression: 'attribute_exists(#k)', ExpressionAttributeNames: { '#k': key },
        }));
        return response(200, item);
      }
      case 'delete': {
        if (id === undefined) return response(400, { message: `missing ${key}` });
        const out = await documents.send(new DeleteCommand({
          TableName: name, Key: { [key]: id }, ConditionExpression: 'attribute_exists(#k)',
          ExpressionAttributeNames: { '#k': key }, ReturnValues: 'ALL_OLD',
        }));
        return response(200, out.Attributes ?? { [key]: id });
      }
      case 'list': {
        const limit = Number(event?.queryStringParameters?.limit ?? 0) || undefined;
        const out = await documents.send(new ScanCommand({ TableName: name, Limit: limit }));
        return response(200, { items: out.Items ?? [] });
      }
      default:
        return response(400, { message: 'Unknown operation' });
    }
  } catch (error) {
    if (error?.name === 'ConditionalCheckFailedException') {
      return op === 'create' ? response(409, { message: 'Item already exists' }) : response(404, { message: 'Not Found' });
    }
    throw error;
  }
}

async function objectOperation(bucket, op, id, body) {
  try {
    switch (op) {
      case 'create':
      case 'update': {
        const key = id ?? randomUUID();
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify(body) }));
        return response(op === 'create' ? 201 : 200, { key });
      }
      case 'retrieve': {
        const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: id }));
        return response(200, parseJson(await out.Body.transformToString(), {}));
      }
      case 'delete':
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: id }));
        return response(200, { key: id });
      case 'list': {
        const out = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
        return response(200, { items: (out.Contents ?? []).map((o) => ({ key: o.Key, size: o.Size })) });
      }
      default:
        return response(400, { message: 'Unknown operation' });
    }
  } catch (error) {
    if (error?.name === 'NoSuchKey') return response(404, { message: 'Not Found' });
    throw error;
  }
}

// Appends one row to a hash-chained audit trail: each row holds the SHA-256 of the previous one.
export async function appendAudit(table, entry) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const last = await documents.send(new QueryCommand({
      TableName: table, KeyConditionExpression: 'trail = :t', ExpressionAttributeValues: { ':t': 'audit' },
      ScanIndexForward: false, Limit: 1,
    }));
    const previous = last.Items?.[0];
    const seq = (previous?.seq ?? 0) + 1;
    const prevHash = previous?.hash ?? '0'.repeat(64);
    const row = { trail: 'audit', seq, time: new Date().toISOString(), ...entry, prevHash };
    row.hash = createHash('sha256').update(prevHash + JSON.stringify(row)).digest('hex');
    try {
      await documents.send(new PutCommand({ TableName: table, Item: row, ConditionExpression: 'attribute_not_exists(seq)' }));
      return row;
    } catch (error) {
      if (error?.name !== 'ConditionalCheckFailedException') throw error;   // another writer took seq; chain again
    }
  }
  throw new Error('audit trail: too many concurrent writers');
}
