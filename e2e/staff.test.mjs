// The staff area as a sales team meets it (issue 14, item 3 so far): every page axe-clean in
// light and dark at 375 and 1280 px, nothing wider than a phone's screen, screenshots of each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, axeViolations, browser, quietIntake, stopAll } from './harness.mjs';

let chromium, server, leadId;

/** A tea brand's lead, sent through the widget as a visitor sends it, with a campaign. */
const TEA = [['food_beverage'], ['b2c'], ['age_25_34'], ['mostly_women'], ['premium_urban'], ['awareness', 'online_sales'], ['registered'], ['none'], ['english_only'], ['certified'], ['images'], ['direct_shipping'], ['partner'], ['from_5k_to_15k'], ['months_3_to_6']];

before(async () => {
  server = await quietIntake();
  chromium = await browser();
  const context = await chromium.newContext();
  const page = await context.newPage();
  await page.goto(`${server.origin}/?utm_source=newsletter&utm_campaign=china-2027`);
  await page.mouse.wheel(0, 4000);
  const widget = page.locator('[data-china-readiness]').first();
  await widget.locator('.crw-intro .crw-button--primary').click({ timeout: 20000 });
  for (const options of TEA) {
    for (const option of options) await widget.locator(`input[value="${option}"]`).click();
    await widget.locator('button[type=submit]').click();
  }
  await widget.locator('.crw-results .crw-button--primary').click();
  await widget.locator('#crw-field-name').fill('Emma Clarke-Featherstonehaugh');
  await widget.locator('#crw-field-email').fill('emma.clarke-featherstonehaugh@teahouse-international.co.uk');
  await widget.locator('#crw-field-company').fill('Teahouse International Trading Company Ltd');
  await widget.locator('#crw-field-country').selectOption('GB');
  await widget.locator('#crw-field-role').fill('Export manager');
  await widget.locator('#crw-field-contact').check();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/leads') && r.request().method() === 'POST'),
    widget.locator('.crw-contact button[type=submit]').click(),
  ]);
  leadId = (await response.json()).id;
  await context.close();
});

after(async () => { await stopAll(); });

for (const [width, scheme] of [[375, 'light'], [375, 'dark'], [1280, 'light'], [1280, 'dark']]) {
  test(`staff pages at ${width}px ${scheme}: axe finds nothing, nothing overflows`, async () => {
    // axe is injected as a script: the staff pages' CSP would refuse it
    const context = await chromium.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, bypassCSP: true });
    const page = await context.newPage();
    try {
      const check = async (name) => {
        assert.deepEqual(await axeViolations(page), [], `${name}: axe`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
        await page.screenshot({ path: join(SHOTS, `staff-${name}-${width}-${scheme}.png`), fullPage: true });
      };
      await page.goto(`${server.origin}/admin/login`);
      await check('login');
      await page.fill('#email', 'sales@agency.example');
      await page.fill('#password', 'e2e staff password 1');
      await page.click('form[action="/admin/login"] button');
      await page.waitForURL(/\/admin\/leads$/);
      await check('list');
      assert.match(await page.locator('main').innerText(), /Teahouse International Trading Company Ltd/);
      await page.goto(`${server.origin}/admin/leads?q=teahouse`);
      await check('list-searched');
      await page.goto(`${server.origin}/admin/leads/${leadId}`);
      const text = await page.locator('main').innerText();
      assert.match(text, /Source \(utm_source\)\s+newsletter/);
      assert.match(text, /Campaign \(utm_campaign\)\s+china-2027/);
      await check('lead');
    } finally {
      await context.close();
    }
  });
}
