// What the camera proxy adds per segment at N concurrent viewers (each fetching the newest
// 1 s segment once a second, as a live player does), and the server's memory meanwhile. Usage: node bench/cameras.mjs BASE HLS_DIR IOC_PID VIEWERS SECONDS
import http from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signIn, pct } from './lib.mjs';

const [base, hlsDir, iocPid, viewersArg, secondsArg] = process.argv.slice(2);
const VIEWERS = Number(viewersArg);
const SECONDS = Number(secondsArg);
const AUTH = 'Basic ' + Buffer.from('cam:bench-secret').toString('base64');

// The camera: the HLS directory behind Basic credentials.
const camera = http.createServer(async (req, res) => {
  if (req.headers.authorization !== AUTH) { res.writeHead(401).end(); return; }
  const path = join(hlsDir, new URL(req.url, 'http://x').pathname.replace(/\.\./g, ''));
  try {
    const body = await readFile(path);
    const type = path.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t';
    res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
  } catch { res.writeHead(404).end(); }
});
await new Promise((r) => camera.listen(0, '127.0.0.1', r));
const upstream = `http://127.0.0.1:${camera.address().port}`;
// Wait for ffmpeg's first segments.
for (let i = 0; ; i++) {
  try { if ((await readFile(join(hlsDir, 'index.m3u8'), 'utf8')).split('.ts').length > 3) break; } catch {}
  if (i > 600) throw new Error('ffmpeg made no stream');
  await new Promise((r) => setTimeout(r, 100));
}

const admin = await signIn(base, 'admin');
const official = await signIn(base, 'official');
const reg = await fetch(`${base}/api/v1/cameras`, {
  method: 'POST',
  headers: { cookie: admin, 'content-type': 'application/json' },
  body: JSON.stringify({ code: 'bench-cam', name: 'Bench', lat: 10.35, lon: 107.08,
    stream_url: `${upstream}/index.m3u8`, username: 'cam', password: 'bench-secret' }),
});
if (!reg.ok) throw new Error(`register: ${reg.status} ${await reg.text()}`);

const rss = () => {
  const m = readFileSync(`/proc/${iocPid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
};
const lastLine = (text) => text.trim().split('\n').filter((l) => l && !l.startsWith('#')).pop();

/** N viewers for SECONDS: each asks for the playlist and downloads its newest segment, once a second. */
async function run(label, playlist, headers, resolve) {
  const times = [];
  let bytes = 0;
  const memory = [];
  const end = Date.now() + SECONDS * 1000;
  const sampler = setInterval(() => memory.push(rss()), 250);
  await Promise.all(Array.from({ length: VIEWERS }, async (_, v) => {
    // Players start at different moments, then each asks once per segment (1 s), as a
    // live player does.
    await new Promise((r) => setTimeout(r, (v * 1000) / VIEWERS));
    while (Date.now() < end) {
      const tick = Date.now();
      const p = await fetch(playlist, { headers });
      const seg = resolve(lastLine(await p.text()));
      const t0 = performance.now();
      const r = await fetch(seg, { headers });
      const body = await r.arrayBuffer();
      if (!r.ok) throw new Error(`${label}: segment ${r.status}`);
      times.push(performance.now() - t0);
      bytes += body.byteLength;
      await new Promise((r) => setTimeout(r, Math.max(0, tick + 1000 - Date.now())));
    }
  }));
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  return { label, times, bytes, memory };
}

const before = rss();
const direct = await run('direct', `${upstream}/index.m3u8`, { authorization: AUTH }, (s) => `${upstream}/${s}`);
const proxied = await run('through ioc', `${base}/api/v1/cameras/bench-cam/live.m3u8`, { cookie: official }, (s) => `${base}${s}`);
const after = rss();
camera.close();

console.log(`== camera proxy: ${VIEWERS} viewers, ${SECONDS} s each way, newest 1 s segment of 720p H.264`);
for (const r of [direct, proxied]) {
  console.log(`  ${r.label.padEnd(12)} ${String(r.times.length).padStart(5)} segments, ` +
    `${(r.bytes / r.times.length / 1024).toFixed(0)} KB each, time to last byte ` +
    `p50 ${pct(r.times, 50).toFixed(1)} ms, p99 ${pct(r.times, 99).toFixed(1)} ms`);
}
console.log(`  added by the proxy: p50 ${(pct(proxied.times, 50) - pct(direct.times, 50)).toFixed(1)} ms, ` +
  `p99 ${(pct(proxied.times, 99) - pct(direct.times, 99)).toFixed(1)} ms (target ≤ 5 ms at p99)`);
const mem = proxied.memory.filter(Number.isFinite);
console.log(`  ioc memory (RSS): ${before.toFixed(0)} MB before, ${Math.min(...mem).toFixed(0)}–${Math.max(...mem).toFixed(0)} MB while streaming ` +
  `${(proxied.bytes / 1048576).toFixed(0)} MB, ${after.toFixed(0)} MB after`);
