#!/usr/bin/env node
// The module rule (see CMakeLists.txt, cds_module): a file of a module may include the headers
// of its own module and the public headers of the modules its cds_module(... DEPENDS ...)
// declares, and nothing else of another module. Private headers (store.h, internal.h,
// *_internal.h, *_shared.h) are their module's alone. Files directly in src/ (main.cpp) may
// include any module's public headers. The build enforces most of this too (each module
// compiles against its own include tree, build/include/<module>); this check also says why.
// It finds includes in quotes or angle brackets, refuses relative paths into other folders,
// cycles among the declared dependencies, and declared dependencies a module never includes.
// A module lives in src/<name>, or in the folder its DIR names (one that only tests use).
//   node scripts/check-deps.mjs [ROOT]     ROOT holds CMakeLists.txt and src/ (default: .)
// Prints one line per violation and exits 1 when there is any.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? '.');
const cmake = readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8').replace(/#.*$/gm, '');

export function isPrivate(header) {
  const base = header.split('/').pop();
  return base === 'store.h' || base === 'internal.h' || /_(internal|shared)\.h$/.test(base);
}

const modules = new Map();  // name → { deps: Set, dir, all }
for (const m of cmake.matchAll(/cds_module\(\s*([A-Za-z0-9_]+)([^)]*)\)/g)) {
  const words = m[2].split(/\s+/).filter(Boolean);
  // ALL_BEFORE: every module declared above (the command line, which lists the modules).
  const all = words.includes('ALL_BEFORE');
  const deps = all ? new Set(modules.keys()) : new Set();
  let section = '';
  let dir = `src/${m[1]}`;
  for (const w of words) {
    if (/^[A-Z_]+$/.test(w)) section = w;
    else if (section === 'DEPENDS') deps.add(w);
    else if (section === 'DIR') dir = w;
  }
  modules.set(m[1], { deps, dir, all });
}

const problems = [];
for (const [name, { deps }] of modules)
  for (const d of deps)
    if (!modules.has(d)) problems.push(`CMakeLists.txt: module ${name} depends on ${d}, which is not a module`);

// Cycles among the declared dependencies.
{
  const state = new Map();  // name → 1 visiting, 2 done
  const visit = (name, trail) => {
    if (state.get(name) === 2 || !modules.has(name)) return;
    if (state.get(name) === 1) {
      problems.push(`CMakeLists.txt: the modules depend on each other in a cycle: ${[...trail.slice(trail.indexOf(name)), name].join(' → ')}`);
      return;
    }
    state.set(name, 1);
    for (const d of modules.get(name).deps) visit(d, [...trail, name]);
    state.set(name, 2);
  };
  for (const name of modules.keys()) visit(name, []);
}

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (/\.(h|hpp|cpp|cc)$/.test(entry)) yield p;
  }
}

// Which module a file belongs to (by its folder), or null for the composition root (src/*).
const moduleDirs = [...modules].map(([name, m]) => [name, path.join(root, m.dir)]);
function ownerOf(file) {
  for (const [name, dir] of moduleDirs)
    if (file.startsWith(dir + path.sep)) return name;
  return undefined;
}

const used = new Map([...modules.keys()].map((n) => [n, new Set()]));
const seen = new Set();
function checkFile(file, own) {
  if (seen.has(file)) return;
  seen.add(file);
  const rel = path.relative(root, file);
  readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
    const m = line.match(/^\s*#\s*include\s*(["<])([^">]+)[">]/);
    if (!m) return;
    const where = `${rel}:${i + 1}`;
    let target = m[2];
    if (target.includes('..') || target.startsWith('./') || target.startsWith('/')) {
      problems.push(`${where}: includes ${target} by a relative path; write <module>/<header>`);
      return;
    }
    // A header beside the file, by its bare name, is the file's own module's.
    if (!target.includes('/')) return;
    const other = target.split('/')[0];
    if (!modules.has(other)) return;  // a library's header (<boost/…>, <CLI/CLI.hpp>)
    if (other === own) return;
    if (own) used.get(own).add(other);
    if (isPrivate(target)) {
      problems.push(`${where}: includes ${target}, which is private to module ${other} (use ${other}'s service)`);
    } else if (own && !modules.get(own).deps.has(other)) {
      problems.push(`${where}: includes ${target}, but module ${own} does not declare ${other} (cds_module(${own} DEPENDS …))`);
    }
  });
}

for (const [name, dir] of moduleDirs) for (const file of files(dir)) checkFile(file, name);
const src = path.join(root, 'src');
for (const file of files(src)) {
  const own = ownerOf(file);
  if (own === undefined && path.dirname(file) !== src) {
    problems.push(`${path.relative(root, file)}: ${path.relative(root, path.dirname(file))}/ is not a module (declare it with cds_module)`);
    continue;
  }
  checkFile(file, own ?? null);
}

for (const [name, { deps, all }] of modules) {
  if (all) continue;
  for (const d of deps)
    if (!used.get(name).has(d))
      problems.push(`CMakeLists.txt: module ${name} declares ${d} but includes none of its headers (remove it from DEPENDS)`);
}

for (const p of problems) console.log(p);
if (problems.length) {
  console.log(`check-deps: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`check-deps: ${modules.size} modules, every include declared`);
