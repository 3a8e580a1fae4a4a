// The whole product, as a visitor, an agency web team and a sales team meet it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { SHOTS, axeViolations, browser, freePort, intake, smtpListener, stopAll, thirdPartyHost, until, watchCsp, webhookReceiver } from './harness.mjs';

let chromium, server, hook, mail, host;

before(async () => {
  hook = await webhookReceiver();
  mail = await smtpListener();
  const hostPort = await freePort();
  // the partner's origin is allowed by CORS
  server = await intake({ webhook: hook.url, smtp: mail.url, allowedOrigins: `http://127.0.0.1:${hostPort}` });
  host = await thirdPartyHost(server.origin, hostPort);
  chromium = await browser();
  console.log(`screenshots: ${SHOTS}`);
});

after(async () => { await stopAll(); });

const SAAS = [['software_saas'], ['b2b'], ['b2b_leads'], ['registered'], ['unregistered'], ['chinese_fast'], ['articles'], ['distributor'], ['partner'], ['from_5k_to_15k'], ['months_3_to_6']];
/** A tea brand: two channels to start with, two that wait for budget. */
const TEA = [['food_beverage'], ['b2c'], ['age_25_34'], ['mostly_women'], ['premium_urban'], ['awareness', 'online_sales'], ['registered'], ['none'], ['english_only'], ['certified'], ['images'], ['direct_shipping'], ['partner'], ['from_5k_to_15k'], ['months_3_to_6']];
/** A consumer brand that answers "I don't know" wherever it can: too few real answers for a verdict. */
const UNSURE = [['beauty'], ['b2c'], ['dont_know'], ['dont_know'], ['dont_know'], ['online_sales'], ['dont_know'], ['dont_know'], ['dont_know'], ['dont_know'], ['none'], ['not_yet'], ['none'], ['dont_know'], ['exploring']];

/** A test whose failure prints what the visitor saw: screenshot path, console, last request. */
function scenario(name, body) {
  test(name, async () => {
    const seen = [];
    try {
      await body(seen);
    } catch (error) {
      for (const [i, v] of seen.entries()) {
        const shot = join(SHOTS, `failure-${name.replace(/\W+/g, '-')}-${i}.png`);
        await v.page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        console.log(`FAILED ${name}\n  screenshot: ${shot}\n  console:\n    ${v.log.join('\n    ')}\n  last request: ${v.requests.at(-1)}`);
      }
      throw error;
    } finally {
      for (const v of seen) await v.context.close().catch(() => {});
    }
  });
}

/** A visitor on a page with the widget. */
async function visit(seen, url, { viewport = { width: 1280, height: 900 }, colorScheme = 'light', bypassCSP = false } = {}) {
  // bypassCSP only where the test injects axe-core itself
  const context = await chromium.newContext({ viewport, colorScheme, bypassCSP });
  const page = await context.newPage();
  const visitor = { page, context, log: [], requests: [], encodings: {} };
  seen.push(visitor);
  page.on('console', (m) => visitor.log.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => visitor.log.push(`pageerror: ${e.message}`));
  page.on('request', (r) => visitor.requests.push(r.url()));
  page.on('response', (r) => { visitor.encodings[new URL(r.url()).pathname] = r.headers()['content-encoding'] || 'identity'; });
  await watchCsp(page);
  await page.goto(url);
  await page.mouse.wheel(0, 4000);
  visitor.widget = page.locator('[data-china-readiness]').first();
  await visitor.widget.locator('.crw').waitFor({ timeout: 20000 });
  return visitor;
}

async function answerAll(widget, sets = SAAS) {
  await widget.locator('.crw-intro .crw-button--primary').click();
  for (const options of sets) {
    for (const option of options) await widget.locator(`input[value="${option}"]`).click();
    await widget.locator('button[type=submit]').click();
  }
  if (sets === UNSURE) return null;
  return Number(await widget.locator('.crw-score-value').textContent());
}

async function fillContact(widget, email, options = {}) {
  await widget.locator('.crw-results .crw-button--primary').click();
  await fillFields(widget, email, options);
}

async function fillFields(widget, email, { company = 'Saas Oy' } = {}) {
  await widget.locator('#crw-field-name').fill('Mikko Virtanen');
  await widget.locator('#crw-field-email').fill(email);
  await widget.locator('#crw-field-company').fill(company);
  await widget.locator('#crw-field-country').selectOption('FI');
  await widget.locator('#crw-field-role').fill('CMO');
  await widget.locator('#crw-field-contact').check();
}

const webhooksFor = (email) => hook.calls.filter((c) => c.body.lead.contact.email === email);
const mailsFor = (email) => mail.messages.filter((m) => m.includes(email));

async function adminPage(context, path) {
  const page = await context.newPage();
  await page.goto(`${server.origin}/admin/login`);
  await page.fill('#email', 'sales@agency.example');
  await page.fill('#password', 'e2e staff password 1');
  await page.click('button');
  await page.goto(`${server.origin}${path}`);
  const text = await page.locator('main').innerText();
  await page.close();
  return text;
}

async function axe(page, label) {
  const violations = await axeViolations(page);
  assert.deepEqual(violations, [], `${label}: ${violations.join('\n')}`);
}

for (const [lang, sent] of [['en', 'Thank you, your request is on its way'], ['fr', 'Merci, votre demande est partie'], ['de', 'Danke, Ihre Anfrage ist unterwegs'], ['zh-Hans', '谢谢，您的咨询已发出']]) {
  scenario(`journey in ${lang}: stored with the widget's score, one webhook, one email, listed for staff`, async (seen) => {
    const { page, context, widget } = await visit(seen, `${server.origin}/?utm_source=e2e`);
    await widget.locator('#crw-language').selectOption(lang);
    const shown = await answerAll(widget);
    const email = `mikko.${lang.toLowerCase()}@saas.fi`;
    await fillContact(widget, email);
    await widget.locator('button[type=submit]').click();
    await widget.locator('.crw-done').waitFor();
    assert.equal(await widget.locator('h2').first().textContent(), sent);
    assert.ok(await until(() => webhooksFor(email).length === 1 && mailsFor(email).length === 1), 'one webhook and one email');
    await new Promise((r) => setTimeout(r, 1500));
    const [event] = webhooksFor(email);
    assert.equal(webhooksFor(email).length, 1);
    assert.equal(mailsFor(email).length, 1);
    assert.equal(event.body.lead.readiness, shown, "the server's own score equals what the widget showed");
    assert.match(event.body.lead.grade, /^[A-D]$/);
    assert.equal(event.body.schema_version, 3);
    assert.equal(event.body.lead.links.report, `${server.origin}/admin/leads/${event.body.lead.id}/report`);
    assert.equal(event.body.lead.verdict, 'scored');
    assert.deepEqual(event.body.lead.top_channels.slice().sort(), ['baidu', 'wechat', 'zhihu']);
    assert.deepEqual(event.body.lead.start_here.map((c) => c.channel), event.body.lead.top_channels);
    assert.match(mailsFor(email)[0], new RegExp(`Subject: Lead ${event.body.lead.grade}:`));
    const list = await adminPage(context, '/admin/leads');
    assert.ok(list.includes('Saas Oy'), list);
    await page.screenshot({ path: join(SHOTS, `sent-${lang}.png`) });
  });
}

scenario('journey in zh-Hans at phone width ending with too few answers: no score, no ranking, sent and flagged for sales', async (seen) => {
  const { page, context, widget } = await visit(seen, `${server.origin}/`, { viewport: { width: 375, height: 900 }, bypassCSP: true });
  await widget.locator('#crw-language').selectOption('zh-Hans');
  await answerAll(widget, UNSURE);
  await widget.locator('.crw-not-enough').waitFor();
  assert.equal(await widget.locator('.crw-not-enough h2').textContent(), '还差几个回答');
  assert.equal(await widget.locator('.crw-score').count(), 0, 'no score');
  assert.equal(await widget.locator('.crw-chart').count(), 0, 'no ranking');
  assert.equal(await widget.locator('.crw-not-enough .crw-status').textContent(), '目前有效回答 7 个，至少需要 8 个才能给出结论。');
  await axe(page, 'not enough answers');
  await page.screenshot({ path: join(SHOTS, '3-not-enough-375-zh-Hans.png'), fullPage: true });
  const email = 'unsure.visitor@brand.example';
  await widget.locator('.crw-results .crw-contact').click();
  await fillFields(widget, email, { company: 'Unsure GmbH' });
  await widget.locator('button[type=submit]').click();
  await widget.locator('.crw-done').waitFor();
  assert.ok(await until(() => webhooksFor(email).length === 1 && mailsFor(email).length === 1), 'one webhook and one email');
  const [event] = webhooksFor(email);
  assert.equal(event.body.lead.verdict, 'not_enough_answers');
  assert.equal(event.body.lead.readiness, null);
  assert.equal(event.body.lead.grade, null);
  assert.deepEqual(event.body.lead.shortfall, { known: 7, needed: 8, missing: [] });
  assert.match(mailsFor(email)[0], /Subject: Lead \(no verdict, too few answers\): Unsure GmbH/);
  const list = await adminPage(context, '/admin/leads');
  assert.ok(list.includes('Unsure GmbH') && list.includes('too few answers'), list);
});

scenario('third-party host: strict CSP, hostile CSS, only two origins, compressed files, no console errors', async (seen) => {
  const { page, widget, log, requests, encodings } = await visit(seen, `${host.origin}/`);
  // the precompressed copies reach the browser (Chromium offers brotli to loopback); the
  // prerendered first screen is up before the widget's files have all arrived: wait for them
  const files = ['/loader.js', '/china-readiness-widget.js', '/china-readiness-widget_bg.wasm'];
  await until(() => files.every((file) => encodings[file]));
  for (const file of files) {
    assert.equal(encodings[file], 'br', `${file} sent with ${encodings[file]}`);
  }
  const shown = await answerAll(widget);
  const email = 'partner.visitor@saas.fi';
  await fillContact(widget, email);
  await widget.locator('button[type=submit]').click();
  await widget.locator('.crw-done').waitFor();
  assert.ok(await until(() => webhooksFor(email).length === 1));
  assert.equal(webhooksFor(email)[0].body.lead.readiness, shown);
  const next = widget.locator('.crw-done button').first();
  assert.ok((await next.boundingBox()).height >= 24, 'buttons survive `button { display: none }`');
  assert.deepEqual(await page.evaluate(() => window.__csp), []);
  assert.deepEqual(log.filter((l) => l.startsWith('error') || l.startsWith('pageerror')), []);
  const foreign = requests.filter((u) => !u.startsWith(host.origin) && !u.startsWith(server.origin));
  assert.deepEqual(foreign, []);
  await page.screenshot({ path: join(SHOTS, 'third-party-host.png'), fullPage: true });
});

scenario('offline during submit: kept, then sent once when back online', async (seen) => {
  const { context, widget } = await visit(seen, `${server.origin}/`);
  await answerAll(widget);
  const email = 'offline.visitor@saas.fi';
  await fillContact(widget, email);
  await context.setOffline(true);
  await widget.locator('button[type=submit]').click();
  await widget.locator('.crw-status--queued').waitFor();
  await context.setOffline(false);
  await widget.locator('.crw-status--queued').waitFor({ state: 'detached', timeout: 20000 });
  assert.ok(await until(() => webhooksFor(email).length === 1 && mailsFor(email).length === 1));
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(webhooksFor(email).length, 1);
  assert.equal(mailsFor(email).length, 1);
});

scenario('server down at submit, visitor reloads after it is back: delivered once', async (seen) => {
  const { page, widget } = await visit(seen, `${server.origin}/`);
  await answerAll(widget);
  const email = 'reload.visitor@saas.fi';
  await fillContact(widget, email);
  await server.stop();
  await widget.locator('button[type=submit]').click();
  await widget.locator('.crw-status--queued').waitFor();
  await server.start();
  await page.reload();
  await page.locator('[data-china-readiness] .crw').first().waitFor();
  assert.ok(await until(() => webhooksFor(email).length === 1, 20000), 'delivered after the reload');
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(webhooksFor(email).length, 1);
  assert.equal(mailsFor(email).length, 1);
});

scenario('503 twice then accepted, and a double click: one lead each', async (seen) => {
  const { page, widget } = await visit(seen, `${server.origin}/`);
  let refused = 0;
  await page.route('**/api/v1/leads', (route) => (refused++ < 2 ? route.fulfill({ status: 503, body: '{}' }) : route.continue()));
  await answerAll(widget);
  const email = 'retry.visitor@saas.fi';
  await fillContact(widget, email);
  await widget.locator('button[type=submit]').dblclick();
  assert.ok(await until(() => webhooksFor(email).length === 1, 20000));
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(refused, 3, 'two refusals, then one request let through');
  assert.equal(webhooksFor(email).length, 1);
  assert.equal(mailsFor(email).length, 1);
});

scenario('the honeypot filled: answered normally, stored as spam, never notified', async (seen) => {
  const { context, widget } = await visit(seen, `${server.origin}/`);
  await answerAll(widget);
  const email = 'bot@spam.example';
  await fillContact(widget, email, { company: 'Bot Ltd' });
  await widget.locator('#crw-field-website').evaluate((input) => {
    input.value = 'http://spam.example';
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  });
  await widget.locator('button[type=submit]').click();
  await widget.locator('.crw-done').waitFor();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(webhooksFor(email).length, 0);
  assert.equal(mailsFor(email).length, 0);
  assert.ok((await adminPage(context, '/admin/leads?spam=only')).includes('Bot Ltd'));
});

scenario('a flood from one address gets 429 while a normal visitor still gets through', async (seen) => {
  const flood = await Promise.all(Array.from({ length: 60 }, (_, i) => new Promise((resolve) => {
    const body = JSON.stringify({ nonsense: i });
    const req = httpRequest(`${server.origin}/api/v1/leads`, { method: 'POST', localAddress: '127.0.0.2', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.end(body);
  })));
  assert.ok(flood.filter((s) => s === 429).length >= 25, `flood answers: ${flood.join(',')}`);
  const { widget } = await visit(seen, `${server.origin}/`);
  await answerAll(widget);
  const email = 'normal.visitor@saas.fi';
  await fillContact(widget, email);
  await widget.locator('button[type=submit]').click();
  await widget.locator('.crw-done').waitFor();
  assert.ok(await until(() => webhooksFor(email).length === 1));
});

for (const [width, scheme, lang] of [[375, 'light', 'en'], [375, 'dark', 'en'], [1280, 'light', 'en'], [1280, 'dark', 'en'], [375, 'light', 'zh-Hans'], [1280, 'light', 'zh-Hans']]) {
  scenario(`axe finds nothing at ${width}px ${scheme} in ${lang}, on every step; screenshots`, async (seen) => {
    const { page, context, widget } = await visit(seen, `${server.origin}/`, { viewport: { width, height: 900 }, colorScheme: scheme, bypassCSP: true });
    await widget.locator('#crw-language').selectOption(lang);
    const suffix = lang === 'en' ? '' : `-${lang}`;
    const shot = async (step) => page.screenshot({ path: join(SHOTS, `${step}-${width}-${scheme}${suffix}.png`), fullPage: true });
    await axe(page, 'intro'); await shot('1-intro');
    await widget.locator('.crw-intro .crw-button--primary').click();
    await axe(page, 'question'); await shot('2-question');
    // English answers as a B2B software maker, zh-Hans as a tea brand with channels that wait
    for (const options of lang === 'en' ? SAAS : TEA) {
      for (const o of options) await widget.locator(`input[value="${o}"]`).click();
      await widget.locator('button[type=submit]').click();
    }
    if (lang !== 'en') assert.equal(await widget.locator('[aria-labelledby="crw-later-title"] .crw-channel').count(), 2);
    await axe(page, 'results'); await shot('3-results');
    await widget.locator('.crw-results .crw-button--primary').click();
    await widget.locator('button[type=submit]').click();
    await widget.locator('.crw-error-summary').waitFor();
    await axe(page, 'form with errors'); await shot('4-form-errors');
    await fillFields(widget, `a11y.${width}.${scheme}.${lang.toLowerCase()}@saas.fi`);
    await context.setOffline(true);
    await widget.locator('button[type=submit]').click();
    await widget.locator('.crw-status--queued').waitFor();
    await axe(page, 'queued'); await shot('5-queued');
    await context.setOffline(false);
    await widget.locator('.crw-status--queued').waitFor({ state: 'detached', timeout: 20000 });
    await axe(page, 'sent'); await shot('6-sent');
  });
}

scenario('a too-fast submission is answered normally but stored as spam, never notified', async (seen) => {
  const strict = await intake({ webhook: hook.url, smtp: mail.url, minFillSeconds: 600 });
  const { context, widget } = await visit(seen, `${strict.origin}/`);
  await answerAll(widget);
  const email = 'hasty@bot.example';
  await fillContact(widget, email, { company: 'Hasty Ltd' });
  await widget.locator('button[type=submit]').click();
  await widget.locator('.crw-done').waitFor();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(webhooksFor(email).length, 0);
  assert.equal(mailsFor(email).length, 0);
  const page = await context.newPage();
  await page.goto(`${strict.origin}/admin/login`);
  await page.fill('#email', 'sales@agency.example');
  await page.fill('#password', 'e2e staff password 1');
  await page.click('button');
  await page.goto(`${strict.origin}/admin/leads?spam=only`);
  assert.ok((await page.locator('main').innerText()).includes('Hasty Ltd'));
  await strict.stop();
});

/** Presses Tab until the focused element (through shadow roots) matches `selector`. */
async function tabTo(page, selector, max = 60) {
  for (let i = 0; i < max; i++) {
    const found = await page.evaluate((sel) => {
      let active = document.activeElement;
      while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
      return !!active && active.matches(sel);
    }, selector);
    if (found) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

scenario('the whole journey with the keyboard alone', async (seen) => {
  const { page, widget } = await visit(seen, `${server.origin}/`);
  await tabTo(page, '.crw-intro .crw-button--primary');
  await page.keyboard.press('Enter');
  for (const options of SAAS) {
    const question = widget.locator('fieldset');
    for (const option of options) {
      const index = await question.locator('input').evaluateAll((inputs, value) => inputs.findIndex((i) => i.value === value), option);
      await page.keyboard.press(String(index + 1)); // number keys choose
    }
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
  }
  await widget.locator('.crw-results').waitFor();
  await tabTo(page, '.crw-results .crw-button--primary');
  await page.keyboard.press('Enter');
  const email = 'keyboard.visitor@saas.fi';
  for (const [field, value] of [['#crw-field-name', 'Mikko Virtanen'], ['#crw-field-email', email], ['#crw-field-company', 'Keys Oy'], ['#crw-field-role', 'CMO']]) {
    await tabTo(page, field);
    await page.keyboard.type(value);
  }
  await tabTo(page, '#crw-field-country');
  await page.keyboard.type('Finland');
  await tabTo(page, '#crw-field-contact');
  await page.keyboard.press('Space');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await widget.locator('.crw-done').waitFor();
  assert.ok(await until(() => webhooksFor(email).length === 1));
  assert.equal(webhooksFor(email)[0].body.lead.contact.country, 'FI');
});
