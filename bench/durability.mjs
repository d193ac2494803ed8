// Crash durability: files reports under load (through Open311 with an API key, and through the
// JSON API as a signed-in citizen), kills the server with SIGKILL at a random moment, starts it
// again and checks that every report whose 2xx the client received is there, intact. One line
// per round, then "N acknowledged, N lost"; exits 1 when anything acknowledged was lost.
//   node bench/durability.mjs --binary build/congdanso --db URL --rounds N [--work DIR]
//                             [--concurrency N] [--results FILE]
// --results writes {"tests":1,"failures":0|1} for the test summary (make test's short form).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const binary = option('--binary', 'build/congdanso');
const db = option('--db');
const rounds = Number(option('--rounds', '3'));
const concurrency = Number(option('--concurrency', '16'));
const work = option('--work', mkdtempSync(join(tmpdir(), 'cds-durability-')));
const results = option('--results');
if (!db) {
  console.error('--db URL is required');
  process.exit(2);
}
mkdirSync(join(work, 'uploads'), { recursive: true });

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const operator = (...rest) =>
  execFileSync(binary, [...rest, '--db', db], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    .trim()
    .split('\n')
    .pop();

async function startServer() {
  const port = await freePort();
  const child = spawn(
    binary,
    ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--uploads-dir', join(work, 'uploads')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr.on('data', (d) => {
    log = (log + d).slice(-4000);
  });
  const exited = new Promise((r) => child.on('exit', r));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, base, exited };
    } catch {}
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not start:\n${log}`);
}

// The two doors a report comes in by; each returns the report's public id on a 2xx.
function doors(key, cookie) {
  const open311 = async (base, description) => {
    const body = new URLSearchParams({
      api_key: key,
      service_code: 'roads',
      address_id: '04252',
      lat: '21.72',
      long: '104.9',
      description,
    });
    const r = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', body });
    if (r.status < 200 || r.status > 299) return null;
    return (await r.json())[0].service_request_id;
  };
  const api = async (base, description) => {
    const r = await fetch(`${base}/api/v1/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
      body: JSON.stringify({ category: 'roads', unit_code: '04252', description }),
    });
    if (r.status < 200 || r.status > 299) return null;
    return (await r.json()).id;
  };
  return [open311, api];
}

async function signIn(base) {
  const phone = `0912${String(Date.now()).slice(-6)}`;
  const password = operator('user', 'add', '--role', 'citizen', '--phone', phone, '--name', 'Người Thử Độ Bền', '--unit', '04252');
  const r = await fetch(`${base}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone, password, new_password: 'do-ben-rat-dai-2026' }),
  });
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${await r.text()}`);
  return r.headers.get('set-cookie').split(';')[0];
}

// Files reports until the server stops answering; returns what was acknowledged.
async function load(base, round, send) {
  const acknowledged = [];
  let stopped = false;
  const worker = async (w) => {
    for (let n = 0; !stopped; n++) {
      const description = `Kiểm tra độ bền: vòng ${round}, luồng ${w}, lần ${n}, ổ gà trên đường`;
      try {
        const id = await send[(w + n) % send.length](base, description);
        if (id) acknowledged.push({ id, description });
      } catch {
        stopped = true;  // the server is gone
      }
    }
  };
  return { acknowledged, done: Promise.all([...Array(concurrency).keys()].map(worker)), stop: () => (stopped = true) };
}

// The acknowledged reports that are not there as filed (read back 16 at a time).
async function missing(base, acknowledged) {
  const lost = [];
  let next = 0;
  const reader = async () => {
    while (next < acknowledged.length) {
      const a = acknowledged[next++];
      const r = await fetch(`${base}/api/v1/reports/${a.id}`);
      const ok = r.status === 200 && (await r.json()).description === a.description;
      if (!ok) lost.push(a.id);
    }
  };
  await Promise.all([...Array(16).keys()].map(reader));
  return lost;
}

const key = operator('apikey', 'create', '--name', 'durability', '--scopes', 'open311');
let server = await startServer();
const send = doors(key, await signIn(server.base));
let total = 0;
let lostTotal = 0;
const all = [];
for (let round = 1; round <= rounds; round++) {
  const run = await load(server.base, round, send);
  await sleep(300 + Math.random() * 2200);
  server.child.kill('SIGKILL');
  await server.exited;
  run.stop();
  await run.done;
  server = await startServer();
  const lost = await missing(server.base, run.acknowledged);
  total += run.acknowledged.length;
  lostTotal += lost.length;
  all.push(...run.acknowledged);
  console.log(`round ${round}: ${run.acknowledged.length} acknowledged, ${lost.length} lost${lost.length ? ` (${lost.slice(0, 5).join(', ')})` : ''}`);
}
// Once more at the end: nothing acknowledged in an earlier round went missing later.
const later = await missing(server.base, all);
server.child.kill('SIGTERM');
await server.exited;
lostTotal = Math.max(lostTotal, later.length);
console.log(`${total} acknowledged, ${lostTotal} lost`);
const passed = lostTotal === 0 && total > 0;
if (results) writeFileSync(results, JSON.stringify({ tests: 1, failures: passed ? 0 : 1 }));
process.exit(passed ? 0 : 1);
