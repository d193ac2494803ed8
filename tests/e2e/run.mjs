// Browser tests: the real server (fresh SQLite database, free port) driven through Debian's
// Chromium by playwright-core, at a cheap phone's 360×740. Screenshots go to --out; the
// results (tests, failures) to --results for the closing summary.
//   node tests/e2e/run.mjs --binary build/congdanso --out build/e2e --results build/test-results/e2e.json
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import AxeBuilderModule from '@axe-core/playwright';
import { scenarios } from './scenarios.mjs';
import { alertScenarios } from './alerts.mjs';
import { newsScenarios } from './news.mjs';
import { crawlScenarios } from './crawl.mjs';
import { hostileScenarios } from './hostile.mjs';
import { communityScenarios } from './community.mjs';

Object.assign(scenarios, alertScenarios, newsScenarios, communityScenarios, crawlScenarios, hostileScenarios);

const AxeBuilder = AxeBuilderModule.default ?? AxeBuilderModule;
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const binary = arg('binary', 'build/congdanso');
const outDir = arg('out', 'build/e2e');
const resultsFile = arg('results', '');
mkdirSync(outDir, { recursive: true });

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

const work = mkdtempSync(path.join(os.tmpdir(), 'cds-e2e-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
// --trust-proxy: each browser below comes from its own address (X-Forwarded-For), as different
// people do, so the per-address sign-up limit of a real server applies to each, not to all.
const server = spawn(binary, ['serve', '--listen', `127.0.0.1:${port}`, '--db', `sqlite:${work}/e2e.db`, '--demo', '--dev-outbox', '--uploads-dir', `${work}/uploads`, '--trust-proxy'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });

async function waitForServer() {
  for (let i = 0; i < 300; i++) {
    try { if ((await fetch(`${base}/healthz`)).ok) return; } catch { /* not yet */ }
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${serverLog}`);
}

const browser = await (async () => {
  await waitForServer();
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // As root and without network: no sandbox, no background connections. Playwright gives
    // each launch a fresh temporary profile directory.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
})();

// A 1×1 light green PNG, stretched by the map to a tile.
const plainTile = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGO48eIEAAUkAongPAmUAAAAAElFTkSuQmCC', 'base64');

// Helpers handed to each scenario.
const phone = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
let browsersMade = 0;
const tools = {
  base,
  outDir,
  // options.tiles: 'unreachable' makes the map tile server fail as it does without a network;
  // otherwise a plain tile stands in for it (the real one cannot be reached from here).
  async newPage({ tiles, ...options } = {}) {
    browsersMade += 1;
    const address = `10.77.${Math.floor(browsersMade / 250)}.${1 + (browsersMade % 250)}`;
    const context = await browser.newContext({
      ...phone, locale: 'vi-VN', extraHTTPHeaders: { 'X-Forwarded-For': address }, ...options,
    });
    await context.route(/tile\.openstreetmap\.org\//, (route) => (tiles === 'unreachable'
      ? route.abort('internetdisconnected')
      : route.fulfill({ contentType: 'image/png', body: plainTile })));
    const page = await context.newPage();
    page.on('pageerror', (e) => { throw e; });
    return page;
  },
  async screenshot(page, name) {
    await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
  },
  async accessible(page) {
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    if (bad.length) {
      throw new Error('axe: ' + bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`).join('; '));
    }
  },
  async fitsPhoneWidth(page) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 0) throw new Error(`page is ${overflow}px wider than the screen`);
  },
  expect(condition, message) { if (!condition) throw new Error(message); },
  // Runs the binary's command line against the test database (user add, apikey create…).
  cli(args) {
    const r = spawnSync(binary, [...args, '--db', `sqlite:${work}/e2e.db`], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`congdanso ${args.join(' ')}: ${r.stdout}${r.stderr}`);
    return r.stdout;
  },
};

const results = [];
// --only TEXT runs the scenarios whose name contains TEXT (while working on one).
const only = arg('only', '');
for (const [name, run] of Object.entries(scenarios).filter(([n]) => n.includes(only))) {
  const started = Date.now();
  try {
    await run(tools);
    results.push({ name, ok: true, ms: Date.now() - started });
    console.log(`  ok   ${name}`);
  } catch (e) {
    results.push({ name, ok: false, error: String(e?.message ?? e) });
    console.log(`  FAIL ${name}: ${e?.message ?? e}`);
  }
}
await browser.close();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
rmSync(work, { recursive: true, force: true });

const failures = results.filter((r) => !r.ok).length;
if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ tests: results.length, failures, results }, null, 2));
console.log(`e2e: ${results.length - failures} passed, ${failures} failed; screenshots in ${outDir}`);
process.exit(failures ? 1 : 0);
