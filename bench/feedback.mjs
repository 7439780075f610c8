// Module 9 over HTTP with many reports on record: filing without and with a 3 MB photo
// (upload, then the report naming it), the officials' first page of a filtered inbox, the
// public statistics and map. Prints p50/p95/p99 in ms.
// Usage: node bench/feedback.mjs BASE_URL PHOTO_PATH [REQUESTS]
import { readFile } from 'node:fs/promises';
import { signIn, pct } from './lib.mjs';

const [base, photoPath, n = '300'] = process.argv.slice(2);
const N = Number(n);
const photo = await readFile(photoPath);
function print(label, xs, target) {
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(26)} n=${xs.length} p50=${pct(xs, 50).toFixed(2)} ms p95=${pct(xs, 95).toFixed(2)} ms p99=${pct(xs, 99).toFixed(2)} ms${target ? ` (target ${target})` : ''}`);
}
async function timed(fn, count, warm = 10) {
  for (let i = 0; i < warm; i++) await fn(i);
  const xs = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await fn(i);
    xs.push(performance.now() - t0);
  }
  return xs;
}
async function must(res, status = 200) {
  const text = await res.text();
  if (res.status !== status) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}
const report = (i, photos = []) => ({
  report: {
    service_code: ['road', 'waste', 'urban-order', 'health'][i % 4],
    description: `Phản ánh thử nghiệm số ${i}: cần kiểm tra tại chỗ`,
    lat: 10.35 + (i % 97) * 0.003, lon: 107.08 + (i % 89) * 0.003,
    photos,
  },
});
const file = async (i, photos) => must(await fetch(`${base}/api/feedback/file`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report(i, photos)),
}));

print('create, no photo', await timed((i) => file(i), N), 'p99 ≤ 50 ms');
console.log(`photo: ${(photo.length / 1e6).toFixed(2)} MB`);
print('create, one 3 MB photo', await timed(async (i) => {
  const up = await must(await fetch(`${base}/api/v1/feedback/photos`, {
    method: 'POST', headers: { 'content-type': 'image/jpeg' }, body: photo,
  }), 201);
  await file(100000 + i, [up.token]);
}, Math.min(N, 60), 3), 'p99 ≤ 300 ms');

const cookie = await signIn(base);
const filters = [
  { status: 'in_progress', service_code: null, district: null, overdue_only: false, page: 0 },
  { status: null, service_code: 'road', district: '747', overdue_only: false, page: 0 },
  { status: null, service_code: null, district: null, overdue_only: true, page: 0 },
  { status: 'received', service_code: 'waste', district: null, overdue_only: false, page: 0 },
];
let total = 0;
print('inbox, first filtered page', await timed(async (i) => {
  const ib = await must(await fetch(`${base}/api/feedback/inbox`, {
    method: 'POST', headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ filter: filters[i % filters.length] }),
  }));
  if (!ib.rows.length) throw new Error('an empty page measures nothing');
  total = Math.max(total, ib.total);
}, N), 'p95 ≤ 30 ms');
print('open311 list, 50 open', await timed(async () => {
  const list = await must(await fetch(`${base}/open311/v2/requests.json?status=open&page_size=50`));
  if (list.length !== 50) throw new Error('short page');
}, Math.min(N, 100)));
let bytes = 0, points = 0;
print('public stats and map', await timed(async () => {
  const res = await fetch(`${base}/api/feedback/stats`, { method: 'POST', headers: { 'accept-encoding': 'br' } });
  const body = await res.text();
  bytes = body.length;
  points = JSON.parse(body).points.length;
}, 30, 3));
console.log(`map: ${points} points, ${(bytes / 1024).toFixed(0)} KB of JSON before compression`);
