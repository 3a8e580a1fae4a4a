// The staff area as a sales team meets it (issue 14): a staff member signs in, filters the
// list, assigns a lead, moves it along the pipeline, writes a note and re-sends the webhook
// that was given up; a sales account sees no admin pages; every page axe-clean in light and
// dark at 375 and 1280 px, nothing wider than the screen, screenshots of each, and the
// area in Chinese at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, TEA, answerQuiz, axeViolations, browser, fillContact, quietIntake, stopAll, until } from './harness.mjs';

let chromium, server, leadId, adminState;

/** Signs in on `page` as the admin (or another account). */
async function signIn(page, email = 'sales@agency.example', password = 'e2e staff password 1') {
  await page.goto(`${server.origin}/admin/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('form[action="/admin/login"] button');
  await page.waitForURL(/\/admin\/leads$/);
}

before(async () => {
  // the webhook is gone at first (given up at once), then fixed: a re-send reaches it
  server = await quietIntake({ hookStatuses: [410, 200] });
  chromium = await browser();
  const context = await chromium.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/?utm_source=newsletter&utm_campaign=china-2027`);
  await page.mouse.wheel(0, 4000);
  const widget = page.locator('[data-china-readiness]').first();
  await answerQuiz(widget, TEA);
  await fillContact(widget, {
    name: 'Emma Clarke-Featherstonehaugh',
    email: 'emma.clarke-featherstonehaugh@teahouse-international.co.uk',
    company: 'Teahouse International Trading Company Ltd',
  });
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/leads') && r.request().method() === 'POST'),
    widget.locator('.crw-contact button[type=submit]').click(),
  ]);
  leadId = (await response.json()).id;
  await context.close();
  // one sign-in for the tests that follow (sign-in is limited to 5 a minute per address)
  const staff = await chromium.newContext();
  await signIn(await staff.newPage());
  adminState = await staff.storageState();
  await staff.close();
  assert.ok(await until(() => server.hook.length === 1), 'the webhook was tried once and answered 410');
});

after(async () => { await stopAll(); });

test('a staff member filters, assigns, moves a lead on, writes a note and re-sends its webhook', async () => {
  const context = await chromium.newContext({ viewport: { width: 1280, height: 900 }, storageState: adminState });
  const page = await context.newPage();
  try {
    await page.goto(`${server.origin}/admin/leads`);
    // filter: grade B, new, nobody's
    await page.selectOption('#grade', 'B');
    await page.selectOption('#status', 'new');
    await page.selectOption('#owner', 'none');
    await page.click('form.filters button');
    await page.waitForURL(/grade=B/);
    assert.match(page.url(), /status=new/);
    const rows = page.locator('table.leads tbody tr');
    assert.equal(await rows.count(), 1);
    await page.screenshot({ path: join(SHOTS, 'staff-work-1-filtered.png'), fullPage: true });
    await page.click('text=Teahouse International Trading Company Ltd');
    await page.waitForURL(new RegExp(`/admin/leads/${leadId}$`));

    // assign to me, move to contacted, note
    await page.selectOption('#owner', { label: 'sales@agency.example' });
    await page.click('form[action$="/owner"] button');
    await page.waitForURL(new RegExp(`/admin/leads/${leadId}$`));
    await page.selectOption('#status', 'contacted');
    await page.click('form[action$="/status"] button');
    await page.waitForURL(new RegExp(`/admin/leads/${leadId}$`));
    await page.fill('#note', 'Called Emma: wants Douyin first, <b>budget</b> approved in Q1.');
    await page.click('form.note-form button');
    await page.waitForURL(new RegExp(`/admin/leads/${leadId}$`));
    assert.equal(await page.locator('#status').inputValue(), 'contacted');
    assert.equal(await page.locator('#owner option:checked').innerText(), 'sales@agency.example');
    assert.match(await page.locator('.notes').innerText(), /sales@agency\.example · .* UTC\n+Called Emma: wants Douyin first, <b>budget<\/b> approved in Q1\./);

    // the webhook was given up after a 410: re-send it
    const notification = page.locator('.notification', { hasText: 'webhook' });
    assert.match(await notification.innerText(), /failed after 1 attempt\(s\): the webhook answered 410 Gone/);
    await page.screenshot({ path: join(SHOTS, 'staff-work-2-lead.png'), fullPage: true });
    await notification.locator('button', { hasText: 'Re-send (webhook)' }).click();
    await page.waitForURL(new RegExp(`/admin/leads/${leadId}$`));
    assert.ok(await until(() => server.hook.length === 2), 'the webhook got the lead again');
    assert.equal(server.hook[1].headers['x-event-id'], server.hook[0].headers['x-event-id'], 'under the same event id');
    await until(async () => {
      await page.reload();
      return /sent after 1 attempt/.test(await page.locator('.notification', { hasText: 'webhook' }).innerText());
    });
    await notification.locator('summary').click();
    assert.match(await notification.innerText(), /Attempts \(2\)[\s\S]*failed: the webhook answered 410 Gone[\s\S]*sent/);
    assert.equal(await notification.locator('button').count(), 0, 'nothing more to re-send');
    await page.screenshot({ path: join(SHOTS, 'staff-work-3-resent.png'), fullPage: true });

    // the list shows the lead where it now stands
    await page.goto(`${server.origin}/admin/leads?status=contacted&owner=me`);
    assert.match(await page.locator('table.leads').innerText(), /Teahouse International Trading Company Ltd[\s\S]*Contacted\s+sales@agency\.example/);
    await page.goto(`${server.origin}/admin/audit`);
    const audit = await page.locator('table').innerText();
    for (const action of ['Owner changed', 'Status changed', 'Note added', 'Notification re-sent']) assert.ok(audit.includes(action), action);
    assert.doesNotMatch(audit, /Douyin first/, 'no note text in the audit log');
  } finally {
    await context.close();
  }
});

test('a sales account works leads but sees no admin pages and cannot re-send', async () => {
  // axe is injected as a script: the staff pages' CSP would refuse it
  const context = await chromium.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  try {
    await signIn(page, 'li.wei@agency.example', 'e2e staff password 2');
    assert.equal(await page.locator('header nav a').allInnerTexts().then((a) => a.join(' ')), 'Leads Funnel', 'the leads and the funnel, no admin page');
    const response = await page.goto(`${server.origin}/admin/accounts`);
    assert.equal(response.status(), 403);
    assert.equal(await page.locator('h1').textContent(), 'Not allowed', 'a page that says why, with the way back');
    assert.match(await page.locator('main p').first().textContent(), /^Only an admin can do this/);
    assert.equal(await page.locator('main a[href="/admin/leads"]').count(), 1);
    assert.deepEqual(await axeViolations(page), []);
    assert.equal((await page.goto(`${server.origin}/admin/settings`)).status(), 403);
    await page.goto(`${server.origin}/admin/leads/${leadId}`);
    assert.equal(await page.locator('form[action$="/resend"]').count(), 0);
  } finally {
    await context.close();
  }
});

for (const [width, scheme] of [[375, 'light'], [375, 'dark'], [1280, 'light'], [1280, 'dark']]) {
  test(`staff pages at ${width}px ${scheme}: axe finds nothing, nothing overflows`, async () => {
    // axe is injected as a script: the staff pages' CSP would refuse it
    const context = await chromium.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, bypassCSP: true });
    let page = await context.newPage();
    const signedIn = await chromium.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, bypassCSP: true, storageState: adminState });
    const staffPage = await signedIn.newPage();
    try {
      const check = async (page, name) => {
        assert.deepEqual(await axeViolations(page), [], `${name}: axe`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
        await page.screenshot({ path: join(SHOTS, `staff-${name}-${width}-${scheme}.png`), fullPage: true });
      };
      await page.goto(`${server.origin}/admin/login`);
      await check(page, 'login');
      await context.close();
      page = staffPage;
      await page.goto(`${server.origin}/admin/leads`);
      await check(page, 'list');
      assert.match(await page.locator('main').innerText(), /Teahouse International Trading Company Ltd/);
      await page.goto(`${server.origin}/admin/leads?q=teahouse&sort=readiness`);
      await check(page, 'list-searched');
      await page.goto(`${server.origin}/admin/leads/${leadId}`);
      const text = await page.locator('main').innerText();
      assert.match(text, /Source \(utm_source\)\s+newsletter/);
      assert.match(text, /Campaign \(utm_campaign\)\s+china-2027/);
      await page.locator('.notification summary').first().click();
      await check(page, 'lead');
      await page.goto(`${server.origin}/admin/leads/${leadId}/report`);
      await check(page, 'report');
      await page.goto(`${server.origin}/admin/accounts`);
      await check(page, 'accounts');
      await page.goto(`${server.origin}/admin/audit`);
      await check(page, 'audit');
      await page.goto(`${server.origin}/admin/settings`);
      await check(page, 'settings');
      await page.goto(`${server.origin}/admin/funnel`);
      await check(page, 'funnel');
    } finally {
      await context.close();
      await signedIn.close();
    }
  });
}

test('the staff area in Chinese at phone width: chosen in the header, kept, axe-clean', async () => {
  const context = await chromium.newContext({ viewport: { width: 375, height: 900 }, bypassCSP: true, storageState: adminState });
  const page = await context.newPage();
  try {
    await page.goto(`${server.origin}/admin/leads/${leadId}`);
    await page.selectOption('#staff-language', 'zh-Hans');
    await page.click('form[action="/admin/language"] button');
    await page.waitForURL(new RegExp(`/admin/leads/${leadId}$`));
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
    const text = await page.locator('main').innerText();
    for (const words of ['销售进展', '备注', '线索来源', '回答']) assert.ok(text.includes(words), words);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(SHOTS, 'staff-lead-375-zh-Hans.png'), fullPage: true });
    await page.goto(`${server.origin}/admin/leads`);
    assert.match(await page.locator('main').innerText(), /将这些线索导出为 CSV/);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(SHOTS, 'staff-list-375-zh-Hans.png'), fullPage: true });
    // back to English for the other tests' assertions
    await page.selectOption('#staff-language', 'en');
    await page.click('form[action="/admin/language"] button');
  } finally {
    await context.close();
  }
});
