// Adds up the results that the test runs wrote (GoogleTest JSON and the e2e runner's JSON,
// both with "tests" and "failures") and prints the closing line "N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
let passed = 0, failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  let r;
  try {
    r = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  } catch (e) {
    // GoogleTest 1.12 writes a broken file when something fails outside any test (a global
    // environment's TearDown, say): that run failed, and the summary must still be printed.
    r = { tests: 1, failures: 1 };
    console.log(`${file}: not readable as JSON (${e.message}); counted as one failure`);
  }
  let p = 0, f = 0, skipped = 0;
  if (Array.isArray(r.testsuites)) {
    // GoogleTest: a test failed when it has failures; skipped tests are neither.
    for (const suite of r.testsuites) for (const t of suite.testsuite ?? []) {
      if (t.failures?.length) f++;
      else if (t.result === 'SKIPPED' || t.status === 'NOTRUN') skipped++;
      else p++;
    }
  } else {
    p = (r.tests ?? 0) - (r.failures ?? 0);
    f = r.failures ?? 0;
  }
  console.log(`${file.replace(/\.json$/, '').padEnd(24)} ${p} passed, ${f} failed${skipped ? `, ${skipped} skipped` : ''}`);
  passed += p;
  failed += f;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
