// Emergency warnings at a cheap phone's 360 px: an officer drafts an Actual warning in the
// pages, a second officer sends it back with what must change, the drafter rewrites it, the
// second officer approves it, a resident's open page shows it within 2 seconds with
// no reload (Server-Sent Events), the same resident without JavaScript sees it after a
// reload, answers "I need help", and the officer's list shows the call and marks it handled.
import { freshPhone, signUp } from './scenarios.mjs';

const home = '04252';  // the commune signUp gives everyone

export const alertScenarios = {
  async 'a warning drafted, approved, seen live at 360 px, and a call for help handled'(t) {
    const headline = `Lũ quét trên suối Ngòi Thia ${Date.now() % 100000}`;
    const page = async (name, options = {}) => {
      const p = await t.newPage(options);
      if (options.permissions) await p.context().grantPermissions(options.permissions, { origin: t.base });
      const phone = freshPhone();
      await signUp(t, p, phone, name, { warnings: options.warnings });
      return { p, phone };
    };
    // Her phone lets the page know where she is (asked when she answers).
    const resident = await page('Bà Hà Thị Nương', {
      geolocation: { latitude: 21.72345, longitude: 104.91234 }, permissions: ['geolocation'], warnings: true,
    });
    const drafter = await page('Cán Bộ Soạn Cảnh Báo');
    const approver = await page('Cán Bộ Duyệt Cảnh Báo');
    for (const o of [drafter, approver]) t.cli(['user', 'add', '--role', 'alert_officer', '--phone', o.phone, '--unit', home]);
    // The same resident on a phone with JavaScript off.
    const noScript = await t.newPage({ javaScriptEnabled: false, storageState: await resident.p.context().storageState() });

    // The resident has a page open; it must not reload.
    await resident.p.goto(`${t.base}/phan-anh`);
    await resident.p.evaluate(() => { window.stillTheSamePage = true; });

    // The first officer drafts and sends it from the desk.
    const d = drafter.p;
    await d.goto(`${t.base}/can-bo/canh-bao`);
    await Promise.all([d.waitForURL(/\/moi$/), d.click('a[href="/can-bo/canh-bao/moi"]')]);
    await t.fitsPhoneWidth(d);
    await t.screenshot(d, 'alert-draft-360');
    await t.accessible(d);
    await d.fill('#event', 'Lũ quét');
    await d.fill('#headline', headline);
    await d.fill('#instruction', 'Di chuyển ngay lên nhà văn hoá thôn, mang theo giấy tờ.');
    await d.check(`input[name=units][value="${home}"]`);
    // Nothing with consequences is chosen for the officer: unchanged, the form sends nothing.
    t.expect(await d.locator('input[name=status]:checked').count() === 0, 'a status is preselected');
    for (const field of ['response_type', 'urgency', 'severity', 'certainty'])
      t.expect(await d.inputValue(`#${field}`) === '', `${field} is preselected`);
    await d.click('button[value=send]');
    await d.waitForTimeout(300);
    t.expect(d.url().endsWith('/can-bo/canh-bao/moi'), 'an unchanged form was sent');
    // Without the browser's checks the server refuses it too, keeping what was typed.
    await d.evaluate(() => { document.querySelector('main form.stack').noValidate = true; });
    await Promise.all([d.waitForLoadState(), d.click('button[value=send]')]);
    t.expect((await d.textContent('.error')).includes('Hãy chọn'), 'the refusal does not say what to choose');
    t.expect(await d.inputValue('#headline') === headline, 'the refusal lost what was typed');
    await d.check('input[name=status][value=Actual]');
    await d.selectOption('#response_type', 'Evacuate');
    await d.selectOption('#urgency', 'Immediate');
    await d.selectOption('#severity', 'Severe');
    await d.selectOption('#certainty', 'Likely');
    // The drafter outlines the area on the map: three taps make a triangle.
    const area = d.locator('#area-map');
    await area.scrollIntoViewIfNeeded();
    const box = await area.boundingBox();
    for (const [fx, fy] of [[0.4, 0.4], [0.6, 0.4], [0.5, 0.6]]) await d.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
    t.expect((await d.inputValue('#polygon')).split(' ').length >= 3, 'the drawn area is not in the form');
    await Promise.all([d.waitForURL(/xong=waiting/), d.click('button[value=send]')]);
    t.expect((await d.textContent('main')).includes('Đã gửi đi chờ phê duyệt'), 'the drafter is not told it waits');
    t.expect(await d.locator('#waiting + ul li', { hasText: headline }).count() === 1, 'not listed as waiting for approval');

    // The second officer first sends it back, saying what must change; the drafter sees why,
    // rewrites it and sends it again.
    const a = approver.p;
    await a.goto(`${t.base}/can-bo/canh-bao`);
    let card = a.locator('#approve + ul li', { hasText: headline });
    await card.locator('summary').click();
    await card.locator('textarea[name=reason]').fill('Ghi rõ những thôn nào phải di chuyển.');
    await t.screenshot(a, 'alert-send-back-360');
    await Promise.all([a.waitForURL(/xong=sent_back/), card.locator('form[action$="/tra-lai"] button').click()]);
    await d.goto(`${t.base}/can-bo/canh-bao`);
    const mine = d.locator('#drafts + ul li', { hasText: headline });
    t.expect((await mine.textContent()).includes('Ghi rõ những thôn nào phải di chuyển.'), 'the drafter does not see why');
    await Promise.all([d.waitForURL(/\/sua$/), mine.locator('a[href$="/sua"]').click()]);
    await t.fitsPhoneWidth(d);
    await t.screenshot(d, 'alert-redraft-360');
    await d.fill('#instruction', 'Thôn Khe Cam và thôn Ngòi Thia: di chuyển ngay lên nhà văn hoá thôn, mang theo giấy tờ.');
    await Promise.all([d.waitForURL(/xong=waiting/), d.click('button[value=send]')]);

    // The second officer approves it; from that moment the resident's page has 2 seconds.
    await a.goto(`${t.base}/can-bo/canh-bao`);
    card = a.locator('#approve + ul li', { hasText: headline });
    await Promise.all([a.waitForURL(/\/phe-duyet$/), card.locator('a[href$="/phe-duyet"]').click()]);
    // The confirmation page: the warning as residents will see it, and who will be texted.
    const review = await a.textContent('main');
    t.expect(review.includes(headline) && review.includes('Thôn Khe Cam và thôn Ngòi Thia'), 'the approver does not see the text');
    t.expect(/Tin nhắn được gửi tới\s*[1-9]\d*\s*người dân/.test(review), `the number to be texted is not shown: ${review}`);
    t.expect(await a.locator('#alert-map').isVisible(), 'the area is not on a map');
    await a.locator('#alert-map .leaflet-overlay-pane path').first().waitFor({ state: 'attached', timeout: 5000 });
    await t.fitsPhoneWidth(a);
    await t.screenshot(a, 'alert-approve-360');
    await t.accessible(a);
    await Promise.all([a.waitForURL(/xong=approved/), a.click('button:has-text("Xác nhận phát cảnh báo")')]);
    const approvedAt = Date.now();
    const live = resident.p.locator('#alert-banner .alert-banner-item', { hasText: headline });
    await live.waitFor({ state: 'visible', timeout: 2000 });
    const waited = Date.now() - approvedAt;
    t.expect(await resident.p.evaluate(() => window.stillTheSamePage === true), 'the page reloaded');
    t.expect(waited <= 2000, `the banner took ${waited} ms`);
    await t.fitsPhoneWidth(resident.p);
    await t.screenshot(resident.p, 'alert-banner-live-360');

    // Without JavaScript: there after a reload.
    await noScript.goto(`${t.base}/phan-anh`);
    t.expect(await noScript.locator('#alert-banner .alert-banner-item', { hasText: headline }).count() === 1,
      'no banner without JavaScript');
    await t.screenshot(noScript, 'alert-banner-nojs-360');

    // The resident asks for help from the warning's page.
    const r = resident.p;
    await Promise.all([r.waitForURL(/\/canh-bao\/\d+$/), live.locator('a').click()]);
    const id = r.url().match(/\/canh-bao\/(\d+)$/)[1];
    // The officer has the workspace open: the call must reach it without a reload.
    await a.goto(`${t.base}/can-bo`);
    await a.evaluate(() => { window.stillTheSamePage = true; });
    await r.fill('#answer-note', 'Nhà tôi ở cuối bản, nước đã vào sân, có hai người già.');
    await Promise.all([r.waitForURL(/da-tra-loi/), r.click('button[value=need_help]')]);
    t.expect((await r.textContent('main')).includes('Bạn đã báo: tôi cần giúp đỡ'), 'the answer is not confirmed');
    await a.locator('main .help-live', { hasText: 'Có người dân cần giúp đỡ' }).waitFor({ state: 'visible', timeout: 5000 });
    t.expect(await a.evaluate(() => window.stillTheSamePage === true), 'the workspace reloaded');
    await t.screenshot(a, 'alert-help-live-workspace-360');
    await a.goto(`${t.base}/can-bo`);
    t.expect(/Người dân cần giúp đỡ\s*1/.test(await a.textContent('main')), 'the workspace has no tile with the open call');
    await r.evaluate(() => { window.stillTheSamePage = true; });
    await t.fitsPhoneWidth(r);
    await t.screenshot(r, 'alert-answered-360');
    await t.accessible(r);

    // The officer's list shows the call, with the phone, and it is marked handled.
    await a.goto(`${t.base}/can-bo/canh-bao`);
    await Promise.all([a.waitForURL(/\/tra-loi$/), a.click(`a[href="/can-bo/canh-bao/${id}/tra-loi"]`)]);
    const call = a.locator('#can-giup + p + ul li', { hasText: 'Bà Hà Thị Nương' });
    t.expect(await call.count() === 1, 'the call for help is not listed');
    t.expect((await call.textContent()).includes('nước đã vào sân'), 'the note is not shown');
    t.expect((await call.textContent()).includes('21.72345,104.91234'), 'her position is not shown');
    await t.fitsPhoneWidth(a);
    await t.screenshot(a, 'alert-answers-360');
    await t.accessible(a);
    await Promise.all([a.waitForURL(/xong=1/), call.locator('button').click()]);
    t.expect((await a.locator('#can-giup + p + ul li', { hasText: 'Bà Hà Thị Nương' }).textContent()).includes('Đã xử lý'),
      'not marked handled');
    // The resident's open page says so, without a reload.
    await r.locator('#help-status', { hasText: 'Một cán bộ đã nhận yêu cầu giúp đỡ của bạn' }).waitFor({ state: 'visible', timeout: 5000 });
    t.expect(await r.evaluate(() => window.stillTheSamePage === true), 'the resident\'s page reloaded');
    await t.screenshot(r, 'alert-help-taken-360');

    // The danger is over: the approver cancels it, after a page that says what will happen.
    // The list of warnings then has it once, marked cancelled, not a second red warning.
    await a.goto(`${t.base}/can-bo/canh-bao/${id}/huy`);
    await Promise.all([a.waitForURL(/\/can-bo\/canh-bao/), a.click('main form button[type=submit]')]);
    await r.goto(`${t.base}/canh-bao`);
    const items = r.locator('main ul.list li', { hasText: headline });
    t.expect(await items.count() === 1, `the cancelled warning is listed ${await items.count()} times`);
    t.expect((await items.textContent()).includes('Đã huỷ lúc'), 'the list does not say it was cancelled');
    t.expect(await items.locator('.tag-warn').count() === 0, 'a cancelled warning is still marked as in force');
    await t.fitsPhoneWidth(r);
    await t.screenshot(r, 'alerts-list-cancelled-360');
  },
};
