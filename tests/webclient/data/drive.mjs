// Drives the browser client's own logic — the <microlab-client-logic> block of client.html, as
// the served page has it — from Node 20 (node --experimental-websocket), the fallback of
// tst_webclient when no headless browser is installed: read the description, connect to the
// first WebSocket API as USER, send ROUTE ("POST /jobs") with its example body, wait for a push.
// Prints one JSON line {status, answer, pushes}.
const [base, user, wanted] = process.argv.slice(2);
const html = await (await fetch(base + "/_microlab/client")).text();
const logic = html.split("// <microlab-client-logic>")[1].split("// </microlab-client-logic>")[0];
const MicrolabClient = new Function(logic + "\nreturn MicrolabClient;")();

const description = await MicrolabClient.describe(base);
const pushes = [];
await new Promise((resolve, reject) => {
  const url = MicrolabClient.webSocketUrl(description.webSockets[0], new URL(base).hostname, user);
  MicrolabClient.connect(url, { open: resolve, error: reject, push: (text) => pushes.push(text) });
});
const route = description.routes.find((r) => MicrolabClient.routeLabel(r) === wanted);
const example = MicrolabClient.exampleFor(description, route);
const answer = await MicrolabClient.send(base, MicrolabClient.buildRequest(route, example.params, example.body, user));
const deadline = Date.now() + 20000;
while (pushes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
console.log(JSON.stringify({ status: answer.status, answer: answer.text, pushes }));
process.exit(0);
