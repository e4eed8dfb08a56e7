// Router: takes the API gateway's request, reads its action (from the route it came in on) and
// sends it along the edge whose actions list holds it. Sync invokes answer with the target's
// result; queues, topics and async invokes answer 202 with the message id. Unknown action: 400.
import { edges, log, parseJson, response, send, userOf } from './microlab.mjs';

const routes = JSON.parse(process.env.ROUTES ?? '[]');

function matches(template, path) {
  const a = template.split('/').filter(Boolean);
  const b = String(path ?? '').split('/').filter(Boolean);
  return a.length === b.length && a.every((part, i) => part.startsWith('{') || part === b[i]);
}

function routeOf(event) {
  const method = (event.httpMethod ?? event.requestContext?.http?.method ?? 'GET').toUpperCase();
  const routeKey = event.routeKey ?? '';
  return routes.find((r) => `${(r.method ?? 'ANY').toUpperCase()} ${r.path}` === routeKey)
    ?? routes.find((r) => ((r.method ?? 'ANY').toUpperCase() === method || r.method === 'ANY')
      && matches(r.path ?? '/', event.resource?.includes('{') ? event.resource : event.path));
}

export const handler = async (event, context) => {
  const user = userOf(event);
  const requestId = context?.awsRequestId ?? '';
  const route = routeOf(event);
  const action = event.action ?? route?.action;
  const body = parseJson(event.body, undefined);
  if (route?.required?.length && (typeof body !== 'object' || body === null || !route.required.every((f) => f in body))) {
    log('info', 'invalid request body', { user, requestId, data: { action } });
    return response(400, { message: 'Invalid request body' });
  }
  const edge = edges.find((e) => (e.actions ?? []).includes(action));
  if (!edge) {
    log('warning', 'unknown action', { user, requestId, data: { action } });
    return response(400, { message: 'Unknown action' });
  }
  const request = { ...event, action };
  if (edge.service === 'lambda' && edge.invocation === 'sync') {
    const answer = await send(edge, request, { user });
    log('info', 'routed', { user, requestId, data: { action, to: edge.to, outcome: answer?.statusCode ?? 200 } });
    return answer && answer.statusCode ? answer : response(200, answer);
  }
  const out = await send(edge, edge.service === 'lambda' ? request : { action, user, ...(body ?? {}) }, { user });
  log('info', 'routed', { user, requestId, data: { action, to: edge.to, outcome: 202 } });
  return response(202, { messageId: out?.messageId ?? null });
};
