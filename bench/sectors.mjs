// Modules 4–6: a sector page's data as the page asks for it — the department's indicator
// board (this year and the year before) and the module's own sections, both at once —
// for the province and for a district. Prints p50/p95/p99 in ms per page and view.
// Usage: node bench/sectors.mjs BASE_URL [REQUESTS]
import { signIn, pct } from './lib.mjs';

const [base, n = '300'] = process.argv.slice(2);
const cookie = await signIn(base);

async function post(endpoint, body) {
  const res = await fetch(`${base}/api/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body,
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`${endpoint}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const PAGES = [
  ['health', 'SYT', 'health/board', ''],
  ['education', 'SGDDT', 'education/board', ''],
  ['tourism', 'SDL', 'tourism/board', '&through_month=12'],
];

for (const [name, dept, endpoint, extra] of PAGES) {
  for (const [view, unit] of [['province', ''], ['district', '&unit=747']]) {
    const once = async () => {
      const t0 = performance.now();
      const [sector] = await Promise.all([
        post('indicators/sector', `department=${dept}&year=2024${unit}`),
        post(endpoint, `year=2024${extra}${unit}`),
      ]);
      if (sector.board.indicators.length < 2) throw new Error(`${name}: no indicators`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) await once(); // warm-up
    const xs = [];
    for (let i = 0; i < Number(n); i++) xs.push(await once());
    xs.sort((a, b) => a - b);
    console.log(`${name.padEnd(9)} ${view.padEnd(8)} n=${n} p50=${pct(xs, 50).toFixed(2)} ms p95=${pct(xs, 95).toFixed(2)} ms p99=${pct(xs, 99).toFixed(2)} ms (target p95 ≤ 30 ms)`);
  }
}
