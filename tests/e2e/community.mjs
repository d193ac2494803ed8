// Village notice boards at a cheap phone's 360 px: a village head posts an important notice;
// a resident with the board open sees it arrive without reloading and acknowledges for the
// family; the head's coverage page follows; with JavaScript off the board and the button work
// after a reload; the list of households to visit prints on one A4 page.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freshPhone, signUp } from './scenarios.mjs';

// "2026-12-05T16:30" in Vietnam time, `hours` from now: what a datetime-local field takes.
function vietnamLocal(hours) {
  const d = new Date(Date.now() + hours * 3600e3 + 7 * 3600e3);
  return d.toISOString().slice(0, 16);
}

async function villageOf(t, commune, name) {
  const list = await (await fetch(`${t.base}/api/v1/units/2025/${commune}/villages`)).json();
  const v = list.villages.find((x) => x.name === name);
  if (!v) throw new Error(`no demo village ${name} in ${commune}`);
  return v;
}

export const communityScenarios = {
  async 'a village head’s important notice reaches a resident live, who acknowledges; the visit list prints on one A4 page'(t) {
    const village = await villageOf(t, '04252', 'Tổ dân phố 2');
    const hillside = await villageOf(t, '02947', 'Thôn Làng Chẹp');  // the demo's, half acknowledged
    const person = async (name) => {
      const p = await t.newPage();
      const phone = freshPhone();
      await signUp(t, p, phone, name);
      return { p, phone };
    };
    const head = await person('Trưởng Thôn Lò Văn Sáng');
    t.cli(['user', 'add', '--role', 'village_head', '--phone', head.phone, '--unit', village.code]);
    t.cli(['user', 'add', '--role', 'village_head', '--phone', head.phone, '--unit', hillside.code]);
    const resident = await person('Chị Hoàng Thị Nhung');

    // The resident puts the family on the platform: a household in the village.
    const r = resident.p;
    await r.goto(`${t.base}/ho-gia-dinh`);
    await r.selectOption('#village_code', village.code);
    await r.fill('#address', 'Số 12, ngõ 3 đường Trần Phú');
    await t.fitsPhoneWidth(r);
    await t.screenshot(r, 'community-household-new-360');
    await t.accessible(r);
    await Promise.all([r.waitForURL(/xong=created/), r.click('form[action="/ho-gia-dinh"] button')]);
    t.expect((await r.textContent('.confirmation')).includes('Đã tạo hộ gia đình'), 'no confirmation of the household');
    t.expect(/^[A-Z0-9]{8}$/.test((await r.textContent('p.reference')).trim()), 'no invite code shown');
    await t.screenshot(r, 'community-household-360');
    await t.accessible(r);
    // The board stays open; it must not reload.
    await r.goto(`${t.base}/thon/${village.id}`);
    await r.evaluate(() => { window.stillTheSamePage = true; });

    // The head writes the notice: nothing chosen for them; a preview says whom it reaches.
    const h = head.p;
    await h.goto(`${t.base}/can-bo/thong-bao`);
    await Promise.all([h.waitForURL(/\/moi$/), h.click('a[href="/can-bo/thong-bao/moi"]')]);
    t.expect(!(await h.isChecked('input[name=priority][value=important]')) &&
      !(await h.isChecked('input[name=priority][value=normal]')), 'a priority is chosen for the head');
    const title = `Kiểm tra nhà trước đợt mưa lớn ${Date.now() % 100000}`;
    await h.selectOption('#unit_code', village.code);
    await h.fill('#title', title);
    await h.fill('#body', 'Các hộ kiểm tra **mái nhà, rãnh thoát nước**.\n\n- Chằng chống mái tôn\n- Khơi thông rãnh');
    await h.check('input[name=priority][value=important]');
    await h.fill('#ack_due_at', vietnamLocal(2));
    await h.check('input[name=visibility][value=residents]');
    await t.fitsPhoneWidth(h);
    await t.screenshot(h, 'community-notice-write-360');
    await t.accessible(h);
    await h.click('form[action="/can-bo/thong-bao/moi"] button[type=submit]');
    await h.waitForSelector('text=Kiểm tra trước khi đăng');
    t.expect((await h.textContent('.confirmation')).includes('1 hộ'), 'the preview does not say whom it reaches');
    await t.screenshot(h, 'community-notice-preview-360');
    await t.accessible(h);
    await Promise.all([h.waitForURL(/xong=published/), h.click('input[name=confirmed][value="1"] ~ button')]);
    t.expect((await h.textContent('[data-coverage=acknowledged]')).trim() === '0', 'coverage does not start at 0');

    // The resident is told at once, opens it and acknowledges for the family.
    const told = r.locator('#notices-live a', { hasText: title });
    await told.waitFor({ state: 'visible', timeout: 3000 });
    t.expect(await r.evaluate(() => window.stillTheSamePage === true), 'the board reloaded');
    await t.fitsPhoneWidth(r);
    await t.screenshot(r, 'community-board-live-360');
    await Promise.all([r.waitForURL(/\/bang-tin\/\d+$/), told.click()]);
    await t.accessible(r);
    await Promise.all([r.waitForURL(/xong=1/), r.click('text=Gia đình tôi đã biết')]);
    t.expect((await r.textContent('.confirmation')).includes('gia đình bạn đã biết'), 'the acknowledgement is not confirmed');
    await t.screenshot(r, 'community-acknowledged-360');

    // The head's coverage page follows without a reload.
    await h.locator('[data-coverage=acknowledged]', { hasText: '1' }).waitFor({ timeout: 5000 });
    await t.fitsPhoneWidth(h);
    await t.screenshot(h, 'community-coverage-360');
    await t.accessible(h);

    // Without JavaScript: a second notice shows on the board after a reload, and its button works.
    const second = `Họp tổ dân phố tối thứ Sáu ${Date.now() % 100000}`;
    const posted = await h.evaluate(async ({ code, second, due }) => {
      const res = await fetch('/api/v1/notices', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ unit_code: code, title: second, body: 'Mỗi hộ một người dự.', priority: 'important', visibility: 'residents', ack_due_at: due }),
      });
      return res.status;
    }, { code: village.code, second, due: `${vietnamLocal(3)}:00+07:00` });
    t.expect(posted === 201, `the second notice was not posted: ${posted}`);
    const noJs = await t.newPage({ javaScriptEnabled: false, storageState: await r.context().storageState() });
    await noJs.goto(`${t.base}/thon/${village.id}`);
    const item = noJs.locator('.notice-item', { hasText: second });
    t.expect(await item.count() === 1, 'the board without JavaScript does not list the new notice');
    await Promise.all([noJs.waitForLoadState(), item.locator('button').click()]);
    t.expect((await noJs.locator('.notice-item', { hasText: second }).textContent()).includes('đã xác nhận'),
      'the acknowledgement without JavaScript did not take');
    await t.fitsPhoneWidth(noJs);
    await t.screenshot(noJs, 'community-board-nojs-360');

    // The demo's landslide notice is past its deadline: the list of doors to knock on.
    await h.goto(`${t.base}/can-bo/thong-bao`);
    const landslide = h.locator('main a', { hasText: 'Nguy cơ sạt lở' });
    await Promise.all([h.waitForURL(/\/can-bo\/thong-bao\/\d+$/), landslide.first().click()]);
    await Promise.all([h.waitForURL(/den-tan-nha$/), h.click('a[href$="/den-tan-nha"]')]);
    const rows = await h.locator('table.visit-list tbody tr').count();
    t.expect(rows >= 10, `the visit list has ${rows} households`);
    await t.fitsPhoneWidth(h);
    await t.screenshot(h, 'community-visit-list-360');
    await t.accessible(h);
    const pdf = path.join(t.outDir, 'community-visit-list.pdf');
    writeFileSync(pdf, await h.pdf({ format: 'A4', printBackground: false }));
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    t.expect(info.status === 0, `pdfinfo failed: ${info.stderr}`);
    const pages = Number((/Pages:\s+(\d+)/.exec(info.stdout) ?? [])[1]);
    t.expect(pages === 1, `the visit list prints on ${pages} pages`);
    // Marking a household visited takes it off the list.
    await Promise.all([h.waitForURL(/xong=visited/), h.locator('table.visit-list tbody tr button').first().click()]);
    t.expect(await h.locator('table.visit-list tbody tr').count() === rows - 1, 'the visited household is still listed');
  },
};
