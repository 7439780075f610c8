// Module 8's data over HTTP as the page asks for it: one year, every indicator, the
// 8 districts — the province board, then a district's. Prints p50/p95/p99 in ms.
// Usage: node bench/indicators.mjs BASE_URL [REQUESTS]
import { signIn, pct } from './lib.mjs';

const [base, n = '300'] = process.argv.slice(2);
const cookie = await signIn(base);

async function time(body) {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/indicators/board`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body,
  });
  const json = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200 || json.indicators.length < 8) throw new Error(`bad answer ${res.status}`);
  return ms;
}

for (const [label, body] of [['province', 'year=2024'], ['district', 'year=2024&unit=747']]) {
  for (let i = 0; i < 20; i++) await time(body); // warm-up
  const xs = [];
  for (let i = 0; i < Number(n); i++) xs.push(await time(body));
  xs.sort((a, b) => a - b);
  console.log(`${label.padEnd(9)} n=${n} p50=${pct(xs, 50).toFixed(2)} ms p95=${pct(xs, 95).toFixed(2)} ms p99=${pct(xs, 99).toFixed(2)} ms (target p95 ≤ 20 ms)`);
}
