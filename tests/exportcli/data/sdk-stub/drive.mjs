// Usage: node --import ./register.mjs drive.mjs HANDLER.mjs EVENTS.json
// Calls the handler with each event in turn and prints one JSON line per answer, then the SDK calls
// (and, with DRIVE_DETAIL=1, their inputs and the tables).
const [handlerPath, eventsPath] = process.argv.slice(2);
const { readFileSync } = await import('node:fs');
const { pathToFileURL } = await import('node:url');
const { handler } = await import(pathToFileURL(handlerPath).href);
console.log = () => {};   // the handlers' structured log lines are not the answer
for (const event of JSON.parse(readFileSync(eventsPath, 'utf8'))) {
  let answer;
  try { answer = await handler(event, { awsRequestId: 'r-1' }); } catch (error) { answer = { error: String(error) }; }
  process.stdout.write(JSON.stringify(answer) + '\n');
}
process.stdout.write(JSON.stringify({ calls: globalThis.sdkCalls.map((c) => c.command) }) + '\n');
// DRIVE_DETAIL=1: one more line with every call's input (buffers as text) and the tables' items.
if (process.env.DRIVE_DETAIL) {
  const text = (key, value) => (value && value.type === 'Buffer' && Array.isArray(value.data) ? Buffer.from(value.data).toString() : value);
  const tables = Object.fromEntries([...globalThis.sdkTables].map(([name, items]) => [name, Object.fromEntries(items)]));
  process.stdout.write(JSON.stringify({ detail: globalThis.sdkCalls, tables }, text) + '\n');
}
