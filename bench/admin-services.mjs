// Module 1 benchmark: pushes dossiers (10,000-row CSV batches) through the `dossiers`
// dataset, then times the year's summary and the overdue list's first page.
// Usage: node bench/admin-services.mjs BASE_URL KEY [dossiers] [requests]
import { pct } from './lib.mjs';

const [base, key, dossiersArg, requestsArg] = process.argv.slice(2);
const total = Number(dossiersArg ?? 1_000_000);
const requests = Number(requestsArg ?? 200);
const ROWS = 10_000;
const headers = { authorization: `Bearer ${key}` };
const agencies = ['STNMT', 'STP', 'SKHDT', 'SGTVT', 'SLDTBXH', 'SYT', 'SGDDT', 'SCT', 'SNV', 'STC', 'SDL', 'STTTT', 'CAT', 'VPUBND'];
const units = ['77', '747', '748', '750', '751', '752', '753', '754', '755'];
const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Spread over the four years before the demo's: received 2021 to 2024, some still pending.
const start = Date.UTC(2021, 0, 1);
const span = 4 * 365 * DAY;
const iso = (t) => new Date(t + 7 * HOUR).toISOString().slice(0, 19) + '+07:00';

const HEADER = 'id,agency,procedure_code,procedure_name,unit,level,channel,received_at,due_at,resolved_at,status,paid_online,digitised';
function line(n, withdrawn = false) {
    const received = start + Math.floor((n / total) * span) + (n % 9) * HOUR;
    const due = received + (1 + (n % 30)) * DAY;
    const r = (n * 2654435761) % 1000;
    let resolved = '';
    let status = 'resolved';
    if (r < 15) status = 'processing';
    else if (r < 25) status = 'returned';
    else resolved = iso(received + Math.floor((due - received) * (r / 900)));
    if (withdrawn) { status = 'withdrawn'; resolved = ''; }
    return `B${n},${agencies[n % 14]},P${n % 40},Thủ tục ${n % 40},${units[n % 9]},full_online,${r % 3 ? 'online' : 'counter'},${iso(received)},${iso(due)},${resolved},${status},${r % 2 === 0},${r % 5 !== 0}`;
}
function batch(b) {
  const lines = [HEADER];
  for (let i = 0; i < ROWS && b * ROWS + i < total; i++) lines.push(line(b * ROWS + i));
  return lines.join('\n') + '\n';
}

const batches = Math.ceil(total / ROWS);
let spent = 0;
for (let b = 0; b < batches; b++) {
  const body = batch(b);
  const s = performance.now();
  const res = await fetch(`${base}/api/v1/datasets/dossiers/records`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
  const report = await res.json();
  spent += performance.now() - s;
  if (res.status !== 200) throw new Error(`batch ${b}: ${res.status} ${JSON.stringify(report).slice(0, 500)}`);
}
console.log(`ingest: ${total} dossiers in ${(spent / 1000).toFixed(1)} s = ${Math.round(total / (spent / 1000))} rows/s (target ≥ 20,000 on SQLite)`);

async function time(label, url, target) {
  const times = [];
  for (let i = 0; i < requests; i++) {
    const s = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(`${label}: p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms (target ≤ ${target} ms)`);
}
await time('summary, province, 2024', `${base}/api/v1/admin-services/summary?from=2024-01-01&to=2024-12-31`, 50);
await time('summary, province, this year', `${base}/api/v1/admin-services/summary`, 50);
await time('overdue, first page', `${base}/api/v1/admin-services/overdue`, 30);
// An update shows in the next answer.
const before = await (await fetch(`${base}/api/v1/admin-services/summary?from=2021-01-01&to=2021-12-31&agency=STNMT`)).json();
// B28 (STNMT, received in 2021, resolved): withdrawn.
await fetch(`${base}/api/v1/datasets/dossiers/records`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: `${HEADER}\n${line(28, true)}\n` });
const after = await (await fetch(`${base}/api/v1/admin-services/summary?from=2021-01-01&to=2021-12-31&agency=STNMT`)).json();
console.log(`an update shows at once: resolved ${before.resolved} → ${after.resolved}`);
