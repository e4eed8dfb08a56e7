// WebSocket handler: $connect stores the connection (with the user from ?user=) in the API's
// connections table, $disconnect removes it; other routes process the frame like a worker and
// send the result along the function's "always" edges.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, forward, log, parseJson, processed } from './microlab.mjs';

const connectionsTable = process.env.CONNECTIONS_TABLE;

export const handler = async (event, context) => {
  const { routeKey, connectionId } = event.requestContext ?? {};
  const requestId = context?.awsRequestId ?? '';
  const user = event.queryStringParameters?.user ?? 'anonymous';
  if (routeKey === '$connect') {
    await documents.send(new PutCommand({
      TableName: connectionsTable, Item: { connectionId, user, connectedAt: new Date().toISOString() },
    }));
    log('info', 'connected', { user, requestId, data: { connectionId } });
    return { statusCode: 200 };
  }
  if (routeKey === '$disconnect') {
    await documents.send(new DeleteCommand({ TableName: connectionsTable, Key: { connectionId } }));
    log('info', 'disconnected', { requestId, data: { connectionId } });
    return { statusCode: 200 };
  }
  const body = parseJson(event.body, event.body);
  const result = processed({ ...(typeof body === 'object' && body !== null ? body : { body }), connectionId });
  await forward(result, { user: body?.user ?? user });
  return { statusCode: 200, body: JSON.stringify(result) };
};
