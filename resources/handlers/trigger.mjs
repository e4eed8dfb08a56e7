// Trigger: invoked by a bucket's object events or a table's stream. Each record becomes a result
// with processedBy and goes along the function's "always" edges.
import { forward, log, processed } from './microlab.mjs';

function summary(record) {
  if (record.s3) {
    return { eventName: record.eventName, bucket: record.s3.bucket?.name, key: record.s3.object?.key, size: record.s3.object?.size };
  }
  if (record.dynamodb) {
    return { eventName: record.eventName, keys: record.dynamodb.Keys, newImage: record.dynamodb.NewImage, oldImage: record.dynamodb.OldImage };
  }
  return record;
}

export const handler = async (event, context) => {
  const requestId = context?.awsRequestId ?? '';
  const records = Array.isArray(event?.Records) ? event.Records : [event];
  for (const record of records) {
    const result = processed(summary(record));
    await forward(result);
    log('info', 'record', { requestId, data: { eventName: record.eventName } });
  }
  return { processed: records.length, processedBy: process.env.NODE_ID };
};
