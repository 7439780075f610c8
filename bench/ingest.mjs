// Ingest benchmark: CSV batches of 10,000 rows over HTTP into a running ioc.
// Usage: node bench/ingest.mjs BASE_URL API_KEY [batches]
// Prints rows/s over all batches and the p50/p99 request time.
const [base, key, batchesArg] = process.argv.slice(2);
const batches = Number(batchesArg ?? 20);
const ROWS = 10_000;
const code = `bench-${Date.now()}`;
const units = ['747', '748', '750', '751', '752', '753', '754', '755'];

const def = {
  code, title: 'Benchmark: readings per site and day', frequency: 'daily', public: false,
  fields: [
    { name: 'district_code', type: 'unit', required: true },
    { name: 'day', type: 'period', required: true },
    { name: 'site', type: 'integer', required: true, min: 0 },
    { name: 'value', type: 'decimal', min: 0 },
    { name: 'status', type: 'enum', values: ['ok', 'check'] },
  ],
  key: ['district_code', 'day', 'site'],
};
const headers = { authorization: `Bearer ${key}` };
let res = await fetch(`${base}/api/v1/datasets`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(def) });
if (res.status !== 201) throw new Error(`define: ${res.status} ${await res.text()}`);

function batch(b) {
  const lines = ['district_code,day,site,value,status'];
  for (let i = 0; i < ROWS; i++) {
    const n = b * ROWS + i;
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(n / 800) * 86400000).toISOString().slice(0, 10);
    lines.push(`${units[n % 8]},${day},${Math.floor(n / 8) % 100},${(n % 997) / 10},${n % 13 ? 'ok' : 'check'}`);
  }
  return lines.join('\n') + '\n';
}

const bodies = Array.from({ length: batches }, (_, b) => batch(b));
const times = [];
const t0 = performance.now();
for (const body of bodies) {
  const s = performance.now();
  res = await fetch(`${base}/api/v1/datasets/${code}/records`, { method: 'POST', headers: { ...headers, 'content-type': 'text/csv' }, body });
  const report = await res.json();
  times.push(performance.now() - s);
  if (process.env.BENCH_VERBOSE) console.log(`batch ${times.length}: ${(performance.now() - s).toFixed(0)} ms`);
  if (res.status !== 200 || report.inserted !== ROWS) throw new Error(`push: ${res.status} ${JSON.stringify(report).slice(0, 300)}`);
}
const total = (performance.now() - t0) / 1000;
// Issue 23: a batch must cost the same however many rows are stored already.
const avg = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
const ten = Math.min(10, Math.floor(times.length / 2));
const [first, last] = [avg(times.slice(0, ten)), avg(times.slice(-ten))];
console.log(`per batch: first ${ten} ${first.toFixed(0)} ms, last ${ten} ${last.toFixed(0)} ms (×${(last / first).toFixed(2)}; target ≤ 1.2)`);
times.sort((a, b) => a - b);
const pct = (p) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(1);
console.log(`ingest: ${batches} batches × ${ROWS} rows in ${total.toFixed(2)} s = ${Math.round(batches * ROWS / total)} rows/s; request p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
