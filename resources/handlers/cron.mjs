// CRON: fired by its EventBridge schedule with the diagram's payload; sends it along its edges.
import { forward, log, processed } from './microlab.mjs';

export const handler = async (event, context) => {
  const result = { ...processed(event ?? {}), firedAt: new Date().toISOString() };
  await forward(result);
  log('info', 'fired', { requestId: context?.awsRequestId ?? '' });
  return result;
};
