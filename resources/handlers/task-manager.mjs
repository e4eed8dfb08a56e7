// Task manager: driven by its own queue. A task is {service, action, data, target}: it is sent to the
// node named by `service` (invoke or enqueue). Each attempt may take TASK_TIMEOUT_SECONDS (the
// diagram's taskTimeout); a failed or timed-out attempt is retried at once, up to MAX_RETRIES times;
// then the task goes to TASK_DEAD_LETTER_QUEUE (its queue's DLQ), as the engine does — or, without
// one, is reported failed so SQS hands it out again. On success the result goes to `target`: a
// websocket connection id (through the push edge), a queue, or nothing.
import { randomUUID } from 'node:crypto';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { edges, log, parseJson, send, unwrap } from './microlab.mjs';

const taskTimeoutMs = Number(process.env.TASK_TIMEOUT_SECONDS ?? 30) * 1000;
const maxRetries = Number(process.env.MAX_RETRIES ?? 3);
const deadLetterQueue = process.env.TASK_DEAD_LETTER_QUEUE;
const sqs = new SQSClient({});

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`task timed out after ${ms / 1000}s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// One task: every attempt, then the result to its target. Throws the last attempt's error.
async function run(task, requestId) {
  const edge = edges.find((e) => e.to === task.service);
  if (!edge) throw new Error(`no edge to service ${task.service}`);
  let lastError;
  for (let attempt = 1; attempt <= maxRetries + 1; attempt += 1) {
    try {
      const result = await withTimeout(send(edge, { action: task.action, data: task.data }, { user: task.user }), taskTimeoutMs);
      if (task.target) {
        const to = edges.find((e) => e.to === task.target) ?? edges.find((e) => e.service === 'push');
        if (to) await send(to, { ...(result ?? {}), connectionId: to.service === 'push' ? task.target : undefined }, { user: task.user });
      }
      log('info', 'task done', { requestId, data: { service: task.service, action: task.action, attempt } });
      return result;
    } catch (error) {
      lastError = error;
      log('info', `task attempt ${attempt} failed`, { requestId, data: { service: task.service, error: String(error) } });
    }
  }
  throw lastError;
}

export const handler = async (event, context) => {
  const requestId = context?.awsRequestId ?? '';
  const failures = [];
  for (const record of event?.Records ?? [{ body: JSON.stringify(event) }]) {
    const task = unwrap(parseJson(record.body, {})) ?? {};
    try {
      await run(task, requestId);
    } catch (error) {
      log('warning', 'task failed', { requestId, data: { service: task.service, error: String(error) } });
      if (deadLetterQueue) {
        const input = { QueueUrl: deadLetterQueue, MessageBody: record.body };
        if (process.env.TASK_DEAD_LETTER_FIFO === 'true') {
          input.MessageGroupId = record.attributes?.MessageGroupId ?? 'tasks';
          input.MessageDeduplicationId = randomUUID();
        }
        await sqs.send(new SendMessageCommand(input));
      } else if (record.messageId) {
        failures.push({ itemIdentifier: record.messageId });
      } else {
        throw error;
      }
    }
  }
  if (failures.length > 0 && process.env.REPORT_BATCH_ITEM_FAILURES !== 'true') throw new Error(`${failures.length} task(s) failed`);
  return { batchItemFailures: failures };
};
