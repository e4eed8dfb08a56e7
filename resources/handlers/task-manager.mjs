// Task manager: driven by its own queue. A task is {service, action, data, target}: it is sent to the
// node named by `service` (invoke or enqueue); when that fails the message is not deleted, so SQS
// redelivers it (maxReceiveCount on the queue bounds the retries, then the DLQ). On success the result
// goes to `target` — a websocket connection id (through the push edge), a queue, or nothing.
import { edges, log, parseJson, send, unwrap } from './microlab.mjs';

export const handler = async (event, context) => {
  const requestId = context?.awsRequestId ?? '';
  const failures = [];
  for (const record of event?.Records ?? [{ body: JSON.stringify(event) }]) {
    const task = unwrap(parseJson(record.body, {})) ?? {};
    try {
      const edge = edges.find((e) => e.to === task.service);
      if (!edge) throw new Error(`no edge to service ${task.service}`);
      const result = await send(edge, { action: task.action, data: task.data }, { user: task.user });
      if (task.target) {
        const to = edges.find((e) => e.to === task.target) ?? edges.find((e) => e.service === 'push');
        if (to) await send(to, { ...(result ?? {}), connectionId: to.service === 'push' ? task.target : undefined }, { user: task.user });
      }
      log('info', 'task done', { requestId, data: { service: task.service, action: task.action } });
    } catch (error) {
      log('warning', 'task failed', { requestId, data: { service: task.service, error: String(error) } });
      if (record.messageId) failures.push({ itemIdentifier: record.messageId });
      else throw error;
    }
  }
  if (failures.length > 0 && process.env.REPORT_BATCH_ITEM_FAILURES !== 'true') throw new Error(`${failures.length} task(s) failed`);
  return { batchItemFailures: failures };
};
