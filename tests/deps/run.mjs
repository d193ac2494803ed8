// Tests of scripts/check-deps.mjs: the fixture tree passes as it is, and each forbidden
// include added to a copy of it makes the check fail, naming the file and the rule. Then the
// real tree is checked. Writes {"tests":N,"failures":M} to the path given (for make test).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const checker = path.join(repo, 'scripts/check-deps.mjs');
const results = process.argv[2];
let tests = 0, failures = 0;

function check(root) {
  const r = spawnSync(process.execPath, [checker, root], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
}
function expect(name, ok, detail) {
  tests++;
  if (!ok) failures++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n${detail}`}`);
}
// A copy of the fixture with `file` given one more line.
function withLine(file, line) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cds-deps-'));
  cpSync(path.join(here, 'fixture'), dir, { recursive: true });
  appendFileSync(path.join(dir, file), line + '\n');
  return dir;
}

const clean = check(path.join(here, 'fixture'));
expect('the fixture as it is passes', clean.code === 0, clean.out);

const cases = [
  ['an undeclared module', 'src/mail/service.h', '#include "shop/service.h"', 'module mail does not declare shop'],
  ['another module\'s store, though declared', 'src/shop/service.cpp', '#include "mail/store.h"', 'private to module mail'],
  ['a store from the composition root', 'src/main.cpp', '#include "mail/store.h"', 'private to module mail'],
  ['a transitive dependency used directly', 'src/store_user/orders.cpp', '#include "mail/service.h"', 'module store_user does not declare mail'],
  ['an undeclared module in angle brackets', 'src/mail/service.h', '#include <shop/service.h>', 'module mail does not declare shop'],
  ['a store in angle brackets', 'src/shop/service.cpp', '#include <mail/store.h>', 'private to module mail'],
  ['a relative path into another module', 'src/shop/service.cpp', '#include "../mail/store.h"', 'relative path'],
  ['a relative path to a declared module', 'src/shop/service.cpp', '#include "../mail/service.h"', 'relative path'],
  ['another module\'s internal.h', 'src/shop/service.cpp', '#include "mail/internal.h"', 'private to module mail'],
  ['another module\'s *_shared.h', 'src/shop/service.cpp', '#include "mail/pages_shared.h"', 'private to module mail'],
  ['a module outside src/ (DIR) including a store', 'tests/garden/plant.cpp', '#include "mail/store.h"', 'private to module mail'],
  ['a module outside src/ (DIR) including an undeclared module', 'tests/garden/plant.cpp', '#include "shop/service.h"', 'module garden does not declare shop'],
];
for (const [name, file, line, says] of cases) {
  const dir = withLine(file, line);
  const r = check(dir);
  expect(`${name} fails`, r.code === 1 && r.out.includes(says) && r.out.includes(file), r.out);
  rmSync(dir, { recursive: true, force: true });
}
{
  const dir = withLine('CMakeLists.txt', 'cds_module(core DEPENDS store_user)');
  const r = check(dir);
  expect('a cycle among declared dependencies fails', r.code === 1 && r.out.includes('cycle'), r.out);
  rmSync(dir, { recursive: true, force: true });
}
{
  const dir = withLine('CMakeLists.txt', 'cds_module(lonely DEPENDS core)');
  mkdirSync(path.join(dir, 'src/lonely'));
  writeFileSync(path.join(dir, 'src/lonely/a.cpp'), '#include <string>\n');
  const r = check(dir);
  expect('a declared dependency never included fails', r.code === 1 && r.out.includes('module lonely declares core but includes none'), r.out);
  rmSync(dir, { recursive: true, force: true });
}
{
  const dir = withLine('src/shop/service.cpp', '#include "shop/internal.h"');
  const r = check(dir);
  expect('a module\'s own private header is allowed', r.code === 0, r.out);
  rmSync(dir, { recursive: true, force: true });
}
{
  const dir = withLine('CMakeLists.txt', 'cds_module(extra DEPENDS nowhere)');
  const r = check(dir);
  expect('a dependency that is not a module fails', r.code === 1 && r.out.includes('nowhere'), r.out);
  rmSync(dir, { recursive: true, force: true });
}
{
  const dir = withLine('src/core/text.h', '');
  writeFileSync(path.join(dir, 'src/core/../loose.h'), '#pragma once\n');
  const r = check(dir);
  expect('a header in src/ itself is the composition root, allowed', r.code === 0, r.out);
  rmSync(dir, { recursive: true, force: true });
}

const real = check(repo);
expect('the project itself follows the rule', real.code === 0, real.out);

console.log(`check-deps: ${tests - failures} passed, ${failures} failed`);
if (results) writeFileSync(results, JSON.stringify({ tests, failures }));
process.exit(failures ? 1 : 0);
