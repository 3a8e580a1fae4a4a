// The prerendered first screen (issue 16): on screen before the WebAssembly has arrived,
// usable there, and taken over by the widget (Yew hydration) with nothing lost or moved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, axeViolations, consoleOf, browser, freePort, intake, smtpListener, stopAll, thirdPartyHost, watchCsp, webhookReceiver } from './harness.mjs';

let chromium, server, host;

before(async () => {
  const hook = await webhookReceiver();
  const mail = await smtpListener();
  const hostPort = await freePort();
  server = await intake({ webhook: hook.url, smtp: mail.url, allowedOrigins: `http://127.0.0.1:${hostPort}` });
  host = await thirdPartyHost(server.origin, hostPort);
  chromium = await browser();
});

after(async () => { await stopAll(); });

const LANGUAGES = [['en-GB', 'en'], ['fr-FR', 'fr'], ['de-DE', 'de'], ['zh-CN', 'zh-Hans']];

/** A visitor whose browser gets the widget's wasm only when `release()` is called. */
async function heldBack(url, { locale = 'en-GB', bypassCSP = false, viewport = { width: 1280, height: 900 }, scroll = true, before = null } = {}) {
  const context = await chromium.newContext({ locale, bypassCSP, viewport });
  const page = await context.newPage();
  const log = consoleOf(page);
  await watchCsp(page);
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  let wasmServed = false;
  await page.route('**/china-readiness-widget_bg.wasm', async (route) => {
    await released;
    wasmServed = true;
    await route.continue();
  });
  if (before) await before(page);
  await page.goto(url);
  if (scroll) await page.mouse.wheel(0, 4000);
  const widget = page.locator('[data-china-readiness]').first();
  return { context, page, log, widget, release, served: () => wasmServed };
}

/** The widget's markup without Yew's component markers (which hydration consumes). */
const markup = (widget) => widget.evaluate((h) => h.shadowRoot.querySelector('.crw-root').innerHTML.replace(/<!--[\s\S]*?-->/g, ''));
/** Whether the widget has taken the screen over: hydration consumes the markers. */
const hydrated = (widget) => widget.evaluate((h) => !h.shadowRoot.querySelector('.crw-root').innerHTML.includes('<!--<['));
/** Where focus is inside the widget. */
const focused = (widget) => widget.evaluate((h) => {
  const el = h.shadowRoot.activeElement;
  return el ? `${el.tagName.toLowerCase()}${el.value ? `[value=${el.value}]` : ''}${el.dataset.crwFocus !== undefined ? '[data-crw-focus]' : ''}` : null;
});

async function waitHydrated(widget) {
  for (let i = 0; i < 400 && !(await hydrated(widget)); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(await hydrated(widget), 'the widget took over');
}

for (const [browserLocale, lang] of LANGUAGES) {
  test(`${lang}: the prerendered intro is what the widget renders, before the wasm and after it`, async () => {
    const v = await heldBack(`${server.origin}/`, { locale: browserLocale, bypassCSP: true });
    try {
      await v.widget.locator('.crw-intro').waitFor({ timeout: 20000 });
      assert.equal(v.served(), false, 'shown while the wasm is held back');
      assert.equal(await v.widget.locator('.crw').getAttribute('lang'), lang);
      await v.page.screenshot({ path: join(SHOTS, `first-screen-${lang}-prerendered.png`) });
      assert.deepEqual(await axeViolations(v.page), [], 'axe on the prerendered screen');
      const before = await markup(v.widget);
      await v.widget.evaluate((h) => { h.shadowRoot.querySelector('.crw-root').shown = true; });
      v.release();
      await waitHydrated(v.widget);
      assert.equal(await markup(v.widget), before, 'the widget rendered exactly the prerendered screen');
      assert.equal(await v.widget.evaluate((h) => h.shadowRoot.querySelector('.crw-root').shown), true, 'hydrated in place, not rendered afresh');
      assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), [], 'no error or warning');
    } finally {
      await v.context.close();
    }
  });

  test(`${lang}: Start and an answer given before the wasm arrived are kept, focus too`, async () => {
    // English on the partner's page (strict CSP, hostile CSS, data-lang="en"); the others on
    // the demo page (strict CSP too), in the browser's language
    const page = lang === 'en' ? host.origin : server.origin;
    const v = await heldBack(`${page}/`, { locale: browserLocale });
    try {
      assert.equal(await v.widget.locator('.crw').getAttribute('lang', { timeout: 20000 }), lang);
      await v.widget.locator('.crw-intro .crw-button--primary').click({ timeout: 20000 });
      await v.widget.locator('.crw-question').waitFor();
      assert.equal(await focused(v.widget), 'h2[data-crw-focus]', 'focus on the question, as the widget puts it');
      await v.widget.locator('input[value="beauty"]').click();
      assert.equal(await focused(v.widget), 'input[value=beauty]');
      assert.equal(v.served(), false, 'all of it before the wasm');
      await v.page.screenshot({ path: join(SHOTS, `first-screen-${lang}-answered-before-wasm.png`) });
      v.release();
      await waitHydrated(v.widget);
      assert.equal(await v.widget.locator('input[value="beauty"]').isChecked(), true, 'the answer is kept');
      assert.equal(await focused(v.widget), 'input[value=beauty]', 'focus is kept');
      assert.equal(await v.widget.locator('button[type=submit]').isEnabled(), true, 'the widget knows the answer');
      await v.widget.locator('button[type=submit]').click();
      await v.widget.locator('input[value="b2c"]').waitFor();
      assert.deepEqual(await v.page.evaluate(() => window.__csp), [], 'nothing refused by the strict CSP');
      assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), [], 'no error or warning');
    } finally {
      await v.context.close();
    }
  });
}

test('Next pressed before the wasm arrived: the widget goes on once it has taken over', async () => {
  const v = await heldBack(`${server.origin}/`, { locale: 'en-GB' });
  try {
    await v.widget.locator('.crw-intro .crw-button--primary').click({ timeout: 20000 });
    // Back to the intro and Start again, then the third option by its number key
    await v.widget.locator('.crw-question button[type=button]').click();
    await v.widget.locator('.crw-intro .crw-button--primary').click();
    await v.widget.locator('input[value="beauty"]').focus();
    await v.page.keyboard.press('3');
    assert.equal(await v.widget.locator('input[value="food_beverage"]').isChecked(), true, 'the number key picks');
    await v.widget.locator('button[type=submit]').click();
    assert.equal(v.served(), false);
    assert.equal(await v.widget.locator('input[value="food_beverage"]').count(), 1, 'nothing happens before the widget is there');
    v.release();
    await v.widget.locator('input[value="b2c"]').waitFor();
    assert.equal(await focused(v.widget), 'h2[data-crw-focus]', 'focus on the next question, as after any Next');
    await v.widget.locator('button', { hasText: 'Back' }).click();
    assert.equal(await v.widget.locator('input[value="food_beverage"]').isChecked(), true, 'the first answer is the widget\'s');
    assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), [], 'no error or warning');
  } finally {
    await v.context.close();
  }
});

test('a language chosen before the wasm arrived is kept, whichever arrives first', async () => {
  // its first screen comes before the widget: the loader shows it, the widget hydrates it
  const early = await heldBack(`${server.origin}/`, { locale: 'en-GB' });
  try {
    await early.widget.locator('.crw-intro .crw-button--primary').click({ timeout: 20000 });
    await early.widget.locator('input[value="beauty"]').click();
    await early.widget.locator('#crw-language').selectOption('zh-Hans');
    await early.widget.locator('.crw[lang="zh-Hans"] .crw-question').waitFor();
    assert.equal(await early.widget.locator('input[value="beauty"]').isChecked(), true, 'the answer survives the switch');
    assert.equal(early.served(), false);
    early.release();
    await waitHydrated(early.widget);
    assert.equal(await early.widget.locator('.crw').getAttribute('lang'), 'zh-Hans');
    assert.equal(await early.widget.locator('input[value="beauty"]').isChecked(), true);
    assert.deepEqual(early.log.filter((l) => !l.startsWith('log:')), []);
  } finally {
    await early.context.close();
  }
  // the widget comes before that language's first screen: it switches itself
  const late = await heldBack(`${server.origin}/`, { locale: 'en-GB' });
  try {
    let releaseScreen;
    const screenHeld = new Promise((resolve) => { releaseScreen = resolve; });
    await late.page.route('**/first/de.json', async (route) => { await screenHeld; await route.continue(); });
    await late.widget.locator('#crw-language').selectOption('de', { timeout: 20000 });
    late.release();
    await waitHydrated(late.widget);
    await late.widget.locator('.crw[lang="de"] .crw-intro').waitFor();
    releaseScreen();
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await late.widget.locator('.crw').getAttribute('lang'), 'de', 'the late screen changes nothing');
    assert.deepEqual(late.log.filter((l) => !l.startsWith('log:')), []);
  } finally {
    await late.context.close();
  }
});

test('at phone width the launcher is compact, speaks the visitor\'s language and never covers the inline widget', async () => {
  const v = await heldBack(`${server.origin}/`, { locale: 'zh-CN', viewport: { width: 375, height: 740 }, scroll: false });
  try {
    v.release();
    const launcher = v.page.locator('[data-china-readiness][data-mode=launcher]');
    const button = launcher.locator('button').first();
    await button.waitFor();
    const top = v.page.locator('[data-china-readiness]').first();
    assert.equal(await top.evaluate((h) => h.getBoundingClientRect().top > innerHeight), true, 'the inline widget is below the fold here');
    assert.equal(await button.isVisible(), true, 'the launcher is there while the inline widget is not in view');
    assert.equal((await button.textContent()).trim(), '测一测品牌入华成熟度');
    const box = await button.boundingBox();
    assert.ok(box.height >= 44 && box.height <= 56 && box.width < 375 * 0.75, `compact: ${JSON.stringify(box)}`);
    await top.scrollIntoViewIfNeeded();
    await v.page.mouse.wheel(0, 200);
    await v.page.waitForTimeout(300);
    assert.equal(await launcher.getAttribute('data-beside-inline'), '', 'told the inline widget is in view');
    assert.equal(await button.isVisible(), false, 'out of the way of the inline widget');
    await v.page.screenshot({ path: join(SHOTS, 'launcher-375-beside-inline-zh-Hans.png') });
  } finally {
    await v.context.close();
  }
});

test('launcher: the dialog opens on the first click with the prerendered first screen; the widget takes it over', async () => {
  // a short window at the top of the page: the inline widget is out of view, so the launcher is there
  const v = await heldBack(`${server.origin}/`, { locale: 'fr-FR', bypassCSP: true, viewport: { width: 1280, height: 500 }, scroll: false });
  try {
    const launcher = v.page.locator('[data-china-readiness][data-mode=launcher]');
    await launcher.locator('button').first().click({ timeout: 20000 });
    const dialog = launcher.locator('dialog.crw-dialog');
    await dialog.locator('.crw-intro').waitFor();
    assert.equal(await dialog.evaluate((d) => d.open), true, 'open at once, before the wasm');
    assert.equal(v.served(), false);
    await dialog.locator('.crw-intro .crw-button--primary').click();
    await dialog.locator('input[value="beauty"]').click();
    await v.page.screenshot({ path: join(SHOTS, 'first-screen-launcher-fr-before-wasm.png') });
    assert.deepEqual(await axeViolations(v.page), [], 'axe on the prerendered dialog');
    v.release();
    await waitHydrated(launcher);
    assert.equal(await dialog.evaluate((d) => d.open), true, 'still open');
    assert.equal(await dialog.locator('input[value="beauty"]').isChecked(), true, 'the answer is kept');
    assert.equal(await focused(launcher), 'input[value=beauty]', 'focus is kept');
    await dialog.locator('button[type=submit]').click();
    await dialog.locator('input[value="b2c"]').waitFor();
    await dialog.locator('.crw-dialog-close').click();
    assert.equal(await dialog.evaluate((d) => d.open), false, 'the widget closes it');
    assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), [], 'no error or warning');
  } finally {
    await v.context.close();
  }
});

test('a page that refuses markup (Trusted Types) gets the widget as before, without a first screen', async () => {
  const context = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const log = [];
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  await page.route(`${server.origin}/`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': "require-trusted-types-for 'script'" } });
  });
  try {
    await page.goto(`${server.origin}/`);
    await page.mouse.wheel(0, 4000);
    const widget = page.locator('[data-china-readiness]').first();
    await widget.locator('.crw-intro .crw-button--primary').click({ timeout: 20000 });
    await widget.locator('input[value="beauty"]').click();
    await widget.locator('button[type=submit]').click();
    await widget.locator('input[value="b2c"]').waitFor();
    assert.deepEqual(log, [], 'nothing thrown');
  } finally {
    await context.close();
  }
});

test('a theme the embed sets is on the first screen at once, and the widget agrees', async () => {
  const v = await heldBack(`${server.origin}/`, { locale: 'en-GB', scroll: false, before: async (page) => {
    await page.route(`${server.origin}/`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(/data-target="?#check"?/, 'data-target="#check" data-theme="dark"');
      await route.fulfill({ response, body });
    });
  } });
  try {
    await v.page.mouse.wheel(0, 4000);
    await v.widget.locator('.crw-intro').waitFor({ timeout: 20000 });
    assert.equal(await v.page.locator('script[data-theme=dark]').count(), 1, 'the embed says dark');
    assert.equal(await v.widget.locator('.crw').getAttribute('class'), 'crw crw--dark', 'dark before the wasm');
    const before = await markup(v.widget);
    v.release();
    await waitHydrated(v.widget);
    assert.equal(await markup(v.widget), before, 'the widget renders the same');
  } finally {
    await v.context.close();
  }
});

test('a saved journey: the prerendered intro offers it, and Resume pressed before the wasm resumes it', async () => {
  const v = await heldBack(`${server.origin}/`, { locale: 'en-GB' });
  try {
    v.release();
    await v.widget.locator('.crw-intro .crw-button--primary').click({ timeout: 20000 });
    for (const option of ['food_beverage', 'b2c']) {
      await v.widget.locator(`input[value="${option}"]`).click();
      await v.widget.locator('button[type=submit]').click();
    }
    await v.widget.locator('input[value="age_25_34"]').waitFor();
    const savedJourney = () => v.page.evaluate(() => localStorage.getItem('china-readiness:draft:v1') !== null);
    for (let i = 0; i < 100 && !(await savedJourney()); i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await savedJourney(), true, 'the journey is saved on the device');
    // the same visitor comes back; the wasm is held back again (and not taken from the cache)
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await v.page.unroute('**/china-readiness-widget_bg.wasm');
    const cdp = await v.context.newCDPSession(v.page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    let served = false;
    await v.page.route('**/china-readiness-widget_bg.wasm', async (route) => { await held; served = true; await route.continue(); });
    await v.page.reload();
    await v.page.mouse.wheel(0, 4000);
    await v.widget.locator('.crw-intro').waitFor();
    assert.equal(await v.widget.locator('.crw-intro .crw-button').count(), 2, 'Resume and Restart, before the wasm');
    await v.widget.locator('.crw-intro .crw-button--primary').click();
    assert.equal(served, false);
    release();
    await v.widget.locator('input[value="age_25_34"]').waitFor();
    assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), [], 'no error or warning');
  } finally {
    await v.context.close();
  }
});
