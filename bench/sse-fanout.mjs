// Server-Sent Events fan-out: N open /events streams on one congdanso (SQLite), one alert
// sent, the time until the last stream has it, and the server's memory with them open.
// Prints one Markdown table row (the header is printed by bench/run) and the figures.
//   node bench/sse-fanout.mjs --binary build/congdanso --clients 10000
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const binary = arg('binary', 'build/congdanso');
const clients = Number(arg('clients', '10000'));
const commune = '02848';  // Xã Lùng Phình: every stream follows it

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});
const rssMiB = (pid) => {
  const kb = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]);
  return kb / 1024;
};

const work = mkdtempSync(path.join(os.tmpdir(), 'cds-sse-'));
const db = `sqlite:${work}/sse.db`;
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
spawnSync(binary, ['migrate', '--db', db], { encoding: 'utf8' });
const made = spawnSync(binary, ['user', 'add', '--role', 'alert_officer', '--phone', '0912000001',
  '--name', 'Cán Bộ Đo', '--unit', commune, '--db', db], { encoding: 'utf8' });
const password = made.stdout.trim().split('\n').pop();
const server = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db,
  '--access-log=false', '--uploads-dir', `${work}/uploads`], { stdio: ['ignore', 'ignore', 'ignore'] });
for (let i = 0; i < 300; i++) {
  try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
  await new Promise((r) => setTimeout(r, 100));
}
const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ phone: '0912000001', password }),
});
const cookie = login.headers.get('set-cookie').split(';')[0];
const rssBefore = rssMiB(server.pid);

// The streams, opened 500 at a time. Each waits for the alert's frame.
let received = 0;
let lastAt = 0;
let opened = 0;
const sockets = [];
const open = () => new Promise((resolve, reject) => {
  const s = net.connect(port, '127.0.0.1', () => {
    s.write(`GET /events?unit=${commune} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`);
  });
  let text = '';
  let ready = false;
  let got = false;
  s.setEncoding('utf8');
  s.on('data', (d) => {
    text += d;
    if (!ready && text.includes('retry:')) { ready = true; opened++; resolve(); }
    if (!got && text.includes('event: alert')) { got = true; received++; lastAt = performance.now(); text = ''; }
    if (text.length > 4096) text = text.slice(-64);
  });
  s.on('error', reject);
  sockets.push(s);
});
const t0 = performance.now();
for (let i = 0; i < clients; i += 500) {
  await Promise.all(Array.from({ length: Math.min(500, clients - i) }, open));
}
const openSeconds = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 1000));
const rssOpen = rssMiB(server.pid);

// One exercise alert for the commune: drafted, then sent (it goes out on submit).
const post = (p, body) => fetch(`${base}${p}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
  body,
});
const draft = await (await post('/api/v1/alerts', JSON.stringify({
  status: 'Exercise', event: 'Đo', categories: ['Met'], urgency: 'Immediate', severity: 'Severe',
  certainty: 'Likely', expires: '2099-12-31T18:00:00+07:00', headline: 'Đo thời gian phát', units: [commune],
}))).json();
const sentAt = performance.now();
const sent = await post(`/api/v1/alerts/${draft.id}/submit`, '');
const committedAt = performance.now();
if (!sent.ok) throw new Error(`submit: ${sent.status} ${await sent.text()}`);
for (let i = 0; i < 200 && received < clients; i++) await new Promise((r) => setTimeout(r, 50));
const rssAfter = rssMiB(server.pid);

for (const s of sockets) s.destroy();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(work, { recursive: true, force: true });

const ms = (x) => `${x.toFixed(0)} ms`;
const toLast = lastAt - sentAt;
console.log(`streams open: ${opened} of ${clients} in ${openSeconds.toFixed(1)} s`);
console.log(`alert received by ${received}; send → last delivery ${ms(toLast)} (commit at ${ms(committedAt - sentAt)})`);
console.log(`server RSS: ${rssBefore.toFixed(0)} MiB before, ${rssOpen.toFixed(0)} MiB with the streams open, ${rssAfter.toFixed(0)} MiB after the alert`);
console.log(`ROW | ${clients} open /events streams, one alert sent | ${received} | ${ms(committedAt - sentAt)} | **${ms(toLast)}** (goal < 1000 ms) | ${rssBefore.toFixed(0)} → **${rssOpen.toFixed(0)} MiB** (goal < 300) |`);
process.exit(received === clients ? 0 : 1);
