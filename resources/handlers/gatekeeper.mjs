// Gatekeeper: the only function allowed to touch the stores it guards. Every request is checked
// against POLICY ({principal, actions, effect}; default deny, deny wins) and appended, allowed or
// denied, to the hash-chained audit table. Denied: 403 and a critical, sensitive log line.
import { appendAudit, edges, forward, itemOperation, log, parseJson, processed, response, userOf } from './microlab.mjs';

const policy = JSON.parse(process.env.POLICY ?? '[]');
const auditTable = process.env.AUDIT_TABLE;
const store = edges.find((e) => e.service === 'dynamodb' || e.service === 's3');

function principals(event, user) {
  const roles = [].concat(event.roles ?? parseJson(event.body, {})?.roles ?? []);
  return new Set(['*', `user:${user}`, ...roles.map((r) => `role:${r}`)]);
}

export function decide(event, user, action) {
  const who = principals(event, user);
  let allowed = false;
  for (const rule of policy) {
    if (!who.has(rule.principal ?? '')) continue;
    const actions = rule.actions ?? [];
    if (!actions.includes(action) && !actions.includes('*')) continue;
    if (rule.effect === 'deny') return 'deny';
    if (rule.effect === 'allow') allowed = true;
  }
  return allowed ? 'allow' : 'deny';
}

export const handler = async (event, context) => {
  const user = userOf(event);
  const requestId = context?.awsRequestId ?? '';
  const action = event.action ?? parseJson(event.body, {})?.action ?? 'unknown';
  const effect = decide(event, user, action);
  await appendAudit(auditTable, { user, action, effect, requestId });
  if (effect === 'deny') {
    log('critical', 'access denied', { user, requestId, sensitivity: 'sensitive', data: { action } });
    return response(403, { message: 'Forbidden' });
  }
  log('info', 'access allowed', { user, requestId, data: { action } });
  if (store) return itemOperation(store, event);
  const result = processed(parseJson(event.body, event));
  await forward(result, { user });
  return response(200, result);
};
