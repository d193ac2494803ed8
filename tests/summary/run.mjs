// Tests of scripts/summarise-tests.mjs, the closing line of `make test`: it adds up GoogleTest
// and plain {"tests","failures"} files, and a file it cannot read counts as a failure rather
// than stopping the summary. Writes {"tests":N,"failures":M} to the path given.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const summariser = path.resolve(here, '../../scripts/summarise-tests.mjs');
const results = process.argv[2];
let tests = 0, failures = 0;

function expect(name, ok, detail) {
  tests++;
  if (!ok) failures++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n${detail}`}`);
}
// Runs the summariser over a folder holding `files` (name → text).
function summarise(files) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cds-summary-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const r = spawnSync(process.execPath, [summariser, dir], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  return { code: r.status, out: r.stdout + r.stderr };
}
const gtest = (...cases) => JSON.stringify({
  testsuites: [{ name: 'S', testsuite: cases.map(([name, failed, result]) => ({
    name, result: result ?? 'COMPLETED', ...(failed ? { failures: [{ failure: 'x' }] } : {}),
  })) }],
});

{
  const r = summarise({ 'unit.json': gtest(['a'], ['b'], ['c', false, 'SKIPPED']), 'e2e.json': '{"tests":3,"failures":0}' });
  expect('passing runs add up and exit 0', r.code === 0 && r.out.includes('5 passed, 0 failed') &&
    r.out.includes('1 skipped'), r.out);
}
{
  const r = summarise({ 'unit.json': gtest(['a'], ['b', true]), 'e2e.json': '{"tests":2,"failures":1}' });
  expect('a failed test anywhere fails the summary', r.code === 1 && r.out.includes('2 passed, 2 failed'), r.out);
}
{
  // What GoogleTest 1.12 wrote when the shared server's TearDown failed: two objects, no comma.
  const broken = '{\n  "testsuites": [\n    {"name": "S", "testsuite": []\n    }    {\n      "name": ""\n    }\n  ]\n}\n';
  const r = summarise({ 'integration.json': broken, 'unit.json': gtest(['a']) });
  expect('a file that is not JSON counts as a failure, and the rest is still summed',
    r.code === 1 && r.out.includes('integration.json') && r.out.includes('1 passed, 1 failed'), r.out);
}

console.log(`summary: ${tests - failures} passed, ${failures} failed`);
if (results) writeFileSync(results, JSON.stringify({ tests, failures }));
process.exit(failures ? 1 : 0);
