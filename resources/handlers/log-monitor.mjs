// Log monitor: a CloudWatch Logs subscription delivers gzip'd batches of log events. Each structured
// line goes along every edge whose `when` filter pattern it matches (empty: every line). The pattern
// matcher covers JSON patterns ({ $.urgency = "critical" }, =, !=, <, >, <=, >=, * in strings, &&, ||,
// parentheses, IS NULL, NOT EXISTS) and plain terms; CloudWatch already applied the subscription's own filter.
import { gunzipSync } from 'node:zlib';
import { forward, log, parseJson } from './microlab.mjs';

function tokenize(text) {
  const tokens = [];
  const re = /\s*(\$\.[A-Za-z0-9_.\[\]]+|"(?:[^"\\]|\\.)*"|&&|\|\||!=|<=|>=|=|<|>|\(|\)|\{|\}|IS\s+NULL|NOT\s+EXISTS|-?[0-9.]+)/gy;
  let m;
  while ((m = re.exec(text)) !== null && m[0].length > 0) tokens.push(m[1]);
  return tokens;
}

function valueAt(object, path) {
  let value = object;
  for (const part of path.slice(2).split(/\.|\[|\]/).filter(Boolean)) value = value?.[part];
  return value;
}

function compare(actual, op, expected) {
  if (expected.startsWith('"')) {
    const pattern = new RegExp(`^${JSON.parse(expected).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    const ok = actual !== undefined && actual !== null && pattern.test(String(actual));
    return op === '!=' ? !ok : ok;
  }
  const n = Number(expected);
  const a = Number(actual);
  switch (op) {
    case '=': return a === n;
    case '!=': return a !== n;
    case '<': return a < n;
    case '>': return a > n;
    case '<=': return a <= n;
    case '>=': return a >= n;
    default: return false;
  }
}

function jsonPattern(tokens, line) {
  let i = 0;
  const or = () => {
    let v = and();
    while (tokens[i] === '||') { i += 1; const r = and(); v = v || r; }
    return v;
  };
  const and = () => {
    let v = atom();
    while (tokens[i] === '&&') { i += 1; const r = atom(); v = v && r; }
    return v;
  };
  const atom = () => {
    if (tokens[i] === '(') { i += 1; const v = or(); i += 1; return v; }
    const path = tokens[i++];
    const op = tokens[i++] ?? '';
    if (/^IS\s+NULL$/.test(op)) return valueAt(line, path) === null;
    if (/^NOT\s+EXISTS$/.test(op)) return valueAt(line, path) === undefined;
    return compare(valueAt(line, path), op, tokens[i++] ?? '""');
  };
  const inner = tokens[0] === '{' ? tokens.slice(1, -1) : tokens;
  tokens = inner;
  return or();
}

export function matchesPattern(pattern, message) {
  const text = String(pattern ?? '').trim();
  if (text === '') return true;
  if (text.startsWith('{')) {
    const line = parseJson(message, null);
    return line !== null && typeof line === 'object' && jsonPattern(tokenize(text), line);
  }
  // Plain terms: every term must appear somewhere in the whole event as written.
  return text.split(/\s+/).every((term) => message.includes(term.replace(/^"|"$/g, '')));
}

export const handler = async (event, context) => {
  const batch = JSON.parse(gunzipSync(Buffer.from(event.awslogs.data, 'base64')).toString('utf8'));
  let forwarded = 0;
  for (const logEvent of batch.logEvents ?? []) {
    const line = parseJson(logEvent.message, { message: logEvent.message });
    const answers = await forward({ logGroup: batch.logGroup, logStream: batch.logStream, ...line }, {
      user: line?.user, matches: (edge) => matchesPattern(edge.filter, logEvent.message),
    });
    forwarded += answers.length;
  }
  log('debug', 'log batch', { requestId: context?.awsRequestId ?? '', data: { events: batch.logEvents?.length ?? 0, forwarded } });
  return { forwarded };
};
