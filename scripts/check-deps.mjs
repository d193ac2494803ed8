#!/usr/bin/env node
// The module rule (see CMakeLists.txt, cds_module): a file in src/<module>/ may include the
// headers of its own module and of the modules its cds_module(... DEPENDS ...) declares, and
// never another module's store.h (a store is private to its module). Files directly in src/
// (main.cpp, the composition root) may include any module's headers but no store.h.
//   node scripts/check-deps.mjs [ROOT]     ROOT holds CMakeLists.txt and src/ (default: .)
// Prints one line per violation and exits 1 when there is any.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.');
const cmake = readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8').replace(/#.*$/gm, '');

const modules = new Map();  // name → Set of declared dependencies
for (const m of cmake.matchAll(/cds_module\(\s*([A-Za-z0-9_]+)([^)]*)\)/g)) {
  const words = m[2].split(/\s+/).filter(Boolean);
  // ALL_BEFORE: every module declared above (the command line, which lists the modules).
  const deps = words.includes('ALL_BEFORE') ? new Set(modules.keys()) : new Set();
  let inDepends = false;
  for (const w of words) {
    if (/^[A-Z_]+$/.test(w)) inDepends = w === 'DEPENDS';
    else if (inDepends) deps.add(w);
  }
  modules.set(m[1], deps);
}

const problems = [];
for (const [name, deps] of modules)
  for (const d of deps)
    if (!modules.has(d)) problems.push(`CMakeLists.txt: module ${name} depends on ${d}, which is not a module`);

function* files(dir) {
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(h|hpp|cpp|cc)$/.test(entry)) yield p;
  }
}

const src = path.join(root, 'src');
for (const file of files(src)) {
  const rel = path.relative(src, file).split(path.sep);
  const own = rel.length > 1 ? rel[0] : null;  // null: the composition root
  if (own && !modules.has(own)) {
    problems.push(`src/${rel.join('/')}: src/${own}/ is not a module (declare it with cds_module)`);
    continue;
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const m = line.match(/^\s*#\s*include\s+"([^"]+)"/);
    if (!m) return;
    const target = m[1].split('/');
    if (target.length < 2 || !modules.has(target[0])) return;
    const where = `src/${rel.join('/')}:${i + 1}`;
    const other = target[0];
    if (other !== own && target[target.length - 1] === 'store.h') {
      problems.push(`${where}: includes ${m[1]}; a store is private to its module (use ${other}'s service)`);
    } else if (own && other !== own && !modules.get(own).has(other)) {
      problems.push(`${where}: includes ${m[1]}, but module ${own} does not declare ${other} (cds_module(${own} DEPENDS …))`);
    }
  });
}

for (const p of problems) console.log(p);
if (problems.length) {
  console.log(`check-deps: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-deps: ${modules.size} modules, every include declared`);
