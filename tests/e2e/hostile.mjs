// Text people type never runs as script: a report's description and address, an officer's
// public answer and a news article (title, summary, Markdown body) carry script tags, event
// handlers, a javascript: link, a closing </textarea>, template braces and an HTML entity (a
// right-to-left override is refused at the door: tests/platform); every page
// that shows them, to the reporter, the officer and a passer-by, must show them as text. A
// payload that ran sets window.__pwned or opens a dialog; one that the Content-Security-Policy
// stopped still counts (the markup reached the page); so does any element the payload made.
import { freshPhone, signUp } from './scenarios.mjs';

const home = '04252';  // the commune signUp gives everyone
const mark = `p${Date.now() % 100000}`;
const payloads = [
  `<script>window.__pwned='script ${mark}'</script>`,
  `"><img src=x onerror="window.__pwned='img ${mark}'">`,
  `'><svg onload="window.__pwned='svg ${mark}'"></svg>`,
  `</textarea></title><script>window.__pwned='close ${mark}'</script>`,
  `{{#x}}{{{y}}}{{/x}} &lt;b&gt; ${mark}`,
];
const hostile = (prefix) => `${prefix} ${payloads.join(' ')}`;

async function watch(page) {
  const problems = [];
  page.on('dialog', async (d) => { problems.push(`a dialog opened: ${d.message()}`); await d.dismiss(); });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(`CSP stopped something: ${m.text().slice(0, 160)}`);
  });
  return problems;
}

// What the payloads could have made of the page, read from the DOM after it settled.
async function injected(page) {
  return page.evaluate((mark) => {
    const found = [];
    if (window.__pwned) found.push(`ran: ${window.__pwned}`);
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name) && a.value.includes(mark)) found.push(`<${el.localName} ${a.name}> from the payload`);
        if (/^(href|src|action|formaction)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) found.push(`${a.name}="${a.value.slice(0, 40)}"`);
      }
      if (el.localName === 'script' && el.textContent.includes(mark)) found.push('a <script> from the payload');
      if (el.localName === 'img' && el.getAttribute('src') === 'x') found.push('an <img src=x> from the payload');
    }
    return found;
  }, mark);
}

async function visit(t, page, problems, target, { shows = [] } = {}) {
  const res = await page.goto(`${t.base}${target}`);
  if (!res || res.status() >= 400) throw new Error(`${target}: ${res?.status()}`);
  await page.waitForTimeout(150);  // onerror/onload handlers fire after load
  const found = [...problems.splice(0), ...(await injected(page))];
  if (found.length) throw new Error(`${target}: ${found.join('; ')}`);
  const text = await page.textContent('body');
  for (const s of shows) if (!text.includes(s)) throw new Error(`${target} does not show "${s}" as text`);
}

export const hostileScenarios = {
  async 'text people type never runs as script on the pages that show it'(t) {
    const citizen = await t.newPage();
    const problemsC = await watch(citizen);
    await signUp(t, citizen, freshPhone(), 'Người Thử Chữ Lạ');
    const officer = await t.newPage();
    const problemsO = await watch(officer);
    const officerPhone = freshPhone();
    await signUp(t, officer, officerPhone, 'Cán Bộ Thử Chữ Lạ');
    t.cli(['user', 'add', '--role', 'officer', '--phone', officerPhone, '--unit', home]);
    const passer = await t.newPage();
    const problemsP = await watch(passer);

    // The report, through the JSON API as the app sends it.
    const same = { 'Sec-Fetch-Site': 'same-origin' };
    const filed = await citizen.request.post(`${t.base}/api/v1/reports`, {
      headers: same,
      data: { category: 'roads', unit_code: home, description: hostile('Ổ gà'), address: hostile('Thôn 3') },
    });
    t.expect(filed.status() === 201, `filing: ${filed.status()} ${await filed.text()}`);
    const id = (await filed.json()).id;
    for (const kind of ['start', 'resolve']) {
      const acted = await officer.request.post(`${t.base}/api/v1/reports/${id}/actions`, {
        headers: same, data: { kind, text: hostile('Đã vá') },
      });
      t.expect(acted.status() === 200, `${kind}: ${acted.status()} ${await acted.text()}`);
    }

    // The article, through the officer's form.
    const title = `Tin thử ${mark} <script>window.__pwned='title ${mark}'</script>`;
    await officer.goto(`${t.base}/can-bo/tin-tuc/moi`);
    await officer.fill('#title', title);
    await officer.fill('#summary', hostile('Tóm tắt'));
    await officer.fill('#body', `${hostile('Nội dung')}\n\n[bấm vào đây](javascript:window.__pwned='link ${mark}')\n\n<iframe src="javascript:window.__pwned='iframe ${mark}'"></iframe>`);
    await officer.check(`input[name=units][value="${home}"]`);
    await Promise.all([officer.waitForURL(/xong=published/), officer.click('button[value=publish]')]);
    await officer.goto(`${t.base}/tin-tuc`);
    const article = await officer.locator('main a', { hasText: `Tin thử ${mark}` }).first().getAttribute('href');
    t.expect(article, 'the article is not listed');

    const shown = ['<script>window.__pwned', 'onerror='];
    for (const [page, problems, targets] of [
      [citizen, problemsC, [[`/phan-anh/${id}`, shown], ['/phan-anh/cua-toi', []], ['/phan-anh', []], ['/', []],
        ['/tin-tuc', [`Tin thử ${mark}`]], [article, [`Tin thử ${mark} <script>`]]]],
      [officer, problemsO, [[`/phan-anh/${id}`, shown], ['/can-bo/phan-anh', []], ['/can-bo/tin-tuc', []], ['/', []]]],
      [passer, problemsP, [[`/phan-anh/${id}`, shown], ['/phan-anh', []], ['/tin-tuc', []], [article, []], ['/', []]]],
    ]) {
      for (const [target, shows] of targets) await visit(t, page, problems, target, { shows });
    }
    await t.screenshot(passer, 'hostile-article-360');
    await passer.goto(`${t.base}/phan-anh/${id}`);
    await t.screenshot(passer, 'hostile-report-360');
    // Long unbroken runs of typed text wrap inside the screen of a cheap phone.
    await t.fitsPhoneWidth(passer);
    const boxes = await passer.evaluate(() => [...document.querySelectorAll('main *')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0)
      .map((el) => `${el.localName}.${el.className}`).slice(0, 5));
    t.expect(boxes.length === 0, `text runs out of its box: ${boxes.join(', ')}`);
  },
};
