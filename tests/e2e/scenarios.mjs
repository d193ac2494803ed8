// What a resident does, one scenario a function. Each gets the helpers from run.mjs.
export const scenarios = {
  async 'home page in Vietnamese on a 360 px phone'(t) {
    const page = await t.newPage();
    await page.goto(`${t.base}/`);
    t.expect(await page.getAttribute('html', 'lang') === 'vi', 'html lang is not vi');
    const h1 = await page.textContent('h1');
    t.expect(h1.includes('Chào mừng bạn đến với Công Dân Số'), `unexpected heading: ${h1}`);
    t.expect(await page.locator('a[href="/don-vi"]').count() >= 1, 'no link to the units browser');
    // What is built is offered as such: warnings and news are cards with their links.
    for (const href of ['/phan-anh', '/canh-bao', '/tin-tuc'])
      t.expect(await page.locator(`.cards a[href="${href}"]`).count() === 1, `no card linking ${href}`);
    const fontSize = await page.evaluate(() => getComputedStyle(document.body).fontSize);
    t.expect(fontSize === '19px', `body text is ${fontSize}`);
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'home-360');
    await t.accessible(page);
  },

  async 'units: search without tone marks, then browse Lào Cai'(t) {
    const page = await t.newPage();
    await page.goto(`${t.base}/don-vi`);
    await page.fill('#q', 'phuong yen thinh');
    await Promise.all([page.waitForURL(/q=/), page.press('#q', 'Enter')]);
    const first = await page.locator('section ul.list li a').first().textContent();
    t.expect(first === 'Phường Yên Thịnh', `first result is ${first}`);
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'units-search-360');
    await t.accessible(page);
    await page.click('text=Tỉnh Lào Cai');
    t.expect((await page.textContent('h1')) === 'Tỉnh Lào Cai', 'not on the Lào Cai page');
    const communes = await page.locator('ul.columns li').count();
    t.expect(communes === 99, `Lào Cai lists ${communes} communes, not 99`);
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'units-lao-cai-360');
    await t.accessible(page);
  },

  async 'units: an old Yên Bái ward shows where it went'(t) {
    const page = await t.newPage();
    await page.goto(`${t.base}/don-vi/2019/04249`);
    t.expect((await page.textContent('h1')) === 'Phường Yên Thịnh', 'wrong unit');
    t.expect(await page.locator('text=Nay thuộc').count() === 1, 'no "Nay thuộc" section');
    await t.screenshot(page, 'units-old-ward-360');
    await t.accessible(page);
    await page.locator('h2:has-text("Nay thuộc") + ul a').first().click();
    t.expect(page.url().includes('/don-vi/2025/'), `followed to ${page.url()}`);
    t.expect(await page.locator('text=Được hình thành từ').count() === 1, 'new ward does not list what it replaced');
  },

  async 'switch to English and back'(t) {
    const page = await t.newPage();
    await page.goto(`${t.base}/don-vi`);
    await page.click('text=English');
    t.expect(await page.getAttribute('html', 'lang') === 'en', 'html lang is not en after switching');
    t.expect(page.url().endsWith('/don-vi'), `switch went to ${page.url()}`);
    t.expect((await page.textContent('h1')) === 'Administrative units', 'heading not in English');
    await t.screenshot(page, 'units-english-360');
    await page.click('text=Tiếng Việt');
    t.expect(await page.getAttribute('html', 'lang') === 'vi', 'did not switch back');
  },

  async 'works with JavaScript turned off'(t) {
    const page = await t.newPage({ javaScriptEnabled: false });
    await page.goto(`${t.base}/`);
    t.expect((await page.textContent('h1')).includes('Công Dân Số'), 'home did not render');
    await page.goto(`${t.base}/don-vi`);
    await page.fill('#q', 'dien bien');
    await Promise.all([page.waitForURL(/q=/), page.press('#q', 'Enter')]);
    t.expect(await page.locator('text=Tỉnh Điện Biên').count() >= 1, 'search did not work without JS');
  },

  async 'error page is a page, in Vietnamese'(t) {
    const page = await t.newPage();
    const response = await page.goto(`${t.base}/khong-co-trang-nay`);
    t.expect(response.status() === 404, `status ${response.status()}`);
    t.expect((await page.textContent('main')).includes('Không tìm thấy trang'), 'no Vietnamese message');
    await t.screenshot(page, 'error-404-360');
    await t.accessible(page);
  },
};

// ---- accounts ----
let phoneCounter = 0;
export const freshPhone = () => `0977${String(Date.now() % 100000).padStart(5, '0')}${phoneCounter++ % 10}`;

async function latestCode(t, phone) {
  const r = await fetch(`${t.base}/api/v1/dev/outbox?phone=${phone}`);
  const { messages } = await r.json();
  const m = messages[0]?.text.match(/\b(\d{6})\b/);
  if (!m) throw new Error(`no code texted to ${phone}`);
  return m[1];
}

const password = 'Nương chè Suối Giàng 2026';

export async function signUp(t, page, phone, name, { warnings = false } = {}) {
  await page.goto(`${t.base}/dang-ky`);
  await page.fill('#phone', phone);
  await page.fill('#full_name', name);
  await page.selectOption('#unit_code', '04252');
  await page.fill('#password', password);
  await page.check('#accept_terms');
  if (warnings) await page.check('#consent_warnings');
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
  await page.fill('#code', await latestCode(t, phone));
  await Promise.all([page.waitForURL(/\/tai-khoan$/), page.click('button[type=submit]')]);
}

Object.assign(scenarios, {
  async 'sign up with the texted code, then see my account'(t) {
    const page = await t.newPage();
    const phone = freshPhone();
    await page.goto(`${t.base}/dang-ky`);
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'account-register-360');
    await t.accessible(page);
    await page.fill('#phone', phone);
    await page.fill('#full_name', 'Lò Văn Pọm');
    await page.selectOption('#unit_code', '04252');
    await page.fill('#password', password);
    await page.check('#accept_terms');
    await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
    t.expect((await page.textContent('h1')) === 'Nhập mã xác minh', 'no code page after sign-up');
    await t.screenshot(page, 'account-verify-360');
    await t.accessible(page);
    await page.fill('#code', await latestCode(t, phone));
    await Promise.all([page.waitForURL(/\/tai-khoan$/), page.click('button[type=submit]')]);
    t.expect((await page.textContent('h1')) === 'Tài khoản của tôi', 'not on the account page');
    t.expect((await page.textContent('main')).includes('Lò Văn Pọm'), 'name not shown');
    t.expect((await page.textContent('main')).includes('Phường Yên Bái'), 'commune not shown');
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'account-profile-360');
    await t.accessible(page);
  },

  async 'sign out, then sign in again; a wrong password is explained'(t) {
    const page = await t.newPage();
    const phone = freshPhone();
    await signUp(t, page, phone, 'Giàng A Chư');
    await Promise.all([page.waitForURL(`${t.base}/`), page.click('button:has-text("Đăng xuất")')]);
    const me = await page.request.get(`${t.base}/api/v1/me`);
    t.expect(me.status() === 401, `still signed in after signing out (${me.status()})`);
    // A visitor is offered signing in from any page, and comes back to it.
    await page.goto(`${t.base}/tin-tuc`);
    t.expect(await page.locator('a[href="/dang-nhap?tiep=/tin-tuc"]').count() > 0, 'no sign-in link for a visitor');
    t.expect(await page.locator('a[href="/dang-ky"]').count() > 0, 'no sign-up link for a visitor');
    await page.goto(`${t.base}/dang-nhap?tiep=/tin-tuc`);
    await page.fill('#phone', phone);
    await page.fill('#password', 'not my password');
    await page.click('button[type=submit]');
    t.expect((await page.textContent('.error')).includes('Số điện thoại hoặc mật khẩu chưa đúng'), 'no error message');
    await t.screenshot(page, 'account-login-error-360');
    await t.accessible(page);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(/\/tin-tuc$/), page.click('button[type=submit]')]);
    await page.goto(`${t.base}/tai-khoan`);
    t.expect((await page.textContent('main')).includes('Giàng A Chư'), 'signed in as someone else?');
  },

  async 'edit my details and declare my smartphone'(t) {
    const page = await t.newPage();
    await signUp(t, page, freshPhone(), 'Triệu Thị Mùi');
    await page.fill('#cccd', '015190002222');
    await page.fill('#ethnic_group', 'Dao');
    await page.check('input[name=smartphone_own_sim][value=yes]');
    await Promise.all([page.waitForURL(/saved=1/), page.click('form[action="/tai-khoan"] button[type=submit]')]);
    const main = await page.textContent('main');
    t.expect(main.includes('Đã lưu thay đổi'), 'no saved notice');
    t.expect(main.includes('015190002222'), 'CCCD not shown to its owner');
    t.expect(main.includes('tự khai'), 'fact source not shown');
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'account-saved-360');
    await t.accessible(page);
  },

  async 'an officer finds their work from the header menu on a phone, a citizen sees no such link'(t) {
    const citizen = await t.newPage();
    await signUp(t, citizen, freshPhone(), 'Lý Thị Dân');
    await citizen.goto(`${t.base}/`);
    t.expect(!(await citizen.locator('a[href="/can-bo"]').count()), 'a citizen is offered the officers\' page');
    t.expect(!(await citizen.locator('a[href="/quan-tri"]').count()), 'a citizen is offered the administration');
    const officerPhone = freshPhone();
    const officer = await t.newPage();
    await signUp(t, officer, officerPhone, 'Cán Bộ Địa Chính');
    t.cli(['user', 'add', '--role', 'officer', '--phone', officerPhone, '--unit', '04252']);
    await officer.goto(`${t.base}/`);
    // At 360 px the links are folded into one menu (details/summary, no script needed).
    await officer.click('.site-menu > summary');
    await t.screenshot(officer, 'menu-officer-360');
    await Promise.all([officer.waitForURL(/\/can-bo$/), officer.click('.site-menu a[href="/can-bo"]')]);
    const main = await officer.textContent('main');
    t.expect(main.includes('Phản ánh hiện trường') && main.includes('quá hạn'), 'no reports tile on the landing page');
    await t.fitsPhoneWidth(officer);
    await t.screenshot(officer, 'workspace-officer-360');
    await t.accessible(officer);
    await Promise.all([officer.waitForURL(/\/can-bo\/phan-anh/), officer.click('.tile h2 a')]);
  },

  async 'an officer looks up a citizen of the ward and records the VNeID status'(t) {
    const citizenPhone = freshPhone();
    const citizen = await t.newPage();
    await signUp(t, citizen, citizenPhone, 'Hà Thị Sinh');
    const officerPhone = freshPhone();
    const officer = await t.newPage();
    await signUp(t, officer, officerPhone, 'Cán Bộ Tư Pháp');
    t.cli(['user', 'add', '--role', 'officer', '--phone', officerPhone, '--unit', '04252']);
    await officer.goto(`${t.base}/quan-tri`);
    await t.fitsPhoneWidth(officer);
    await t.screenshot(officer, 'admin-officer-360');
    await t.accessible(officer);
    // The administration's front page leads to the look-up.
    await Promise.all([officer.waitForURL(/nguoi-dan/), officer.click('main a:has-text("Tra cứu công dân")')]);
    await officer.fill('#lookup-phone', citizenPhone);
    await Promise.all([officer.waitForURL(/cong-dan/), officer.press('#lookup-phone', 'Enter')]);
    t.expect((await officer.textContent('h1')) === 'Hà Thị Sinh', 'lookup did not find the citizen');
    await officer.selectOption('#level', 'level2');
    await officer.selectOption('#state', 'activated');
    await Promise.all([officer.waitForURL(/cong-dan\/\d+$/), officer.click('button:has-text("Lưu trạng thái")')]);
    const text = await officer.textContent('main');
    t.expect(text.includes('Mức 2') && text.includes('Đã kích hoạt'), 'VNeID status not shown after saving');
    t.expect(text.includes('cán bộ xác nhận'), 'source not shown');
    await t.fitsPhoneWidth(officer);
    await t.screenshot(officer, 'admin-person-360');
    await t.accessible(officer);
    // The import form takes the police list as a file; unknown numbers come back in the report,
    // which stays in the history.
    await officer.goto(`${t.base}/quan-tri/nhap-vneid`);
    t.expect((await officer.textContent('main')).includes('Chưa nhập danh sách nào'), 'no empty state before the first import');
    await officer.setInputFiles('#vneid-file', {
      name: 'vneid.csv', mimeType: 'text/csv',
      buffer: Buffer.from(`phone,vneid_level,vneid_state\n${citizenPhone},level2,activated\n0399999998,level1,\n`),
    });
    await Promise.all([officer.waitForLoadState(), officer.click('button:has-text("Nhập danh sách")')]);
    const report = await officer.textContent('main');
    t.expect(report.includes('Kết quả nhập danh sách VNeID'), 'no import report');
    t.expect(report.includes('line 3'), 'the unmatched row is not reported');
    await t.screenshot(officer, 'admin-import-360');
    await t.accessible(officer);
    await officer.goto(`${t.base}/quan-tri/nhap-vneid`);
    t.expect((await officer.locator('a[href^="/quan-tri/nhap-vneid/"]').count()) === 1, 'the import is not in the history');
    // The citizen sees what the officer recorded, with its source.
    await citizen.goto(`${t.base}/tai-khoan`);
    t.expect((await citizen.textContent('main')).includes('Mức 2'), 'the citizen does not see the VNeID level');
  },
});

// ---- field reports ----
export async function jpegBytes(page) {
  // A real JPEG drawn by the browser itself: a landslide-coloured square.
  const dataUrl = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 640; c.height = 480;
    const g = c.getContext('2d');
    g.fillStyle = '#8b5a2b'; g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#2e7d32'; g.fillRect(0, 0, 640, 160);
    return c.toDataURL('image/jpeg', 0.9);
  });
  return Buffer.from(dataUrl.split(',')[1], 'base64');
}

Object.assign(scenarios, {
  async 'a citizen files a report with a photo, an officer answers, the citizen rates'(t) {
    const citizenPhone = freshPhone();
    const citizen = await t.newPage();
    await signUp(t, citizen, citizenPhone, 'Sìn Văn Phủ');
    await citizen.goto(`${t.base}/phan-anh/moi`);
    await t.screenshot(citizen, 'report-choose-360');
    await t.accessible(citizen);
    await Promise.all([citizen.waitForURL(/category=landslide/), citizen.click('a[href="/phan-anh/moi?category=landslide"]')]);
    await citizen.fill('#description', 'Sạt lở taluy dương trên đường vào thôn Khe Cam, đất đá tràn kín mặt đường.');
    await citizen.selectOption('#unit_code', '04252');
    await citizen.fill('#address', 'Thôn Khe Cam');
    await citizen.check('input[name=q_danger_to_people][value=no]');
    await citizen.setInputFiles('#photos', { name: 'anh.jpg', mimeType: 'image/jpeg', buffer: await jpegBytes(citizen) });
    await t.fitsPhoneWidth(citizen);
    await t.screenshot(citizen, 'report-new-360');
    await t.accessible(citizen);
    await Promise.all([citizen.waitForURL(/\/phan-anh\/[a-z0-9]{10}\?da-gui=1$/), citizen.click('button:has-text("Gửi phản ánh")')]);
    const reportUrl = citizen.url().replace(/\?.*$/, '');
    // The confirmation: what happened, a reference to read out over the phone, who answers by when.
    const confirmation = await citizen.textContent('.confirmation');
    t.expect(confirmation.includes('Đã gửi phản ánh'), 'no confirmation after filing');
    t.expect(/PA-\d{6}/.test(confirmation), `no reference to read out: ${confirmation}`);
    t.expect(confirmation.includes('Hạn trả lời'), 'the confirmation does not say when the answer is due');
    t.expect((await citizen.textContent('h1')) === 'Sạt lở và thiên tai', 'not on the report page');
    t.expect(await citizen.locator('.photos img').count() === 1, 'the photo is not shown');
    await t.screenshot(citizen, 'report-filed-360');

    const officerPhone = freshPhone();
    const officer = await t.newPage();
    await signUp(t, officer, officerPhone, 'Cán Bộ Phường Yên Bái');
    t.cli(['user', 'add', '--role', 'officer', '--phone', officerPhone, '--unit', '04252']);
    await officer.goto(reportUrl);
    await officer.fill('#answer-text', 'Đội công trình đã dọn đất đá, đường thông xe từ 15 giờ.');
    await Promise.all([officer.waitForURL(reportUrl), officer.click('button:has-text("Trả lời và kết thúc")')]);
    t.expect((await officer.textContent('.answer')).includes('đường thông xe'), 'answer not shown to the officer');
    await t.screenshot(officer, 'report-answered-officer-360');

    await citizen.goto(reportUrl);
    await citizen.check('input[name=stars][value="5"]');
    await Promise.all([citizen.waitForURL(reportUrl), citizen.click('button:has-text("Gửi đánh giá")')]);
    t.expect((await citizen.textContent('.answer')).includes('5/5'), 'rating not shown');

    // A neighbour follows it: the button says so, and it is in "Phản ánh của tôi".
    const neighbour = await t.newPage();
    await signUp(t, neighbour, freshPhone(), 'Hàng Thị Xóm');
    await neighbour.goto(reportUrl);
    await Promise.all([neighbour.waitForURL(reportUrl), neighbour.click('button:has-text("Theo dõi phản ánh này")')]);
    t.expect((await neighbour.textContent('main')).includes('Đang theo dõi'), 'following does not show');
    t.expect(await neighbour.locator('button:has-text("Bỏ theo dõi")').count() === 1, 'no way to stop following');
    await t.fitsPhoneWidth(neighbour);
    await t.screenshot(neighbour, 'report-following-360');
    await neighbour.goto(`${t.base}/tai-khoan`);
    await Promise.all([neighbour.waitForURL(/\/phan-anh\/cua-toi$/), neighbour.click('main a[href="/phan-anh/cua-toi"]')]);
    t.expect(await neighbour.locator(`#followed + ul a[href="${new URL(reportUrl).pathname}"]`).count() === 1, 'the followed report is not in "Phản ánh của tôi"');
    await t.screenshot(neighbour, 'reports-mine-360');
    await t.accessible(neighbour);

    // The public sees the answer and the rating, never the reporter's name.
    const pub = await t.newPage();
    await pub.goto(reportUrl);
    const text = await pub.textContent('main');
    t.expect(text.includes('Đã giải quyết') && text.includes('đường thông xe'), 'the public page lacks the answer');
    t.expect(!text.includes('Sìn Văn Phủ'), 'the reporter\'s name is public');
    t.expect(!(await pub.content()).includes(citizenPhone), 'the reporter\'s phone is public');
    await t.fitsPhoneWidth(pub);
    await t.screenshot(pub, 'report-public-360');
    await t.accessible(pub);
    await pub.goto(`${t.base}/phan-anh`);
    t.expect((await pub.textContent('main')).includes('Sạt lở và thiên tai'), 'the list lacks the report');
    await t.screenshot(pub, 'reports-list-360');
    await t.accessible(pub);
  },
});

Object.assign(scenarios, {
  async 'with JavaScript, the map picks the place and offers "me too" for a report nearby'(t) {
    const page = await t.newPage();
    await signUp(t, page, freshPhone(), 'Người Dùng Bản Đồ');
    // A request from outside the browser, with the cookie but no proof of origin, is refused
    // (CSRF).
    const forged = await page.request.post(`${t.base}/api/v1/reports`, {
      data: { category: 'roads', description: 'Giả mạo', unit_code: '04252' },
    });
    t.expect(forged.status() === 403, `a cookie-only request was accepted (${forged.status()})`);
    await page.goto(`${t.base}/phan-anh/moi?category=landslide`);
    const map = page.locator('#map');
    t.expect(await map.isVisible(), 'the map did not appear');
    t.expect((await page.textContent('#map-hint')).includes('Chạm vào bản đồ'), 'the map does not say what to do with it');
    // The map may start below the fold (a warning banner above the page): bring it into view.
    await map.scrollIntoViewIfNeeded();
    const box = await map.boundingBox();
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await page.mouse.click(centre.x, centre.y);
    const lat = parseFloat(await page.inputValue('#lat'));
    const lon = parseFloat(await page.inputValue('#lon'));
    t.expect(Math.abs(lat - 22.05) < 0.05, `picked latitude ${lat}`);
    // An open landslide report right where the pin fell, filed as the site's own script would:
    // a same-origin fetch, which the browser marks Sec-Fetch-Site: same-origin.
    const status = await page.evaluate(async ([la, lo]) => {
      const r = await fetch('/api/v1/reports', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ category: 'landslide', description: 'Sạt lở gần trung tâm bản đồ',
                               unit_code: '04252', lat: la, lon: lo,
                               attributes: { danger_to_people: 'unknown' } }),
      });
      return r.status;
    }, [lat, lon]);
    t.expect(status === 201, `could not file the nearby report (${status})`);
    // Placing the pin there again offers it: "me too" instead of a second report.
    await page.mouse.click(centre.x, centre.y);
    await page.waitForSelector('#nearby .report-card');
    t.expect((await page.textContent('#nearby')).includes('Tôi cũng gặp vấn đề này'), 'no "me too" offered');
    await t.screenshot(page, 'report-map-nearby-360');
    await t.accessible(page);
  },
});

Object.assign(scenarios, {
  async 'without map tiles (no network) the form says so and points to the commune and address'(t) {
    const page = await t.newPage({ tiles: 'unreachable' });
    await signUp(t, page, freshPhone(), 'Người Ở Vùng Sóng Yếu');
    await page.goto(`${t.base}/phan-anh/moi?category=roads`);
    const note = page.locator('.map-failed');
    await note.waitFor({ state: 'visible', timeout: 10000 });
    t.expect((await note.textContent()).includes('Không tải được bản đồ'), 'the failure is not explained');
    t.expect((await note.textContent()).includes('chọn xã, phường và ghi địa chỉ'), 'the note does not point to the fields');
    t.expect(!(await page.locator('#map').isVisible()), 'the grey map is still shown');
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'report-new-no-tiles-360');
    await t.accessible(page);
    // The form still files the report with the commune and the address.
    await page.fill('#description', 'Đèn đường hỏng cả đoạn trước chợ, tối không nhìn thấy đường.');
    await page.fill('#address', 'Trước chợ phường');
    await Promise.all([page.waitForURL(/\?da-gui=1$/), page.click('button:has-text("Gửi phản ánh")')]);
  },

  async 'a report with only a pin waits for the province, whose officer places it in a commune'(t) {
    const citizen = await t.newPage();
    await signUp(t, citizen, freshPhone(), 'Người Thả Ghim');
    await citizen.goto(`${t.base}/phan-anh/moi?category=roads`);
    await citizen.fill('#description', 'Cây đổ chắn ngang đường liên thôn, xe máy không qua được.');
    // No commune chosen (the form starts at her own): the pin on the map is enough once it is dropped.
    await citizen.selectOption('#unit_code', '');
    await citizen.locator('#map').scrollIntoViewIfNeeded();
    const box = await citizen.locator('#map').boundingBox();
    await citizen.mouse.click(box.x + box.width / 3, box.y + box.height / 3);
    t.expect((await citizen.inputValue('#lat')) !== '', 'the pin did not set the place');
    t.expect(!(await citizen.locator('#unit_code').evaluate((e) => e.required)), 'the commune is still required');
    t.expect((await citizen.locator('#unit_code option').first().textContent()).includes('bản đồ'), 'the list does not say the pin is used');
    await Promise.all([citizen.waitForURL(/\/phan-anh\/[a-z0-9]{10}\?da-gui=1$/), citizen.click('button:has-text("Gửi phản ánh")')]);
    const reportUrl = citizen.url().replace(/\?.*$/, '');
    t.expect((await citizen.textContent('main')).includes('Chờ xác định xã, phường'), 'the report does not say it awaits its commune');
    t.expect(await citizen.locator('select[name=unit_code]').count() === 0, 'the citizen is offered the officers\' form');

    const officerPhone = freshPhone();
    const officer = await t.newPage();
    await signUp(t, officer, officerPhone, 'Cán Bộ Tỉnh Lào Cai');
    t.cli(['user', 'add', '--role', 'officer', '--phone', officerPhone, '--unit', '15']);
    await officer.goto(reportUrl);
    await t.fitsPhoneWidth(officer);
    await t.screenshot(officer, 'report-awaiting-place-officer-360');
    await t.accessible(officer);
    await officer.selectOption('#place-unit', '04252');
    await Promise.all([officer.waitForURL(reportUrl), officer.click('button:has-text("Chuyển về xã, phường")')]);
    const main = await officer.textContent('main');
    t.expect(!main.includes('Chờ xác định xã, phường'), 'still awaiting its commune');
    t.expect(main.includes('Xác định xã, phường') && main.includes('Phường Yên Bái'), 'the timeline does not show the placing');
    t.expect(await officer.locator('#place-unit').count() === 0, 'the place form is still offered');
    await t.screenshot(officer, 'report-placed-officer-360');
  },

  async 'units: a commune divided in 2020 leads to both of its 2025 units'(t) {
    const page = await t.newPage();
    await page.goto(`${t.base}/don-vi/2019/03028`);
    t.expect((await page.textContent('h1')) === 'Xã Lao Chải', 'wrong unit');
    const parts = await page.locator('h2:has-text("Nay thuộc") + ul li').allTextContents();
    t.expect(parts.length === 2 && parts.every((p) => p.includes('một phần')), `links: ${parts.join(' | ')}`);
    t.expect(parts.some((p) => p.includes('1673/NQ-UBTVQH15')), 'no act named');
    await t.fitsPhoneWidth(page);
    await t.screenshot(page, 'units-divided-commune-360');
    await t.accessible(page);
  },
});

// ---- administration ----
const desktop = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false };

// A new province administrator finds the administration from the header, gives an officer
// role in one commune with the unit picker, sees it in the roles list and revokes it through
// the confirmation page; the officer finds the inbox from the header and the landing page.
async function grantAndRevoke(t, { label, options, script }) {
  const narrow = !options.viewport || options.viewport.width < 640;
  const openHeaderLink = async (page, href) => {
    if (narrow) await page.click('.site-menu > summary');
    const scope = narrow ? '.site-menu' : '.site-nav';
    await Promise.all([page.waitForURL(new RegExp(`${href}$`)), page.click(`${scope} a[href="${href}"]`)]);
  };
  // axe runs in the page, so with JavaScript off it checks the same HTML (scripts removed)
  // in a page of the same size that may run it.
  const axePage = script ? null : await t.newPage({ viewport: options.viewport });
  const check = async (page, name) => {
    if (narrow) await t.fitsPhoneWidth(page);
    await t.screenshot(page, `${name}-${label}`);
    if (script) return t.accessible(page);
    await axePage.goto(`${t.base}/healthz`);
    await axePage.setContent((await page.content()).replace(/<script[^>]*><\/script>/g, ''));
    await t.accessible(axePage);
  };
  const adminPhone = freshPhone();
  const admin = await t.newPage(options);
  await signUp(t, admin, adminPhone, 'Quản Trị Viên Mới');
  t.cli(['user', 'add', '--role', 'province_admin', '--phone', adminPhone, '--unit', '15']);
  const officerPhone = freshPhone();
  const officerName = `Cán Bộ Bảo Ái ${label}`;
  const officer = await t.newPage(options);
  await signUp(t, officer, officerPhone, officerName);

  await admin.goto(`${t.base}/`);
  await openHeaderLink(admin, '/quan-tri');
  await check(admin, 'admin-home');
  await Promise.all([admin.waitForURL(/\/quan-tri\/vai-tro$/), admin.click('main a[href="/quan-tri/vai-tro"]')]);
  await check(admin, 'admin-roles');
  await admin.fill('#grant-phone', officerPhone);
  await admin.selectOption('#grant-role', 'officer');
  if (script) {
    // The picker lists the matches as the administrator types, tone marks or not.
    await admin.fill('#picker-unit_code', 'bao ai');
    await admin.locator('#picker-unit_code-list [role="option"]', { hasText: 'Xã Bảo Ái' }).first().click();
    t.expect((await admin.inputValue('#picker-unit_code')).startsWith('Xã Bảo Ái'), 'the picker did not fill the unit');
    await check(admin, 'admin-grant-picked');
    await Promise.all([admin.waitForURL(/xong=granted/), admin.click('form[action="/quan-tri/vai-tro"][method="post"] button[type=submit]')]);
  } else {
    // Without JavaScript the form comes back with the matching units to choose from.
    await admin.fill('#picker-unit_code', 'bao');
    await Promise.all([admin.waitForLoadState(), admin.click('form[action="/quan-tri/vai-tro"][method="post"] button[type=submit]')]);
    t.expect((await admin.inputValue('#grant-phone')) === officerPhone, 'the phone was lost');
    await check(admin, 'admin-grant-choose');
    await admin.check('input[type=radio][name="unit_code"][value="04750"]');
    await Promise.all([admin.waitForURL(/xong=granted/), admin.click('form[action="/quan-tri/vai-tro"][method="post"] button[type=submit]')]);
  }
  const row = admin.locator('tbody tr', { hasText: officerName });
  t.expect((await row.count()) === 1, 'the new officer is not in the roles list');
  t.expect((await row.textContent()).includes('Xã Bảo Ái'), 'the roles list does not name the commune');
  await check(admin, 'admin-roles-granted');

  // The officer finds the work: the header, the landing page, the inbox.
  await officer.goto(`${t.base}/`);
  await openHeaderLink(officer, '/can-bo');
  await check(officer, 'officer-landing');
  await Promise.all([officer.waitForURL(/\/can-bo\/phan-anh/), officer.click('.tile h2 a')]);
  await check(officer, 'officer-inbox');

  // Revoking asks first, with the reason.
  await Promise.all([admin.waitForURL(/thu-hoi$/), row.locator('a', { hasText: 'Thu hồi' }).click()]);
  t.expect((await admin.textContent('main')).includes(officerName), 'the confirmation does not say whose role');
  await check(admin, 'admin-revoke-confirm');
  await admin.fill('#reason', 'Chuyển công tác');
  await Promise.all([admin.waitForURL(/xong=revoked/), admin.click('button.danger')]);
  t.expect((await admin.locator('tbody tr', { hasText: officerName }).count()) === 0, 'the role is still listed');
  await check(admin, 'admin-roles-revoked');
  const gone = await officer.goto(`${t.base}/can-bo`);
  t.expect(gone.status() === 403, `the former officer still opens the workspace (${gone.status()})`);
}

Object.assign(scenarios, {
  async 'a new province administrator grants and revokes an officer role at 1280 px'(t) {
    await grantAndRevoke(t, { label: '1280', options: desktop, script: true });
  },
  async 'the same at 360 px, the picker under a thumb'(t) {
    await grantAndRevoke(t, { label: '360', options: {}, script: true });
  },
  async 'the same at 360 px with JavaScript off'(t) {
    await grantAndRevoke(t, { label: '360-nojs', options: { javaScriptEnabled: false }, script: false });
  },
});
