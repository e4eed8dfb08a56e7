// Usage: node --import sdk-stub/register.mjs log-patterns.mjs DIR — prints, for each case below,
// whether the log monitor handler in DIR/index.mjs matches the line as CloudWatch would.
const { matchesPattern } = await import(new URL(`file://${process.argv[2]}/index.mjs`).href);
const line = JSON.stringify({ urgency: 'critical', sensitivity: 'sensitive', data: { n: 5 } });
const cases = [
  '{ $.urgency = "warning" || $.urgency = "critical" }',   // true
  '{ $.urgency = "warning" }',                              // false
  '{ ($.urgency = "crit*") && $.data.n > 3 }',              // true
  '{ $.missing NOT EXISTS }',                               // true
  '{ $.urgency != "critical" }',                            // false
  'critical',                                               // true: a term anywhere in the event
  '',                                                       // true: empty matches everything
];
console.log(cases.map((c) => matchesPattern(c, line)).join(' '));
