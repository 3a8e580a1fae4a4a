// Only the visitor's language up front (issue 16): the wasm carries the reference language's
// texts; another language's (texts/<locale>.bin) comes beside the wasm for a visitor who
// reads it, or when a visitor switches, with progress shown and every answer kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, axeViolations, consoleOf, browser, quietIntake, stopAll, watchCsp } from './harness.mjs';

let chromium, server;

before(async () => {
  server = await quietIntake();
  chromium = await browser();
});

after(async () => { await stopAll(); });

/** A visitor; `texts` lists every texts/<locale>.bin the page asked for. */
async function visitor(locale, { viewport = { width: 1280, height: 900 }, bypassCSP = false } = {}) {
  // (axe is injected as a script: the pages that run it bypass the demo page's strict CSP)
  const context = await chromium.newContext({ locale, viewport, bypassCSP });
  const page = await context.newPage();
  const log = consoleOf(page);
  await watchCsp(page);
  const texts = [];
  page.on('request', (r) => {
    const found = /\/texts\/([^/]+)\.bin$/.exec(new URL(r.url()).pathname);
    if (found) texts.push(found[1]);
  });
  await page.goto(`${server.origin}/`);
  await page.mouse.wheel(0, 4000);
  const widget = page.locator('[data-china-readiness]').first();
  return { context, page, log, texts, widget };
}

const problems = (log) => log.filter((l) => !l.startsWith('log:'));

/** Waits until the widget (not the prerendered screen) runs: hydration consumes Yew's markers. */
async function running(widget) {
  await widget.locator('.crw').waitFor({ timeout: 20000 });
  for (let i = 0; i < 400; i++) {
    if (await widget.evaluate((h) => !h.shadowRoot.querySelector('.crw-root').innerHTML.includes('<!--<['))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('the widget never took over');
}

test('an English visitor fetches no texts; a German one only German, once, and reads it throughout', async () => {
  const en = await visitor('en-GB');
  try {
    await running(en.widget);
    assert.equal(await en.widget.locator('.crw').getAttribute('lang'), 'en');
    assert.deepEqual(en.texts, [], 'the reference texts are in the wasm');
  } finally {
    await en.context.close();
  }
  const de = await visitor('de-DE');
  try {
    await running(de.widget);
    await de.widget.locator('.crw-intro .crw-button--primary').click();
    await de.widget.locator('.crw[lang="de"] .crw-question').waitFor();
    assert.match(await de.widget.locator('.crw-question').innerText(), /Branche/);
    assert.deepEqual(de.texts, ['de'], 'German alone, once');
    assert.deepEqual(await de.page.evaluate(() => window.__csp), [], 'nothing refused by the strict CSP');
    assert.deepEqual(problems(de.log), []);
  } finally {
    await de.context.close();
  }
});

test('a switch to a language not at hand shows it loading, keeps every answer, and shows it when it comes', async () => {
  const v = await visitor('en-GB', { viewport: { width: 375, height: 800 }, bypassCSP: true });
  try {
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await v.page.route('**/texts/fr.bin', async (route) => { await held; await route.continue(); });
    await running(v.widget);
    await v.widget.locator('.crw-intro .crw-button--primary').click();
    await v.widget.locator('input[value="beauty"]').click();
    await v.widget.locator('button[type=submit]').click();
    await v.widget.locator('input[value="b2c"]').click();

    await v.widget.locator('#crw-language').selectOption('fr');
    const status = v.widget.locator('#crw-language-status');
    await assert.doesNotReject(status.filter({ hasText: 'Loading Français…' }).waitFor({ timeout: 5000 }));
    assert.equal(await v.widget.locator('#crw-language').getAttribute('aria-busy'), 'true');
    assert.equal(await v.widget.locator('.crw').getAttribute('lang'), 'en', 'English until French is here');
    assert.equal(await v.widget.locator('input[value="b2c"]').isChecked(), true);
    await v.page.screenshot({ path: join(SHOTS, 'language-loading-375.png') });
    assert.deepEqual(await axeViolations(v.page), [], 'axe while loading');

    release();
    await v.widget.locator('.crw[lang="fr"] .crw-question').waitFor();
    assert.equal(await status.innerText(), '', 'nothing waits any more');
    assert.equal(await v.widget.locator('#crw-language').getAttribute('aria-busy'), null);
    assert.equal(await v.widget.locator('#crw-language').inputValue(), 'fr');
    assert.equal(await v.widget.locator('input[value="b2c"]').isChecked(), true, 'the answer is kept');
    await v.widget.locator('.crw-question button[type=button]').click();
    assert.equal(await v.widget.locator('input[value="beauty"]').isChecked(), true, 'and the one before');
    // back to English and to French again: nothing more to fetch
    await v.widget.locator('#crw-language').selectOption('en');
    await v.widget.locator('.crw[lang="en"]').waitFor();
    await v.widget.locator('#crw-language').selectOption('fr');
    await v.widget.locator('.crw[lang="fr"]').waitFor();
    assert.deepEqual(v.texts, ['fr']);
    assert.deepEqual(problems(v.log), []);
  } finally {
    await v.context.close();
  }
});

test('texts that cannot be had: the switch says so, the language shown stays, and choosing again works', async () => {
  const v = await visitor('en-GB', { bypassCSP: true });
  try {
    let failing = true;
    await v.page.route('**/texts/zh-Hans.bin', (route) => (failing ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
    await running(v.widget);
    await v.widget.locator('.crw-intro .crw-button--primary').click();
    await v.widget.locator('input[value="beauty"]').click();

    await v.widget.locator('#crw-language').selectOption('zh-Hans');
    const status = v.widget.locator('#crw-language-status');
    await status.filter({ hasText: 'could not be loaded' }).waitFor({ timeout: 5000 });
    assert.equal(await status.innerText(), '简体中文 could not be loaded. Check your connection and choose it again.');
    assert.equal(await status.locator('span[lang="zh-Hans"]').innerText(), '简体中文', 'the name marked as Chinese');
    assert.equal(await v.widget.locator('#crw-language').inputValue(), 'en', 'the select shows the language shown');
    assert.equal(await v.widget.locator('.crw').getAttribute('lang'), 'en');
    assert.equal(await v.widget.locator('input[value="beauty"]').isChecked(), true);
    await v.page.screenshot({ path: join(SHOTS, 'language-failed-1280.png') });
    assert.deepEqual(await axeViolations(v.page), [], 'axe with the failure shown');

    failing = false;
    await v.widget.locator('#crw-language').selectOption('zh-Hans');
    await v.widget.locator('.crw[lang="zh-Hans"] .crw-question').waitFor();
    assert.equal(await status.innerText(), '');
    assert.equal(await v.widget.locator('input[value="beauty"]').isChecked(), true);
    assert.deepEqual(v.texts, ['zh-Hans', 'zh-Hans']);
  } finally {
    await v.context.close();
  }
});
