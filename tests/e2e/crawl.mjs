// Every page a citizen, an officer and an administrator reach by following links from their
// start pages (demo data), at 360, 768 and 1280 px: none scrolls sideways, every table's
// header cells line up with its data cells (where it is a table, not cards), no message key
// shows as text, and axe finds no violation (WCAG 2.2 AA, target-size included). Screenshots
// of each page at each width go to <out>/crawl/ (artefacts of the run, not in git).
import { mkdirSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilderModule from '@axe-core/playwright';
import { freshPhone, signUp } from './scenarios.mjs';

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const widths = [360, 768, 1280];

// Every key of every module's catalogues: a text equal to one is a message never looked up.
function catalogueKeys() {
  const keys = new Set();
  for (const module of readdirSync(path.join(root, 'src'))) {
    for (const lang of ['vi', 'en']) {
      const file = path.join(root, 'src', module, 'i18n', `${lang}.json`);
      if (existsSync(file)) for (const k of Object.keys(JSON.parse(readFileSync(file, 'utf8')))) keys.add(k);
    }
  }
  return keys;
}

// Links worth following: our own pages, not files, feeds, streams, downloads or signing out.
function followable(href, base) {
  let url;
  try { url = new URL(href, base); } catch { return null; }
  if (url.origin !== new URL(base).origin) return null;
  const p = url.pathname;
  if (/\.(cap|atom|rss|geojson|csv|json|png|jpe?g|webp|svg|css|js)$/.test(p)) return null;
  if (p.startsWith('/api/') || p.startsWith('/events') || p.startsWith('/static/') || p.startsWith('/uploads/')) return null;
  if (p.startsWith('/open311') || p === '/dang-xuat' || p.includes('/tai-ve')) return null;
  if (url.searchParams.get('dinh-dang') === 'csv' || p.startsWith('/ngon-ngu')) return null;
  url.hash = '';
  return url.pathname + url.search;
}

// Pages of one shape (/phan-anh/12 and /phan-anh/13, /phan-anh/ab12cd) are visited once.
const shapeOf = (target) =>
  target.replace(/\?.*$/, '').split('/').map((s) => (/\d/.test(s) ? 'N' : s)).join('/') +
  (target.includes('?') ? '?' + [...new URL(target, 'http://x').searchParams.keys()].sort().join('&') : '');

async function pageProblems(page, width, keys) {
  return page.evaluate(({ width, keys }) => {
    const problems = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) problems.push(`${overflow}px wider than the screen`);
    for (const table of document.querySelectorAll('table')) {
      const asCards = table.classList.contains('cards') && width < 640;
      const head = [...table.querySelectorAll('thead tr:last-child th, thead tr:last-child td')];
      const span = (cells) => cells.reduce((n, c) => n + (c.colSpan || 1), 0);
      for (const row of table.querySelectorAll('tbody tr')) {
        const cells = [...row.children];
        if (head.length && span(cells) !== span(head) && !(cells.length === 1 && cells[0].colSpan > 1))
          problems.push(`table row has ${span(cells)} cells for ${span(head)} headers`);
        if (!asCards && head.length && cells.length === head.length) {
          cells.forEach((cell, i) => {
            const a = cell.getBoundingClientRect(), h = head[i].getBoundingClientRect();
            if (Math.abs(a.left - h.left) > 2 || Math.abs(a.width - h.width) > 2)
              problems.push(`table column ${i + 1} ("${head[i].textContent.trim()}") does not line up`);
          });
        }
        break;  // the first row tells
      }
    }
    const keySet = new Set(keys);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim();
      if (text && keySet.has(text) && n.parentElement?.closest('script,style,template') == null)
        problems.push(`raw message key "${text}"`);
    }
    for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],[alt]'))
      for (const attr of ['aria-label', 'title', 'placeholder', 'alt'])
        if (keySet.has((el.getAttribute(attr) ?? '').trim())) problems.push(`raw message key in ${attr}`);
    return problems;
  }, { width, keys: [...keys] });
}

async function crawl(t, page, who, starts, keys, seen, outDir) {
  const queue = [...starts];
  const shapes = new Map();
  const failures = [];
  let visited = 0;
  while (queue.length && visited < 30) {
    const target = queue.shift();
    if (seen.has(`${who} ${target}`)) continue;
    seen.add(`${who} ${target}`);
    const shape = shapeOf(target);
    if ((shapes.get(shape) ?? 0) >= 1) continue;
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    visited += 1;
    for (const width of widths) {
     try {
      await page.setViewportSize({ width, height: 800 });
      const res = await page.goto(`${t.base}${target}`);
      if (!res || res.status() >= 400) {
        // A link that leads to an error page is a defect of the page that shows it.
        failures.push(`${who} ${target}: answered ${res?.status()}`);
        break;
      }
      if (new URL(page.url()).pathname !== target.split('?')[0]) break;  // redirected: its target is crawled
      const name = `${who}-${target.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${width}`;
      await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
      for (const p of await pageProblems(page, width, keys)) failures.push(`${who} ${target} at ${width}px: ${p}`);
      const axe = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
        .analyze();
      for (const v of axe.violations)
        failures.push(`${who} ${target} at ${width}px: axe ${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      if (width === widths[0]) {
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')));
        for (const href of hrefs) {
          const next = followable(href, t.base);
          if (next && !seen.has(`${who} ${next}`)) queue.push(next);
        }
      }
     } catch (e) {
      failures.push(`${who} ${target} at ${width}px: ${String(e?.message ?? e).split('\n')[0]}`);
      break;
     }
    }
  }
  return { failures, visited };
}

export const crawlScenarios = {
  async 'every page reached by a citizen, an officer and an administrator fits 360, 768 and 1280 px, with aligned tables, no raw key and no axe violation'(t) {
    const outDir = path.join(t.outDir, 'crawl');
    mkdirSync(outDir, { recursive: true });
    const keys = catalogueKeys();
    const seen = new Set();
    // Screenshots at 1 device pixel per CSS pixel: the crawl is about layout, and it is fast.
    const flat = { deviceScaleFactor: 1, isMobile: false, hasTouch: false };
    const person = async (name, roles, unit) => {
      const p = await t.newPage();
      const phone = freshPhone();
      await signUp(t, p, phone, name);
      for (const role of roles) t.cli(['user', 'add', '--role', role, '--phone', phone, '--unit', unit]);
      const page = await t.newPage({ ...flat, storageState: await p.context().storageState() });
      await p.context().close();
      return page;
    };
    const visitor = await t.newPage(flat);
    const citizen = await person('Người Dân Đi Khắp Trang', [], '');
    const officer = await person('Cán Bộ Đi Khắp Trang', ['officer', 'alert_officer'], '04252');
    const admin = await person('Quản Trị Đi Khắp Trang', ['province_admin'], '15');
    const runs = [
      ['visitor', visitor, ['/', '/dang-nhap', '/dang-ky']],
      ['citizen', citizen, ['/', '/tai-khoan', '/phan-anh/moi']],
      ['officer', officer, ['/can-bo', '/can-bo/canh-bao', '/can-bo/canh-bao/moi', '/can-bo/tin-tuc']],
      ['admin', admin, ['/quan-tri', '/can-bo']],
    ];
    const failures = [];
    let pages = 0;
    for (const [who, page, starts] of runs) {
      const r = await crawl(t, page, who, starts, keys, seen, outDir);
      failures.push(...r.failures);
      pages += r.visited;
    }
    console.log(`       crawled ${pages} pages at ${widths.join(', ')} px; screenshots in ${outDir}`);
    t.expect(failures.length === 0, `${failures.length} problem(s):\n  ${[...new Set(failures)].slice(0, 80).join('\n  ')}`);
  },
};
