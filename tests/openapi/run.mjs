// The OpenAPI description at /api/openapi.json, read as a client would: the real server is
// started, the document is validated by @apidevtools/swagger-parser (OpenAPI 3.1), every JSON
// route the router serves is described (none marked x-cds-undocumented), no description
// names a route that is not served (x-cds-unrouted is empty), and a few answers are checked
// against the shapes the document gives.
//   node tests/openapi/run.mjs --binary build/congdanso [--results FILE]
import SwaggerParser from '@apidevtools/swagger-parser';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const binary = arg('binary', 'build/congdanso');
const results = arg('results', '');
let tests = 0, failures = 0;
const expect = (name, ok, detail = '') => {
  tests++;
  if (!ok) failures++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
};

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const work = mkdtempSync(path.join(os.tmpdir(), 'cds-openapi-'));
const server = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--db', `sqlite:${work}/db.sqlite`,
  '--dev-outbox', '--uploads-dir', `${work}/uploads`, '--access-log', 'false'], { stdio: ['ignore', 'ignore', 'pipe'] });
let log = '';
server.stderr.on('data', (d) => { log += d; });
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const res = await fetch(`${base}/api/openapi.json`);
  expect('GET /api/openapi.json answers JSON', res.ok && res.headers.get('content-type').startsWith('application/json'),
    `${res.status}`);
  const doc = await res.json();
  expect('it is OpenAPI 3.1', doc.openapi === '3.1.0', doc.openapi);
  try {
    await SwaggerParser.validate(structuredClone(doc));
    expect('swagger-parser validates it', true);
  } catch (e) {
    expect('swagger-parser validates it', false, e.message);
  }
  const undocumented = [];
  for (const [p, ops] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(ops)) if (op['x-cds-undocumented']) undocumented.push(`${m.toUpperCase()} ${p}`);
  expect('every JSON route the router serves is described', undocumented.length === 0, undocumented.join(', '));
  expect('every description has its route', (doc['x-cds-unrouted'] ?? []).length === 0, (doc['x-cds-unrouted'] ?? []).join(', '));
  const ops = Object.values(doc.paths).flatMap((o) => Object.values(o));
  expect('operation ids are unique', new Set(ops.map((o) => o.operationId)).size === ops.length);
  expect('every operation says what it answers', ops.every((o) => o.summary && o.responses && Object.keys(o.responses).length));
  // Every operation that needs someone says so: whatever answers an anonymous caller 401, or
  // lists a 401 answer, has a security entry (its own, or the document's).
  const unsecured = [];
  for (const [p, pathOps] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(pathOps)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
      const target = p.replace(/\{[^}]+\}/g, '1');
      const init = { method: m.toUpperCase(), redirect: 'manual' };
      if (m !== 'get') Object.assign(init, { body: '{}', headers: { 'Content-Type': 'application/json' } });
      let status = 0;
      try { status = (await fetch(`${base}${target}`, init)).status; } catch { /* a stream or a reset */ }
      const needs = status === 401 || Object.keys(op.responses ?? {}).includes('401');
      // "security": [] says in the document that anyone may call it (signing in itself).
      if (Array.isArray(op.security) && op.security.length === 0) continue;
      const security = op.security ?? doc.security ?? [];
      if (needs && !security.some((s) => Object.keys(s).length > 0)) unsecured.push(`${m.toUpperCase()} ${p} (${status})`);
    }
  }
  expect('every operation that needs someone has a security entry', unsecured.length === 0, unsecured.join(', '));
  // Answers match the document's shapes.
  const units = await (await fetch(`${base}/api/v1/units?parent=15`)).json();
  const unitSchema = doc.components.schemas.Unit;
  expect('a unit has the fields the Unit schema requires',
    units.units.length > 0 && unitSchema.required.every((k) => k in units.units[0]), JSON.stringify(units.units[0]));
  const err = await (await fetch(`${base}/api/v1/me`)).json();
  expect('an error has the Error schema\'s shape', typeof err.error?.code === 'string' && typeof err.error?.message === 'string',
    JSON.stringify(err));
} catch (e) {
  expect('the run', false, `${e.stack}\n${log}`);
} finally {
  server.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
console.log(`openapi: ${tests - failures} passed, ${failures} failed`);
if (results) writeFileSync(results, JSON.stringify({ tests, failures }));
process.exit(failures ? 1 : 0);
