// Ingest benchmark: CSV batches of 10,000 rows over HTTP into a running ioc, then reads
// at that size.
// Usage: node bench/ingest.mjs BASE_URL API_KEY [batches] [clients]
// Prints rows/s over all batches, the first and last ten batches, the p50/p99 request
// time; then p50/p95 of a filter on a non-key field (first page), of a page deep in the
// dataset (keyset, following `next`) and of CKAN's datastore_search with its total.
// BENCH_NO_INDEX=1: the `site` field without its index (what the index costs a batch);
// BENCH_READS=0: no reads.
const [base, key, batchesArg, clientsArg] = process.argv.slice(2);
const batches = Number(batchesArg ?? 20);
const clients = Number(clientsArg ?? 1);
const ROWS = 10_000;
const code = `bench-${Date.now()}`;
const units = ['747', '748', '750', '751', '752', '753', '754', '755'];

const def = {
  code, title: 'Benchmark: readings per site and day', frequency: 'daily', public: true,
  fields: [
    { name: 'district_code', type: 'unit', required: true },
    { name: 'day', type: 'period', required: true },
    { name: 'site', type: 'integer', required: true, min: 0, indexed: process.env.BENCH_NO_INDEX !== '1' },
    { name: 'value', type: 'decimal', min: 0 },
    { name: 'status', type: 'enum', values: ['ok', 'check'] },
  ],
  key: ['district_code', 'day', 'site'],
};
const headers = { authorization: `Bearer ${key}` };
let res = await fetch(`${base}/api/v1/datasets`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(def) });
if (res.status !== 201) throw new Error(`define: ${res.status} ${await res.text()}`);

// 800 rows a day (8 districts × 100 sites): ten million rows span 34 years of days.
const DAY = 86400000;
const day0 = Date.UTC(1990, 0, 1);
function batch(b) {
  const lines = ['district_code,day,site,value,status'];
  let dayIndex = -1;
  let day = '';
  for (let i = 0; i < ROWS; i++) {
    const n = b * ROWS + i;
    const d = Math.floor(n / 800);
    if (d !== dayIndex) { dayIndex = d; day = new Date(day0 + d * DAY).toISOString().slice(0, 10); }
    lines.push(`${units[n % 8]},${day},${Math.floor(n / 8) % 100},${(n % 997) / 10},${n % 13 ? 'ok' : 'check'}`);
  }
  return lines.join('\n') + '\n';
}

// Bodies are made before the clock starts: the client's own work is not the server's.
const bodies = Array.from({ length: batches }, (_, b) => batch(b));
const times = new Array(batches);
let next = 0;
async function client() {
  for (;;) {
    const b = next++;
    if (b >= batches) return;
    const s = performance.now();
    const r = await fetch(`${base}/api/v1/datasets/${code}/records`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body: bodies[b] });
    const report = await r.json();
    times[b] = performance.now() - s;
    bodies[b] = null;
    if (process.env.BENCH_VERBOSE) console.log(`batch ${b + 1}: ${times[b].toFixed(0)} ms`);
    if (r.status !== 200 || report.inserted !== ROWS) throw new Error(`push: ${r.status} ${JSON.stringify(report).slice(0, 300)}`);
  }
}
const t0 = performance.now();
await Promise.all(Array.from({ length: clients }, client));
const total = (performance.now() - t0) / 1000;
// Issue 23: a batch must cost the same however many rows are stored already.
const avg = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
const ten = Math.min(10, Math.floor(times.length / 2));
const [first, last] = [avg(times.slice(0, ten)), avg(times.slice(-ten))];
console.log(`per batch: first ${ten} ${first.toFixed(0)} ms, last ${ten} ${last.toFixed(0)} ms (×${(last / first).toFixed(2)}; target ≤ 1.2)`);
const sorted = [...times].sort((a, b) => a - b);
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)].toFixed(1);
console.log(`ingest: ${batches} batches × ${ROWS} rows, ${clients} client(s), in ${total.toFixed(2)} s = ${Math.round(batches * ROWS / total)} rows/s; request p50 ${pct(sorted, 0.5)} ms, p99 ${pct(sorted, 0.99)} ms`);

if (process.env.BENCH_READS === '0') process.exit(0);
// Reads at this size: each 50 times after 5 to warm up, one at a time.
async function timed(label, url, check) {
  const ms = [];
  for (let i = 0; i < 55; i++) {
    const s = performance.now();
    const r = await fetch(url, { headers });
    const body = await r.json();
    if (i >= 5) ms.push(performance.now() - s);
    if (r.status !== 200) throw new Error(`${label}: ${r.status} ${JSON.stringify(body).slice(0, 300)}`);
    check?.(body);
  }
  ms.sort((a, b) => a - b);
  console.log(`${label}: p50 ${pct(ms, 0.5)} ms, p95 ${pct(ms, 0.95)} ms`);
}
const rows = batches * ROWS;
const records = `${base}/api/v1/datasets/${code}/records`;
await timed('read: filter site=42 (indexed), first page of 100 with total', `${records}?site=42&limit=100`, (b) => {
  if (b.records.length !== 100 || Math.abs(b.total - rows / 100) > 8) throw new Error(`filter: ${b.records.length} rows, total ${b.total}`);
});
// The link a reader following `next` from the start reaches at row 90% of the dataset:
// found once by walking 10,000-row pages, then timed.
const deep = Math.floor(rows * 0.9);
let link = `/api/v1/datasets/${code}/records?limit=1000`;
for (let at = 0; at < deep;) {
  const r = await fetch(`${base}${link}`, { headers });
  const page = await r.json();
  if (r.status !== 200) throw new Error(`walk: ${r.status} ${JSON.stringify(page).slice(0, 300)}`);
  at += page.records.length;
  link = page.next;
}
await timed(`read: page of 100 at row ${deep.toLocaleString('en')} (keyset, following next)`, `${base}${link.replace('limit=1000', 'limit=100')}`, (b) => {
  if (b.records.length !== 100 || b.offset !== deep) throw new Error(`deep page: ${b.records.length} rows at ${b.offset}`);
});
await timed(`read: page of 100 at offset ${deep.toLocaleString('en')} (OFFSET, for comparison)`, `${records}?limit=100&offset=${deep}`);
await timed('read: CKAN datastore_search with total', `${base}/api/3/action/datastore_search?resource_id=${code}.csv&limit=100`, (b) => {
  if (b.result.total !== rows) throw new Error(`datastore_search: total ${b.result.total}`);
});
