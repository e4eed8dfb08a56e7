// Basic CRUD: create / retrieve / update / delete / list on the table (or bucket) it is wired to.
// The key field is the table's key (generated on create when absent); missing item 404, create of
// an existing key 409. A successful write also goes along the function's other "always" edges.
import { edges, forward, itemOperation, log, userOf } from './microlab.mjs';

const store = edges.find((e) => e.service === 'dynamodb' || e.service === 's3');

export const handler = async (event, context) => {
  const user = userOf(event);
  const requestId = context?.awsRequestId ?? '';
  if (!store) throw new Error('crud: no table or bucket is wired to this function');
  const answer = await itemOperation(store, event);
  log('info', 'item operation', { user, requestId, data: { action: event.action, status: answer.statusCode } });
  if (answer.statusCode < 300) {
    await forward(JSON.parse(answer.body), {
      user, matches: (e) => e !== store && e.service !== 'dynamodb' && e.service !== 's3',
    });
  }
  return answer;
};
