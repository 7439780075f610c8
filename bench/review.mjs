// The review benchmark's client (see bench/review.sh): each mode drives one target of the
// security / crash-safety review against a running ioc and prints numbers.
// Usage: node bench/review.mjs MODE ARGS...   (only ever talks to 127.0.0.1)
// A line `part<TAB>metric<TAB>value` per headline number goes to $REVIEW_SUMMARY if set.
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import { pct } from './lib.mjs';

const [mode, ...args] = process.argv.slice(2);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (n) => Math.floor(Math.random() * n);

function summary(part, metric, value) {
  if (process.env.REVIEW_SUMMARY) fs.appendFileSync(process.env.REVIEW_SUMMARY, `${part}\t${metric}\t${value}\n`);
}

/// One HTTP request; never throws: status is a number, or 'ERR:<code>' / 'TIMEOUT'.
function request(url, { method = 'GET', headers = {}, body, agent, timeout = 120_000, keepBody = true } = {}) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let done = false;
    const finish = (r) => { if (!done) { done = true; resolve({ ...r, ms: performance.now() - t0 }); } };
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; if (keepBody) chunks.push(c); });
      res.on('end', () => finish({ status: res.statusCode, bytes, headers: res.headers, body: keepBody ? Buffer.concat(chunks).toString() : '' }));
      res.on('error', (e) => finish({ status: `ERR:${e.code ?? e.message}` }));
    });
    req.setTimeout(timeout, () => { finish({ status: 'TIMEOUT' }); req.destroy(); });
    req.on('error', (e) => finish({ status: `ERR:${e.code ?? e.message}` }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const countBy = (xs) => xs.reduce((m, x) => { m[x] = (m[x] ?? 0) + 1; return m; }, {});
const showCounts = (m) => Object.entries(m).sort().map(([k, v]) => `${k}: ${v}`).join(', ') || 'none';
const ms = (x) => (x === undefined ? 'n/a' : x.toFixed(1));
function latencies(times) {
  const t = [...times].sort((a, b) => a - b);
  return { p50: pct(t, 50), p95: pct(t, 95), p99: pct(t, 99), max: t[t.length - 1] };
}
const showLat = (l) => `p50 ${ms(l.p50)} ms, p95 ${ms(l.p95)} ms, p99 ${ms(l.p99)} ms, max ${ms(l.max)} ms`;
const is5xx = (s) => typeof s !== 'number' || s >= 500;

// ---------------------------------------------------------------- datasets
const DISTRICTS = ['747', '748', '750', '751', '752', '753', '754', '755'];
const dayOf = (n) => new Date(Date.UTC(2021, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/// Every dataset of this benchmark: key (district, day, site); `note` and `count` are not key.
function definition(code, isPublic) {
  return {
    code, title: `Review benchmark ${code}`, frequency: 'daily', public: isPublic,
    fields: [
      { name: 'district_code', type: 'unit', required: true },
      { name: 'day', type: 'period', required: true },
      { name: 'site', type: 'text', required: true },
      { name: 'value', type: 'decimal' },
      { name: 'count', type: 'integer' },
      { name: 'note', type: 'text' },
    ],
    key: ['district_code', 'day', 'site'],
  };
}
const CSV_HEADER = 'district_code,day,site,value,count,note\n';

async function define(base, key, code, isPublic) {
  const r = await request(`${base}/api/v1/datasets`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(definition(code, isPublic === 'public')),
  });
  if (r.status !== 201 && r.status !== 200) throw new Error(`define ${code}: ${r.status} ${r.body}`);
}

/// Loads `rows` rows (the i-th row is always the same) in CSV batches, `conc` at a time.
async function load(base, key, code, rows, batch, conc) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: conc });
  const t0 = performance.now();
  let next = 0, done = 0;
  await Promise.all(Array.from({ length: conc }, async () => {
    while (next < rows) {
      const start = next;
      next += batch;
      let csv = CSV_HEADER;
      for (let i = start; i < Math.min(rows, start + batch); i++) {
        csv += `${DISTRICTS[i % 8]},${dayOf(Math.floor(i / 800))},S${(i >> 3) % 100},${(i % 997) / 10},${i % 500},n${i % 50}\n`;
      }
      const r = await request(`${base}/api/v1/datasets/${code}/records`, {
        method: 'POST', agent, timeout: 600_000,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv,
      });
      if (r.status !== 200) throw new Error(`ingest: ${r.status} ${String(r.body).slice(0, 300)}`);
      done += Math.min(rows, start + batch) - start;
    }
  }));
  const s = (performance.now() - t0) / 1000;
  agent.destroy();
  console.log(`loaded ${done.toLocaleString('en')} rows in ${s.toFixed(1)} s (${Math.round(done / s).toLocaleString('en')} rows/s; batches of ${batch.toLocaleString('en')}, ${conc} concurrent)`);
}

// ---------------------------------------------------------------- /proc
function procStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number((text.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm')) ?? [])[1] ?? NaN);
    const state = (text.match(/^State:\s+(\S)/m) ?? [])[1];
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024, state };
  } catch { return null; }
}
/// Exited: gone, or a zombie its parent has not reaped yet.
const exited = (pid) => { const s = procStatus(pid); return !s || s.state === 'Z' || s.state === 'X'; };

// ---------------------------------------------------------------- 1. sign-in flood
/// `spread`: every attempt from another address (X-Forwarded-For, the server trusting its
/// proxy) for another account, so that no limit stops it and every one is hashed: the
/// worst case for the hashing pool.
async function signin(base, seconds, clients, spread = false) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const end = performance.now() + seconds * 1000;
  const statuses = [], signTimes = [];
  let n = 0;
  const flood = Promise.all(Array.from({ length: clients }, async (_, c) => {
    while (performance.now() < end) {
      const i = n++;
      const email = spread ? `nobody-${i}%40demo.ioc.vn` : 'official%40demo.ioc.vn';
      const body = `email=${email}&password=wrong-${c}-${i}`;
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      if (spread) headers['x-forwarded-for'] = `10.${c}.${(i >> 8) & 255}.${i & 255}`;
      const r = await request(`${base}/api/auth/login`, {
        method: 'POST', agent, timeout: 60_000, keepBody: false, headers, body,
      });
      statuses.push(r.status);
      signTimes.push(r.ms);
      if (typeof r.status !== 'number') await sleep(50);
    }
  }));
  // /healthz on a fixed 50 ms schedule (a new connection each time, like a load balancer's
  // probe), so a slow answer does not hide the ones that should have followed it.
  const health = [], healthStatus = [];
  const probes = [];
  const timer = setInterval(() => {
    probes.push(request(`${base}/healthz`, { agent: false, timeout: 30_000, keepBody: false }).then((r) => {
      health.push(r.ms);
      healthStatus.push(r.status);
    }));
  }, 50);
  await sleep(seconds * 1000);
  clearInterval(timer);
  await Promise.all([flood, ...probes]);
  agent.destroy();
  const h = latencies(health);
  const byStatus = countBy(statuses);
  console.log(`healthz (${health.length} probes, every 50 ms): ${showLat(h)}; statuses ${showCounts(countBy(healthStatus))}`);
  console.log(`sign-in with wrong passwords (${clients} clients, ${seconds} s): ${statuses.length} answers (${(statuses.length / seconds).toFixed(0)}/s), ${showLat(latencies(signTimes))}`);
  console.log(`sign-in answers by status: ${showCounts(byStatus)}`);
  const tag = spread ? 'signin (every attempt hashed)' : 'signin (one address)';
  summary(tag, 'healthz p50/p99/max ms', `${ms(h.p50)} / ${ms(h.p99)} / ${ms(h.max)}`);
  summary(tag, 'sign-in answers 401 / 429 / other', `${byStatus[401] ?? 0} / ${byStatus[429] ?? 0} / ${statuses.length - (byStatus[401] ?? 0) - (byStatus[429] ?? 0)}`);
}

// ---------------------------------------------------------------- 2. filter and memory
async function filter(base, code, pid, seconds, clients, capMb) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const idle = procStatus(pid);
  if (!idle) throw new Error(`no process ${pid}`);
  console.log(`idle RSS ${idle.rss.toFixed(1)} MB (VmHWM ${idle.hwm.toFixed(1)} MB)`);
  let peak = idle.rss, capped = false;
  const sampler = setInterval(() => {
    const s = procStatus(pid);
    if (!s || Number.isNaN(s.rss)) return;
    peak = Math.max(peak, s.rss);
    if (s.rss > capMb && !capped) {
      capped = true;
      console.log(`RSS ${s.rss.toFixed(0)} MB passed the cap of ${capMb} MB: killing the server (SIGKILL)`);
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }, 200);
  const end = performance.now() + seconds * 1000;
  const statuses = [], times = [], others = {};
  let i = 0;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end && !capped) {
      // Alternate a number field and a text field, neither of them in the key.
      const q = i++ % 2 ? `count=${rand(500)}` : `note=n${rand(50)}`;
      const r = await request(`${base}/api/v1/datasets/${code}/records?${q}&limit=100`, { agent, timeout: 300_000 });
      statuses.push(r.status);
      if (r.status === 200) times.push(r.ms);
      else {
        (others[r.status] ??= []).push(r.ms);
        if (others[r.status].length === 1) console.log(`  first ${r.status} after ${ms(r.ms)} ms: ${String(r.body ?? '').slice(0, 200)} (retry-after: ${r.headers?.['retry-after'] ?? '-'})`);
      }
      if (typeof r.status !== 'number' || r.status === 503 || r.status === 429) await sleep(100);
    }
  }));
  await sleep(400);
  clearInterval(sampler);
  const last = procStatus(pid);
  agent.destroy();
  const l = latencies(times);
  const hwm = last ? last.hwm : NaN;
  console.log(`filter on a JSON field, ${clients} clients, ${seconds} s: ${statuses.length} requests (${times.length} answered 200), ${showLat(l)}`);
  console.log(`statuses: ${showCounts(countBy(statuses))}`);
  for (const [st, t] of Object.entries(others)) console.log(`  ${st}: ${showLat(latencies(t))}`);
  console.log(`RSS: idle ${idle.rss.toFixed(1)} MB, peak (200 ms samples) ${peak.toFixed(1)} MB, peak − idle ${(peak - idle.rss).toFixed(1)} MB, VmHWM at the end ${last ? hwm.toFixed(1) + ' MB' : 'n/a (process gone)'}${capped ? ' — CAPPED' : ''}`);
  summary('filter-rss', 'RSS idle / peak / peak-idle MB', `${idle.rss.toFixed(0)} / ${peak.toFixed(0)} / ${(peak - idle.rss).toFixed(0)}${capped ? ' (capped, killed)' : ''}`);
  summary('filter-rss', 'requests / p50 / p99 ms', `${statuses.length} / ${ms(l.p50)} / ${ms(l.p99)}`);
}

// ---------------------------------------------------------------- 3. two copies on one PostgreSQL
const PROVINCE_OFFSET = 7 * 3600;

async function twoCopies(baseA, baseB, key, code, seconds, spanDays, outFile) {
  const auth = { authorization: `Bearer ${key}` };
  const list = JSON.parse((await request(`${baseA}/api/v1/environment/stations`)).body);
  const stations = list.map((s) => s.station ?? s).filter((s) => s.kind === 'air' && s.department === 'STNMT');
  if (!stations.length) throw new Error('no air stations');
  console.log(`stations: ${stations.map((s) => `${s.code} (${s.parameters.join(' ')})`).join(', ')}`);
  const bases = [baseA, baseB];
  const agents = bases.map(() => new http.Agent({ keepAlive: true, maxSockets: 16 }));
  const end = performance.now() + seconds * 1000;
  const now = Math.floor(Date.now() / 1000);
  const from = now - spanDays * 86_400;
  const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');
  const res = { env: [[], []], data: [[], []] };
  const times = { env: [], data: [] };
  let readingsSent = 0, rowsSent = 0;
  const envWorker = async (c) => {
    while (performance.now() < end) {
      const seen = new Map();
      for (let i = 0; i < 200; i++) {
        const s = stations[rand(stations.length)];
        const p = s.parameters[rand(s.parameters.length)];
        const t = from + rand(now - from) * 1;
        const minute = t - (t % 60);
        const value = p === 'co' ? 500 + rand(2500) + rand(100) / 10 : 5 + rand(120) + rand(100) / 10;
        seen.set(`${s.code}|${p}|${minute}`, { station_code: s.code, parameter: p, time: iso(minute), value });
      }
      const body = JSON.stringify([...seen.values()]);
      const r = await request(`${bases[c]}/api/v1/environment/readings`, { method: 'POST', agent: agents[c], timeout: 120_000, headers: { ...auth, 'content-type': 'application/json' }, body });
      res.env[c].push(r.status);
      times.env.push(r.ms);
      readingsSent += seen.size;
      if (r.status !== 200 && res.env[c].filter((x) => x === r.status).length <= 2) console.log(`  env via copy ${'AB'[c]}: ${r.status} ${String(r.body ?? '').slice(0, 300)}`);
      if (typeof r.status !== 'number') await sleep(100);
    }
  };
  const dataWorker = async (c) => {
    while (performance.now() < end) {
      // 8 districts × 20 days × 50 sites = 8,000 keys shared by both copies; unique within a batch.
      const seen = new Map();
      for (let i = 0; i < 500; i++) {
        const k = `${DISTRICTS[rand(8)]},${dayOf(1000 + rand(20))},T${rand(50)}`;
        seen.set(k, `${k},${rand(10000) / 10},${rand(500)},m${rand(50)}`);
      }
      const body = CSV_HEADER + [...seen.values()].join('\n') + '\n';
      const r = await request(`${bases[c]}/api/v1/datasets/${code}/records`, { method: 'POST', agent: agents[c], timeout: 120_000, headers: { ...auth, 'content-type': 'text/csv' }, body });
      res.data[c].push(r.status);
      times.data.push(r.ms);
      rowsSent += seen.size;
      if (r.status !== 200 && res.data[c].filter((x) => x === r.status).length <= 2) console.log(`  rows via copy ${'AB'[c]}: ${r.status} ${String(r.body ?? '').slice(0, 300)}`);
      if (typeof r.status !== 'number') await sleep(100);
    }
  };
  const envPer = Number(process.env.REVIEW_ENV_CLIENTS ?? 3), dataPer = Number(process.env.REVIEW_DATA_CLIENTS ?? 2);
  await Promise.all([0, 1].flatMap((c) => [
    ...Array.from({ length: envPer }, () => envWorker(c)),
    ...Array.from({ length: dataPer }, () => dataWorker(c)),
  ]));
  agents.forEach((a) => a.destroy());
  let errors = 0;
  for (const kind of ['env', 'data']) {
    for (const c of [0, 1]) {
      console.log(`${kind === 'env' ? 'readings' : 'dataset rows'} via copy ${'AB'[c]}: ${res[kind][c].length} requests; ${showCounts(countBy(res[kind][c]))}`);
      errors += res[kind][c].filter(is5xx).length;
    }
    console.log(`  ${kind === 'env' ? 'readings' : 'dataset rows'} request time: ${showLat(latencies(times[kind]))}`);
  }
  console.log(`sent ${readingsSent.toLocaleString('en')} readings and ${rowsSent.toLocaleString('en')} rows in ${seconds} s; 5xx or failed requests: ${errors}`);
  const all = [...res.env[0], ...res.env[1], ...res.data[0], ...res.data[1]];
  summary('two-copies', 'requests / 5xx+failed', `${all.length} / ${errors}`);
  fs.writeFileSync(outFile, JSON.stringify({ stations: stations.map((s) => s.code), from }));
}

// ---------------------------------------------------------------- 4. pushing until killed
/// Pushes batches of new rows until the server goes away (or `maxSeconds`); prints the
/// rows the server acknowledged as inserted.
async function push(base, key, code, prefix, conc, batch, maxSeconds) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: conc });
  const end = performance.now() + maxSeconds * 1000;
  let acked = 0, seq = 0, stop = false;
  const statuses = [];
  await Promise.all(Array.from({ length: conc }, async () => {
    while (!stop && performance.now() < end) {
      const b = seq++;
      let csv = CSV_HEADER;
      for (let i = 0; i < batch; i++) csv += `${DISTRICTS[i % 8]},${dayOf(i % 365)},${prefix}-${b}-${i},${i / 10},${i % 500},k\n`;
      const r = await request(`${base}/api/v1/datasets/${code}/records`, { method: 'POST', agent, timeout: 60_000, headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' }, body: csv });
      statuses.push(r.status);
      if (r.status === 200) acked += JSON.parse(r.body).inserted;
      else stop = true;
    }
  }));
  agent.destroy();
  console.log(JSON.stringify({ acked, statuses: countBy(statuses) }));
}

async function recordCount(base, key, code) {
  const r = await request(`${base}/api/v1/datasets/${code}`, { headers: { authorization: `Bearer ${key}` }, timeout: 30_000 });
  if (r.status !== 200) throw new Error(`GET dataset: ${r.status} ${r.body}`);
  console.log(JSON.parse(r.body).record_count);
}

// ---------------------------------------------------------------- 5. SIGTERM with stalled clients
async function sigterm(port, pid, key, withSlow) {
  const sockets = [];
  const t0 = { term: 0 };
  const open = (name, onConnect) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const info = { name, closedAt: null, got: 0 };
    s.on('connect', () => onConnect(s));
    s.on('data', (d) => { info.got += d.length; });
    s.on('error', () => {});
    s.on('close', () => { info.closedAt = performance.now(); });
    sockets.push({ s, info });
    return s;
  };
  let drip;
  if (withSlow === 'slow') {
    // Half a request head, then silence.
    open('half head', (s) => s.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '));
    // A body at 1 KB/s (1 MB announced: never finishes within the cap).
    open('body at 1 KB/s', (s) => {
      s.write(`POST /api/v1/datasets/review-slow/records HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: text/csv\r\nContent-Length: 1048576\r\n\r\n`);
      s.write(CSV_HEADER);
      drip = setInterval(() => { if (!s.destroyed) s.write(Buffer.alloc(1024, 'a')); }, 1000);
    });
    await sleep(2000);
  }
  t0.term = performance.now();
  process.kill(pid, 'SIGTERM');
  const cap = 120_000;
  // A new connection shortly after SIGTERM: should be refused once the listener is closed.
  const fresh = sleep(100).then(() => request(`http://127.0.0.1:${port}/healthz`, { agent: false, timeout: 3000, keepBody: false }));
  while (!exited(pid) && performance.now() - t0.term < cap) await sleep(10);
  const took = (performance.now() - t0.term) / 1000;
  const freshStatus = (await fresh).status;
  clearInterval(drip);
  const label = withSlow === 'slow' ? 'with a half request head and a 1 KB/s body open' : 'idle';
  const result = exited(pid) ? `exited after ${took.toFixed(2)} s` : `did not exit within ${cap / 1000} s`;
  console.log(`SIGTERM, ${label}: ${result}; a new request 0.1 s after SIGTERM got ${freshStatus}`);
  for (const { info } of sockets) {
    console.log(`  ${info.name}: ${info.closedAt ? `closed by the server ${((info.closedAt - t0.term) / 1000).toFixed(2)} s after SIGTERM` : 'still open'}, ${info.got} bytes received`);
  }
  sockets.forEach(({ s }) => s.destroy());
  summary('sigterm', `exit (${withSlow === 'slow' ? 'slow clients' : 'idle'})`, exited(pid) ? `${took.toFixed(2)} s` : 'did not exit (120 s)');
}

switch (mode) {
  case 'signin': await signin(args[0], Number(args[1]), Number(args[2]), args[3] === 'spread'); break;
  case 'define': await define(...args); break;
  case 'load': await load(args[0], args[1], args[2], Number(args[3]), Number(args[4]), Number(args[5])); break;
  case 'filter': await filter(args[0], args[1], Number(args[2]), Number(args[3]), Number(args[4]), Number(args[5])); break;
  case 'two': await twoCopies(args[0], args[1], args[2], args[3], Number(args[4]), Number(args[5]), args[6]); break;
  case 'push': await push(args[0], args[1], args[2], args[3], Number(args[4]), Number(args[5]), Number(args[6])); break;
  case 'count': await recordCount(...args); break;
  case 'sigterm': await sigterm(Number(args[0]), Number(args[1]), args[2], args[3]); break;
  case 'summary': summary(...args); break;
  default: throw new Error(`unknown mode ${mode}`);
}
