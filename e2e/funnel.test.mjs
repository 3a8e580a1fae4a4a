// The agency's funnel (issue 15): ten scripted journeys with known drop-offs, campaigns
// and languages, counted without cookies from the beacons the widget sends; the staff
// dashboard shows exactly those counts (small ones as "<5"), axe-clean; a page that says
// data-analytics="off" and a browser with Global Privacy Control send nothing; a visitor
// who really navigates away still sends what was held.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, TEA, axeViolations, browser, fillContact, freePort, quietIntake, stopAll, thirdPartyHost, until } from './harness.mjs';

let chromium, server;
const beacons = [];
const finished = [];
const refused = [];

before(async () => {
  server = await quietIntake();
  chromium = await browser();
});

after(async () => { await stopAll(); });

/** A visitor on a page of the agency's site that embeds the widget (`attributes` added). */
async function visitor(query, { locale = 'en-GB', attributes = '', gpc = false } = {}) {
  const context = await chromium.newContext({ locale, viewport: { width: 1280, height: 900 } });
  if (gpc) await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  const page = await context.newPage();
  page.on('request', (request) => {
    if (request.url().endsWith('/api/v1/events')) beacons.push({ body: request.postData(), headers: request.headers() });
  });
  page.on('requestfinished', (request) => { if (request.url().endsWith('/api/v1/events')) finished.push(request.url()); });
  page.on('response', async (response) => {
    if (response.url().endsWith('/api/v1/events') && response.status() !== 204) refused.push(`${response.status()} ${await response.text().catch(() => '')} ${response.request().postData()}`);
  });
  page.on('requestfailed', (request) => { if (request.url().endsWith('/api/v1/events')) refused.push(`failed ${request.failure()?.errorText} ${request.postData()}`); });
  await page.route(`${server.origin}/china.html**`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>China</title></head><body><main><h1>China</h1><div id="w"></div></main>
      <script src="/loader.js" async data-target="#w" data-endpoint="/api/v1/leads" data-privacy-url="/privacy.html" ${attributes}></script></body></html>`,
  }));
  await page.goto(`${server.origin}/china.html${query}`);
  const widget = page.locator('[data-china-readiness]').first();
  await widget.locator('.crw-intro').waitFor({ timeout: 20000 });
  return { context, page, widget };
}

/** Answers the first `count` questions of `answers` (starting the quiz first). */
async function answer(widget, answers, count) {
  await widget.locator('.crw-intro .crw-button--primary').click();
  for (const options of answers.slice(0, count)) {
    for (const option of options) await widget.locator(`input[value="${option}"]`).click();
    await widget.locator('button[type=submit]').click();
  }
}

/** The visitor leaves: the page is hidden (`pagehide`, as a browser fires it on leaving),
 * so what is held goes; the browser is closed once every beacon has arrived. (Navigating
 * away for real would do the same, but Playwright aborts a page's keep-alive requests when
 * it intercepts the page's requests, as these tests do to serve the host page.) */
async function leave(v) {
  const sent = beacons.length;
  await v.page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false })));
  await new Promise((r) => setTimeout(r, 200));
  await until(() => beacons.length >= sent && finished.length + refused.length >= beacons.length, 5000);
  await v.context.close();
}

/** A brand selling to businesses: the audience and positioning questions are skipped. */
const B2B = [['industrial'], ['b2b']];

test('ten journeys are counted exactly, skips are nobody\'s drop-off, small numbers read <5', async () => {
  // 1-5: spring newsletter, English, the whole way to a lead
  for (let n = 1; n <= 5; n++) {
    const v = await visitor('?utm_source=newsletter&utm_medium=email&utm_campaign=spring');
    await answer(v.widget, TEA, TEA.length);
    await fillContact(v.widget, { name: `Visitor ${n}`, email: `visitor${n}@brand.example`, company: `Brand ${n}` });
    await v.widget.locator('.crw-contact button[type=submit]').click();
    await v.widget.locator('.crw-done').waitFor();
    await leave(v);
  }
  // 6-7: autumn ads, a B2B brand: industry and model answered, audience and positioning
  // skipped, gone at the goals
  for (let n = 6; n <= 7; n++) {
    const v = await visitor('?utm_source=ads&utm_campaign=autumn');
    await answer(v.widget, B2B, 2);
    await v.widget.locator('input[value="awareness"]').waitFor();
    await leave(v);
  }
  // 8: German, gone at the second question
  {
    const v = await visitor('', { locale: 'de-DE' });
    await answer(v.widget, TEA, 1);
    await v.widget.locator('input[value="b2c"]').waitFor();
    await leave(v);
  }
  // 9: Chinese, to the results, no form
  {
    const v = await visitor('?utm_campaign=spring', { locale: 'zh-CN' });
    await answer(v.widget, TEA, TEA.length);
    await v.widget.locator('.crw-results').waitFor();
    await leave(v);
  }
  // 10: saw the widget (loaded: the wasm is what counts it), never started
  {
    const sent = beacons.length;
    const v = await visitor('');
    assert.ok(await until(() => beacons.length > sent, 20000), 'seen once the widget is loaded');
    await leave(v);
  }

  const signedIn = await chromium.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await signedIn.newPage();
  try {
    await page.goto(`${server.origin}/admin/login`);
    await page.fill('#email', 'sales@agency.example');
    await page.fill('#password', 'e2e staff password 1');
    await page.click('form[action="/admin/login"] button');
    await page.waitForURL(/\/admin\/leads$/);
    const row = async (label) => {
      const cells = page.locator('table').first().locator('tr', { has: page.locator(`th:text-is("${label}")`) }).locator('td');
      return cells.first().innerText();
    };
    assert.ok(await until(async () => {
      await page.goto(`${server.origin}/admin/funnel`);
      return (await row('Saw the widget').catch(() => '')) === '10';
    }, 15000), 'every journey counted');
    const expected = {
      'Saw the widget': '10', 'Started the quiz': '9',
      'Reached: Industry': '9', 'Answered: Industry': '9',
      'Reached: Business model': '9', 'Answered: Business model': '8',
      'Reached: Audience age': '6', 'Answered: Audience age': '6',
      'Reached: Positioning': '6', 'Answered: Positioning': '6',
      'Reached: Goals': '8', 'Answered: Goals': '6',
      'Saw their results': '6', 'Opened the contact form': '5', 'Sent a lead': '5',
      'Asked for the report by email': '<5', 'Opened the booking page': '<5',
    };
    for (const [label, value] of Object.entries(expected)) assert.equal(await row(label), value, `${label}: ${refused.join('\n')}`);
    const drop = async (question) => page.locator('tr', { has: page.locator(`th:text-is("${question}")`) }).last().locator('td').last().innerText();
    assert.equal(await drop('Audience age'), '0%', 'the B2B journeys skipped it: no drop-off there');
    assert.equal(await drop('Positioning'), '0%', 'skipped by the B2B journeys too');
    assert.equal(await drop('Goals'), '–', '2 of 8 left there: too few for a rate');
    const conversion = async (title, value) => page.locator('h3', { hasText: title }).locator('xpath=following-sibling::table[1]')
      .locator('tr', { has: page.locator(`th:text-is("${value}")`) }).locator('td').allInnerTexts();
    assert.deepEqual(await conversion('By campaign', 'spring'), ['6', '5', '83%']);
    assert.deepEqual(await conversion('By campaign', 'autumn'), ['<5', '<5', '–']);
    assert.deepEqual(await conversion('By language', 'en'), ['7', '5', '71%']);
    assert.deepEqual(await conversion('By language', 'zh-Hans'), ['<5', '<5', '–']);
    assert.deepEqual(await axeViolations(page), []);
    await page.screenshot({ path: join(SHOTS, 'funnel-dashboard-1280.png'), fullPage: true });
    await page.setViewportSize({ width: 375, height: 900 });
    assert.deepEqual(await axeViolations(page), []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const wide = await page.evaluate(() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map((e) => `${e.tagName}.${e.className?.baseVal ?? e.className} ${Math.round(e.getBoundingClientRect().right)} ${e.textContent.slice(0, 30)} ${getComputedStyle(e).display}`).join(', '));
    assert.ok(overflow <= 0, `${overflow}px wider than the screen: ${wide}`);
    await page.screenshot({ path: join(SHOTS, 'funnel-dashboard-375.png'), fullPage: true });
  } finally {
    await signedIn.close();
  }
  // what went: no contact, no answer value, no cookie
  assert.ok(beacons.length >= 10);
  for (const { body, headers } of beacons) {
    assert.doesNotMatch(body, /visitor\d@brand|Visitor \d|Brand \d|food_beverage|premium_urban/, body);
    assert.equal(headers.cookie, undefined);
    assert.match(headers['content-type'], /^text\/plain/);
  }
});

test('data-analytics="off" and Global Privacy Control send nothing', async () => {
  for (const [name, options] of [['off', { attributes: 'data-analytics="off"' }], ['gpc', { gpc: true }]]) {
    const before = beacons.length;
    const v = await visitor(`?utm_campaign=${name}`, options);
    await answer(v.widget, TEA, 3);
    await leave(v);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(beacons.length, before, `${name}: no beacon`);
  }
});

test('a visitor who really navigates away still sends what was held', async () => {
  // a page nobody intercepts (so Playwright lets keep-alive requests go), on the agency's
  // partner's own origin, and an intake of its own so the counts start at zero
  const hostPort = await freePort();
  const own = await quietIntake({ allowedOrigins: `http://127.0.0.1:${hostPort}` });
  const host = await thirdPartyHost(own.origin, hostPort);
  const contexts = [];
  try {
    for (let n = 0; n < 5; n++) {
      const context = await chromium.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${host.origin}/?utm_campaign=real-exit`);
      const widget = page.locator('[data-china-readiness]').first();
      await widget.locator('.crw-intro').waitFor({ timeout: 20000 });
      // started, the first question shown and answered, the second shown: held, not yet sent
      await answer(widget, TEA, 1);
      await widget.locator('input[value="b2c"]').waitFor();
      // the browser itself hides and unloads the page; nothing is dispatched by the test
      await page.goto('about:blank');
    }
    const staff = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(staff);
    const page = await staff.newPage();
    await page.goto(`${own.origin}/admin/login`);
    await page.fill('#email', 'sales@agency.example');
    await page.fill('#password', 'e2e staff password 1');
    await page.click('form[action="/admin/login"] button');
    await page.waitForURL(/\/admin\/leads$/);
    const row = async (label) => page.locator('table').first().locator('tr', { has: page.locator(`th:text-is("${label}")`) })
      .locator('td').first().innerText({ timeout: 1000 }).catch(() => '');
    const steps = ['Saw the widget', 'Started the quiz', 'Answered: Industry', 'Reached: Business model'];
    // by the clock (a missing row takes a second to give up on)
    const deadline = Date.now() + 15000;
    let counts = [];
    do {
      await page.goto(`${own.origin}/admin/funnel`);
      counts = await Promise.all(steps.map(row));
    } while (counts.some((c) => c !== '5') && Date.now() < deadline);
    assert.deepEqual(counts, ['5', '5', '5', '5'], `what was held arrived as each page went: ${steps}`);
  } finally {
    for (const context of contexts) await context.close();
  }
});
