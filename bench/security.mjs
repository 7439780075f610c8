// Syslog intake benchmark (issue 17): messages sent to a running ioc's receiver over TCP
// (octet-counted frames) and over UDP, then the receiver's counters read until every
// message is stored or counted as dropped.
// Usage: node bench/security.mjs BASE_URL READ_KEY UDP_PORT TCP_PORT [messages]
// Prints messages/s parsed and stored for each transport, and the drop counts.
import net from 'node:net';
import dgram from 'node:dgram';

const [base, key, udpPort, tcpPort, nArg] = process.argv.slice(2);
const N = Number(nArg ?? 200_000);
const headers = { authorization: `Bearer ${key}` };

async function counters() {
  const r = await fetch(`${base}/api/v1/security/intake`, { headers });
  if (r.status !== 200) throw new Error(`intake: ${r.status} ${await r.text()}`);
  return r.json();
}

// A mix of what a province's tools send: RFC 5424 with structured data, RFC 3164, CEF.
function message(i) {
  switch (i % 3) {
    case 0: return `<86>1 2024-06-01T10:00:${String(i % 60).padStart(2, '0')}+07:00 web${i % 40} sshd ${i} - [origin@32473 ip="10.10.${i % 250}.5"] Failed password for root from 203.0.113.${i % 250} port ${40000 + (i % 20000)} ssh2`;
    case 1: return `<30>Jun  1 10:00:00 app${i % 40} nginx[${i % 30000}]: 203.0.113.${i % 250} - - "GET /dvc/${i} HTTP/1.1" 404 153`;
    default: return `<134>Jun  1 10:00:00 fw01 CEF:0|Fortinet|FortiGate|7.2|${13 + (i % 50)}|Port scan \\| sweep ${i}|${i % 11}|src=203.0.113.${i % 250} dst=10.10.1.${i % 250} spt=${i % 65535} dpt=443 act=blocked msg=a\\=b`;
  }
}

// Waits until the receiver has taken `total` messages and stored or dropped each one.
async function settle(before, total, t0) {
  for (;;) {
    const c = await counters();
    const received = c.received - before.received;
    const stored = c.stored - before.stored;
    const dropped = c.dropped_queue_full - before.dropped_queue_full;
    if (received >= total && stored + dropped >= received) {
      return { secs: (performance.now() - t0) / 1000, received, stored, dropped };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

function report(label, sent, s) {
  console.log(`${label}: ${sent} sent, ${s.received} received, ${s.stored} stored, ${s.dropped} dropped (queue full) in ${s.secs.toFixed(2)} s = ${Math.round(s.stored / s.secs)} messages/s stored (target ≥ 50,000)`);
}

// TCP: one connection, octet-counted frames, written as fast as the socket takes them.
{
  const frames = [];
  for (let i = 0; i < N; i++) {
    const m = Buffer.from(message(i));
    frames.push(Buffer.from(`${m.length} `), m);
  }
  const body = Buffer.concat(frames);
  const before = await counters();
  const t0 = performance.now();
  await new Promise((resolve, reject) => {
    const s = net.connect(Number(tcpPort), '127.0.0.1', () => s.end(body, resolve));
    s.on('error', reject);
  });
  report('tcp', N, await settle(before, N, t0));
}

// UDP: datagrams in bursts of 500, each burst's sends awaited; what the kernel drops
// before the receiver reads it is neither received nor counted.
{
  const sock = dgram.createSocket('udp4');
  const msgs = Array.from({ length: N }, (_, i) => Buffer.from(message(i)));
  const before = await counters();
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) {
    await Promise.all(msgs.slice(i, i + 500).map((m) => new Promise((r) => sock.send(m, Number(udpPort), '127.0.0.1', r))));
  }
  // Whatever arrived is in within a moment of the last send; wait for it to be stored.
  let last = -1;
  let c;
  for (;;) {
    c = await counters();
    if (c.received === last) break;
    last = c.received;
    await new Promise((r) => setTimeout(r, 200));
  }
  const s = await settle(before, c.received - before.received, t0);
  report('udp', N, s);
  const lost = c.udp_lost == null ? 'not readable here' : c.udp_lost - (before.udp_lost ?? 0);
  console.log(`udp: ${N - s.received} not received; the kernel counted ${lost} dropped for a full receive buffer`);
  sock.close();
}
