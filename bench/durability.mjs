// Crash durability: files reports under load (through Open311 with an API key, and through the
// JSON API as a signed-in citizen) while residents answer a warning ("I need help", with a note
// counting their answers), kills the server with SIGKILL at a random moment, starts it again
// and checks that every report whose 2xx the client received is there, intact, and that each
// resident's stored answer is the last one acknowledged or a later one (an answer replaces the
// resident's earlier answer). One line per round, then "N acknowledged, N lost"; exits 1 when
// anything acknowledged was lost.
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

let people = 0;
async function signIn(base, role = 'citizen', name = 'Người Thử Độ Bền') {
  const phone = `09${String(Date.now()).slice(-6)}${String(people++).padStart(2, '0')}`;
  const password = operator('user', 'add', '--role', role, '--phone', phone, '--name', name, '--unit', '04252');
  const r = await fetch(`${base}/api/v1/auth/password`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phone, password, new_password: 'do-ben-rat-dai-2026' }),
  });
  if (r.status !== 200) throw new Error(`sign-in: ${r.status} ${await r.text()}`);
  return { phone, cookie: r.headers.get('set-cookie').split(';')[0] };
}

const asBrowser = (cookie) => ({ 'Content-Type': 'application/json', Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' });

// An exercise warning for the commune, drafted and sent by an alert officer; its id.
async function exercise(base, officer) {
  const r = await fetch(`${base}/api/v1/alerts`, {
    method: 'POST',
    headers: asBrowser(officer.cookie),
    body: JSON.stringify({
      status: 'Exercise', event: 'Lũ quét', categories: ['Met'], urgency: 'Immediate', severity: 'Severe',
      certainty: 'Likely', expires: '2099-12-31T18:00:00+07:00', headline: 'Diễn tập độ bền', units: ['04252'],
    }),
  });
  if (r.status !== 201) throw new Error(`alert: ${r.status} ${await r.text()}`);
  const { id } = await r.json();
  const sent = await fetch(`${base}/api/v1/alerts/${id}/submit`, { method: 'POST', headers: asBrowser(officer.cookie) });
  if (sent.status !== 200) throw new Error(`alert submit: ${sent.status} ${await sent.text()}`);
  return id;
}

// Resident i's answer number seq; true on a 2xx.
const noteOf = (i, seq) => `Cần giúp: người ${i}, lần ${seq}`;
async function answer(base, alert, resident, i, seq) {
  const r = await fetch(`${base}/api/v1/alerts/${alert}/responses`, {
    method: 'POST',
    headers: asBrowser(resident.cookie),
    body: JSON.stringify({ answer: 'need_help', note: noteOf(i, seq) }),
  });
  return r.status >= 200 && r.status <= 299;
}

// Files reports and answers until the server stops answering; returns what was acknowledged.
// Worker i < residents.length answers for resident i alone (one answer in flight per resident,
// so the last acknowledged is the last sent); the others file reports.
const seqs = [];
async function load(base, round, send, alert, residents) {
  const acknowledged = [];
  const answered = [];
  let stopped = false;
  const worker = async (w) => {
    if (w < residents.length) {
      while (!stopped) {
        const seq = (seqs[w] = (seqs[w] ?? 0) + 1);
        try {
          if (await answer(base, alert, residents[w], w, seq)) answered.push({ i: w, seq });
        } catch {
          stopped = true;
        }
      }
      return;
    }
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
  return { acknowledged, answered, done: Promise.all([...Array(concurrency).keys()].map(worker)), stop: () => (stopped = true) };
}

// The residents whose stored answer is older than their last acknowledged one, or not as sent.
async function answersLost(base, alert, officer, residents, answered) {
  const last = new Map();
  for (const a of answered) last.set(a.i, Math.max(last.get(a.i) ?? 0, a.seq));
  const r = await fetch(`${base}/api/v1/alerts/${alert}/answers`, { headers: asBrowser(officer.cookie) });
  if (r.status !== 200) throw new Error(`answers: ${r.status} ${await r.text()}`);
  const stored = new Map((await r.json()).calls.map((c) => [c.phone, c.note]));
  const lost = [];
  for (const [i, seq] of last) {
    const note = stored.get(residents[i].phone.replace(/^0/, '+84')) ?? stored.get(residents[i].phone);
    const m = /lần (\d+)$/.exec(note ?? '');
    if (!m || note !== noteOf(i, Number(m[1])) || Number(m[1]) < seq) lost.push(`answer ${i}:${seq} (stored: ${note ?? 'none'})`);
  }
  return lost;
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
const send = doors(key, (await signIn(server.base)).cookie);
const officer = await signIn(server.base, 'alert_officer', 'Cán Bộ Thử Độ Bền');
const alert = await exercise(server.base, officer);
const residents = [];
for (let i = 0; i < 4; i++) residents.push(await signIn(server.base, 'citizen', `Cư Dân Thử Độ Bền ${i}`));
const everyAnswer = [];
let total = 0;
let lostTotal = 0;
const all = [];
for (let round = 1; round <= rounds; round++) {
  const run = await load(server.base, round, send, alert, residents);
  await sleep(300 + Math.random() * 2200);
  server.child.kill('SIGKILL');
  await server.exited;
  run.stop();
  await run.done;
  server = await startServer();
  everyAnswer.push(...run.answered);
  const lost = [
    ...(await missing(server.base, run.acknowledged)),
    ...(await answersLost(server.base, alert, officer, residents, everyAnswer)),
  ];
  const acknowledged = run.acknowledged.length + run.answered.length;
  total += acknowledged;
  lostTotal += lost.length;
  all.push(...run.acknowledged);
  console.log(`round ${round}: ${acknowledged} acknowledged (${run.acknowledged.length} reports, ${run.answered.length} answers), ${lost.length} lost${lost.length ? ` (${lost.slice(0, 5).join(', ')})` : ''}`);
}
// Once more at the end: nothing acknowledged in an earlier round went missing later.
const later = [
  ...(await missing(server.base, all)),
  ...(await answersLost(server.base, alert, officer, residents, everyAnswer)),
];
server.child.kill('SIGTERM');
await server.exited;
lostTotal = Math.max(lostTotal, later.length);
console.log(`${total} acknowledged, ${lostTotal} lost`);
const passed = lostTotal === 0 && total > 0;
if (results) writeFileSync(results, JSON.stringify({ tests: 1, failures: passed ? 0 : 1 }));
process.exit(passed ? 0 : 1);
