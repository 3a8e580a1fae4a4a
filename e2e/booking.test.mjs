// Book a call at the moment of intent (issue 14): after the lead is sent, a visitor whose
// grade reaches the embed's minimum gets the agency's booking page, prefilled and encoded;
// opening it is recorded on the lead; a lower grade is not offered it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, TEA, answerQuiz, axeViolations, browser, consoleOf, fillContact, quietIntake, stopAll } from './harness.mjs';

let chromium, server;

before(async () => {
  server = await quietIntake();
  chromium = await browser();
});

after(async () => { await stopAll(); });

const BOOKING = 'https://cal.example/agency/30min?name={name}&email={email}&company={company}&lang={lang}&lead={lead_id}';
/** The same tea brand at its very start: grade D. */
const EARLY = [['food_beverage'], ['b2c'], ['age_25_34'], ['mixed'], ['mass_market'], ['awareness'], ['none'], ['none'], ['english_only'], ['not_started'], ['none'], ['not_yet'], ['english_only'], ['under_2k'], ['over_12_months']];

/** A visitor on a partner page that offers the booking page from grade B up. */
async function visitor(viewport = { width: 1280, height: 900 }) {
  const context = await chromium.newContext({ viewport });
  const page = await context.newPage();
  const log = consoleOf(page);
  const attribute = BOOKING.replaceAll('&', '&amp;');
  await page.route(`${server.origin}/partner.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head><body><main><h1>Partner</h1><div id="w"></div></main>
      <script src="/loader.js" async data-target="#w" data-endpoint="/api/v1/leads" data-privacy-url="/privacy.html"
        data-booking-url="${attribute}" data-booking-min-grade="B"></script></body></html>`,
  }));
  // the scheduler is someone else's site: answered here, nothing leaves the machine
  await context.route('https://cal.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<title>Booked</title><p>Pick a time</p>' }));
  await page.goto(`${server.origin}/partner.html`);
  const widget = page.locator('[data-china-readiness]').first();
  await widget.locator('.crw-intro').waitFor({ timeout: 20000 });
  return { context, page, log, widget };
}

/** Answers, sends the contact form, and returns the lead's id as the intake answered it. */
async function sendLead(v, answers, { name, email, company }) {
  await answerQuiz(v.widget, answers);
  await fillContact(v.widget, { name, email, company });
  const [response] = await Promise.all([
    v.page.waitForResponse((r) => r.url().endsWith('/api/v1/leads') && r.request().method() === 'POST'),
    v.widget.locator('.crw-contact button[type=submit]').click(),
  ]);
  assert.equal(response.status(), 201);
  await v.widget.locator('.crw-done').waitFor();
  return (await response.json()).id;
}

test('a lead graded high enough is offered the booking page, prefilled, and opening it is recorded', async () => {
  const v = await visitor({ width: 375, height: 800 });
  try {
    const id = await sendLead(v, TEA, { name: 'Zoë O’Brien', email: 'zoe@teahouse.co.uk', company: 'Tea & Sons <Ltd>' });
    const link = v.widget.locator('a.crw-booking');
    await link.waitFor();
    const expected = 'https://cal.example/agency/30min?name=Zo%C3%AB%20O%E2%80%99Brien&email=zoe%40teahouse.co.uk'
      + `&company=Tea%20%26%20Sons%20%3CLtd%3E&lang=en&lead=${id}`;
    assert.equal(await link.getAttribute('href'), expected);
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.getAttribute('rel'), /noopener/);
    assert.equal((await link.innerText()).replace(/\s+/g, ' ').trim(), 'Book a 30-minute call now (opens in a new tab)');
    const colours = await link.evaluate((a) => { const s = getComputedStyle(a); return [s.color, s.backgroundColor]; });
    assert.notEqual(colours[0], colours[1], `the words stand out from the button: ${colours}`);
    await v.page.screenshot({ path: join(SHOTS, 'booking-offered-375.png'), fullPage: true });
    assert.deepEqual(await axeViolations(v.page), [], 'axe on the offer');

    const events = [];
    await v.page.evaluate(() => document.addEventListener('china-readiness:booking', () => { window.__booked = true; }));
    const [popup, recorded] = await Promise.all([
      v.context.waitForEvent('page'),
      v.page.waitForResponse((r) => r.url().endsWith(`/api/v1/leads/${id}/booking`)),
      link.click(),
    ]);
    await popup.waitForLoadState();
    assert.equal(popup.url(), expected, 'the booking page opened as offered');
    assert.equal(recorded.status(), 204, 'recorded on the lead');
    events.push(await v.page.evaluate(() => window.__booked === true));
    assert.deepEqual(events, [true], 'an analytics event');
    assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), []);
  } finally {
    await v.context.close();
  }
});

test('a lower grade is not offered the call; it sees what happens next and its report', async () => {
  const v = await visitor();
  try {
    await sendLead(v, EARLY, { name: 'Sam Lee', email: 'sam@early.example', company: 'Early Tea' });
    assert.match(await v.widget.locator('.crw-done').innerText(), /A China strategist will contact you within two working days/);
    assert.equal(await v.widget.locator('a.crw-booking').count(), 0);
    assert.equal(await v.widget.locator('.crw-done .crw-button--primary').innerText(), 'Your China readiness report');
  } finally {
    await v.context.close();
  }
});
