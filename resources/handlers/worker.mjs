// Decoupled worker: processes queue batches (event source mapping) or async invokes. Its result is
// the input with processedBy added; it goes along the "always" edges, and for queue-driven runs also
// to the "success" edges (AWS has no destinations for SQS mappings, so the code sends them itself).
import { forward, log, parseJson, processed, unwrap } from './microlab.mjs';

const reportFailures = process.env.REPORT_BATCH_ITEM_FAILURES === 'true';

export const handler = async (event, context) => {
  const requestId = context?.awsRequestId ?? '';
  if (Array.isArray(event?.Records) && event.Records[0]?.eventSource === 'aws:sqs') {
    const failures = [];
    for (const record of event.Records) {
      try {
        const body = unwrap(parseJson(record.body, record.body));
        const user = body?.user ?? 'anonymous';
        const result = processed(body);
        await forward(result, { user, when: ['always', 'success'] });
        log('info', 'processed', { user, requestId, data: { messageId: record.messageId } });
      } catch (error) {
        log('warning', 'failed', { requestId, data: { messageId: record.messageId, error: String(error) } });
        failures.push({ itemIdentifier: record.messageId });
        // FIFO: stop at the first failure so the group's order survives.
        if (record.attributes?.MessageGroupId) {
          const rest = event.Records.slice(event.Records.indexOf(record) + 1);
          failures.push(...rest.map((r) => ({ itemIdentifier: r.messageId })));
          break;
        }
      }
    }
    if (failures.length > 0 && !reportFailures) throw new Error(`${failures.length} message(s) failed`);
    return { batchItemFailures: failures };
  }
  const body = unwrap(event);
  const result = processed(body);
  await forward(result, { user: body?.user ?? 'anonymous' });
  log('info', 'processed', { user: body?.user ?? 'anonymous', requestId });
  return result;
};
