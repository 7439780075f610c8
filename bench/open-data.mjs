// The open-data benchmark's client: loads a large dataset, measures datastore_search,
// and compares ioc with Datasette on the same page. See bench/open-data.sh.
import http from 'node:http';
import { pct } from './lib.mjs';

const [mode, base, ...rest] = process.argv.slice(2);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${res.statusCode} ${url}`))));
    }).on('error', reject);
  });
}

async function load(key, rows) {
  const def = {
    code: 'bench-million', title: 'Bảng một triệu dòng (benchmark)', frequency: 'daily', public: true,
    fields: [
      { name: 'district_code', type: 'unit', required: true },
      { name: 'day', type: 'period', required: true },
      { name: 'station', type: 'text', required: true },
      { name: 'value', type: 'decimal' },
      { name: 'count', type: 'integer' }],
    key: ['district_code', 'day', 'station'],
  };
  const auth = { authorization: `Bearer ${key}` };
  let res = await fetch(`${base}/api/v1/datasets`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(def) });
  if (res.status !== 201) throw new Error(`define: ${res.status} ${await res.text()}`);
  const districts = ['747', '748', '750', '751', '752', '753', '754', '755'];
  const t0 = performance.now();
  const batch = 100_000;
  for (let start = 0; start < rows; start += batch) {
    let csv = 'district_code,day,station,value,count\n';
    for (let i = start; i < Math.min(rows, start + batch); i++) {
      const d = districts[i % 8];
      const day = new Date(Date.UTC(2021, 0, 1) + Math.floor(i / 800) * 86_400_000).toISOString().slice(0, 10);
      csv += `${d},${day},S${(i >> 3) % 100},${(i % 997) / 10},${i % 500}\n`;
    }
    res = await fetch(`${base}/api/v1/datasets/bench-million/records`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    if (res.status !== 200) throw new Error(`ingest: ${res.status} ${(await res.text()).slice(0, 300)}`);
  }
  console.log(`loaded ${rows.toLocaleString('en')} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function latency() {
  const scenarios = [
    ['first page, 100 rows with total', () => 'limit=100'],
    ['random page within the first 10,000 rows', () => `limit=100&offset=${Math.floor(Math.random() * 99) * 100}`],
    ['filter on a district and a day (indexed columns), total', () => `limit=100&filters=${encodeURIComponent(JSON.stringify({ district_code: '748', day: '2022-03-01' }))}`],
    ['filter on a text field, first 100 (no total)', () => `limit=100&include_total=false&filters=${encodeURIComponent(JSON.stringify({ station: 'S42' }))}`],
    ['deep page (offset 900,000)', () => 'limit=100&offset=900000'],
  ];
  const N = Number(process.env.N ?? 2000);
  for (const [name, q] of scenarios) {
    const times = [];
    // Scenarios that scan many rows get fewer requests.
    const n = name.startsWith('deep') || name.includes('text field') ? Math.min(N, 200) : N;
    for (let i = 0; i < 50; i++) await get(`${base}/api/3/action/datastore_search?resource_id=bench-million&${q()}`);
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await get(`${base}/api/3/action/datastore_search?resource_id=bench-million&${q()}`);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(`datastore_search, ${name}: p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, p99 ${pct(times, 99).toFixed(2)} ms (n=${n})`);
  }
}

async function throughput(url, seconds, concurrency) {
  for (let i = 0; i < 20; i++) await get(url);
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (performance.now() < end) { await get(url); done++; }
  }));
  return done / seconds;
}

async function compare(datasetteUrl) {
  const seconds = Number(process.env.SECONDS_EACH ?? 10);
  const c = Number(process.env.CONCURRENCY ?? 8);
  const ours = `${base}/api/3/action/datastore_search?resource_id=bench-million&limit=100`;
  const oursNoTotal = `${ours}&include_total=false`;
  const theirsNoCount = `${datasetteUrl}&_nocount=1`;
  const rows = [
    ['ioc datastore_search (100 rows + total)', ours],
    ['Datasette table JSON (100 rows + count)', datasetteUrl],
    ['ioc datastore_search (100 rows, include_total=false)', oursNoTotal],
    ['Datasette table JSON (100 rows, _nocount=1)', theirsNoCount],
  ];
  const rps = [];
  for (const [name, url] of rows) {
    const r = await throughput(url, seconds, c);
    rps.push(r);
    console.log(`${name}: ${r.toFixed(0)} req/s (${c} concurrent, ${seconds} s)`);
  }
  console.log(`ratio with totals: ${(rps[0] / rps[1]).toFixed(1)}×; without: ${(rps[2] / rps[3]).toFixed(1)}× (target ≥ 5×)`);
}

if (mode === 'load') await load(rest[0], Number(rest[1]));
else if (mode === 'latency') await latency();
else if (mode === 'compare') await compare(rest[0]);
else throw new Error(`unknown mode ${mode}`);
agent.destroy();
