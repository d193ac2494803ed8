// News at a cheap phone's 360 px: an officer writes an article with a cover photo and
// publishes it; a reader with the news page open is told of it without a reload; the officer
// then corrects its title in the edit form, and the reader's list shows the correction.
import { freshPhone, jpegBytes, signUp } from './scenarios.mjs';

const home = '04252';  // the commune signUp gives everyone

export const newsScenarios = {
  async 'an article written with a cover, announced live at 360 px, then corrected'(t) {
    const title = `Khai trương chợ nông sản Tân Hợp ${Date.now() % 100000}`;
    const corrected = title.replace('Khai trương', 'Khánh thành');
    const page = async (name) => {
      const p = await t.newPage();
      const phone = freshPhone();
      await signUp(t, p, phone, name);
      return { p, phone };
    };
    const reader = await page('Chị Lò Thị Mai');
    const officer = await page('Cán Bộ Viết Tin');
    t.cli(['user', 'add', '--role', 'officer', '--phone', officer.phone, '--unit', home]);

    // The reader has the news page open; it must not reload.
    const r = reader.p;
    await r.goto(`${t.base}/tin-tuc`);
    await r.evaluate(() => { window.stillTheSamePage = true; });

    // The officer writes the article from the desk, with a photo taken on the phone.
    const o = officer.p;
    await o.goto(`${t.base}/can-bo/tin-tuc`);
    await Promise.all([o.waitForURL(/\/moi$/), o.click('a[href="/can-bo/tin-tuc/moi"]')]);
    await o.fill('#title', title);
    await o.fill('#summary', 'Chợ họp sáng thứ Bảy hằng tuần tại nhà văn hoá xã.');
    await o.fill('#body', 'Bà con mang **nông sản sạch** đến bán.\n\n- Rau, măng\n- Gà, vịt');
    await o.setInputFiles('#cover', { name: 'cho.jpg', mimeType: 'image/jpeg', buffer: await jpegBytes(o) });
    await o.fill('#cover_alt', 'Các sạp rau bày dọc sân nhà văn hoá xã');
    await o.check(`input[name=units][value="${home}"]`);
    await t.fitsPhoneWidth(o);
    await t.screenshot(o, 'news-write-360');
    await t.accessible(o);
    await Promise.all([o.waitForURL(/xong=published/), o.click('button[value=publish]')]);

    // The reader is told at once, above the list.
    const told = r.locator('#news-live a', { hasText: title });
    await told.waitFor({ state: 'visible', timeout: 3000 });
    t.expect(await r.evaluate(() => window.stillTheSamePage === true), 'the news page reloaded');
    await t.fitsPhoneWidth(r);
    await t.screenshot(r, 'news-live-360');

    // The officer corrects the title; the cover stays.
    const item = o.locator('main li', { hasText: title });
    await Promise.all([o.waitForURL(/\/sua$/), item.locator('a[href$="/sua"]').click()]);
    t.expect(await o.inputValue('#title') === title, 'the edit form is not filled in');
    t.expect(await o.locator('main img[src^="/anh-tin/"]').count() === 1, 'the cover is not shown');
    await t.fitsPhoneWidth(o);
    await t.screenshot(o, 'news-edit-360');
    await t.accessible(o);
    await o.fill('#title', corrected);
    await Promise.all([o.waitForURL(/xong=edited/), o.click('button[value=publish]')]);
    t.expect((await o.textContent('main')).includes('Đã lưu các thay đổi'), 'the edit is not confirmed');

    await r.reload();
    const listed = r.locator('.news-list li', { hasText: corrected });
    t.expect(await listed.count() === 1, 'the corrected title is not listed');
    t.expect(await listed.locator('img').count() === 1, 'the cover went with the edit');
    // The article itself: the cover fits the phone, with the officer's description.
    await Promise.all([r.waitForURL(/\/tin-tuc\/\d+$/), listed.locator('a').first().click()]);
    t.expect(await r.getAttribute('img.cover', 'alt') === 'Các sạp rau bày dọc sân nhà văn hoá xã', 'the cover has no description');
    await t.fitsPhoneWidth(r);
    await t.screenshot(r, 'news-article-cover-360');
    await r.goBack();
    t.expect(await r.locator('.news-list li', { hasText: title }).count() === 0, 'the old title is still listed');
    await t.screenshot(r, 'news-list-360');
  },
};
