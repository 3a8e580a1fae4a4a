// "How do you compare?" (issue 15): the results screen says how the visitor's readiness
// compares with the brands of their industry once the intake has enough scored, genuine
// leads there (10 here, the least the setting allows), and says nothing before; spam does
// not count. The figures come cross-origin to a partner's page, the same for everyone,
// and the line reads in the visitor's language, axe-clean at phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, TEA, axeViolations, browser, fillContact, freePort, quietIntake, stopAll, thirdPartyHost, until } from './harness.mjs';

let chromium, server, host;

before(async () => {
  const hostPort = await freePort();
  server = await quietIntake({
    allowedOrigins: `http://127.0.0.1:${hostPort}`,
    ratePerMinute: 1000,
    settings: { INTAKE_BENCHMARK_MIN_LEADS: '10', INTAKE_BENCHMARK_REFRESH_SECONDS: '1' },
  });
  host = await thirdPartyHost(server.origin, hostPort);
  chromium = await browser();
});

after(async () => { await stopAll(); });

/** A visitor of the partner's page (another origin than the intake's) with the results shown. */
async function partnerVisitor() {
  const context = await chromium.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const asked = [];
  page.on('response', (r) => { if (r.url().endsWith('/api/v1/benchmarks')) asked.push(r.status()); });
  const leads = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/leads') && r.method() === 'POST') leads.push(r.postData()); });
  await page.goto(`${host.origin}/`);
  const widget = page.locator('[data-china-readiness]').first();
  await widget.locator('.crw-intro').waitFor({ timeout: 20000 });
  await answer(widget);
  return { context, page, widget, asked, leads };
}

async function answer(widget) {
  await widget.locator('.crw-intro .crw-button--primary').click();
  for (const options of TEA) {
    for (const option of options) await widget.locator(`input[value="${option}"]`).click();
    await widget.locator('button[type=submit]').click();
  }
  await widget.locator('.crw-score-value').waitFor();
}

const TRADEMARK = ['registered', 'pending', 'none'];
const WEBSITE = ['china_hosted', 'chinese_fast', 'chinese_google', 'english_only'];
const CHINESE_NAME = ['registered', 'unregistered', 'none'];

/** The lead the widget sent, again as another tea brand `n` with other answers (and a new key). */
function another(sent, n, { spam = false } = {}) {
  const lead = JSON.parse(sent);
  lead.idempotency_key = `e2e-compare-${String(n).padStart(8, '0')}`;
  lead.contact.email = `brand${n}@tea.example`;
  lead.answers.trademark = [TRADEMARK[n % 3]];
  lead.answers.website = [WEBSITE[n % 4]];
  lead.answers.chinese_name = [CHINESE_NAME[Math.floor(n / 3) % 3]];
  delete lead.client_score;
  if (spam) lead.form.honeypot = 'http://spam.example';
  return lead;
}

test('the line is absent until ten genuine brands of the industry are counted, then says where the visitor stands', async () => {
  // the first tea brand: nothing to compare with yet
  const first = await partnerVisitor();
  await until(() => first.asked.length > 0, 10000);
  assert.deepEqual(first.asked, [200], 'the partner page may read the figures');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await first.widget.locator('.crw-peers').count(), 0, 'no benchmark before ten brands');
  const mine = Number(await first.widget.locator('.crw-score-value').textContent());
  await fillContact(first.widget, { name: 'First Brand', email: 'first@tea.example', company: 'First Tea' });
  await first.widget.locator('.crw-contact button[type=submit]').click();
  await first.widget.locator('.crw-done').waitFor();
  await first.context.close();
  assert.equal(first.leads.length, 1);

  // eleven more tea brands, and three that are spam (never compared with)
  for (let n = 1; n <= 14; n++) {
    const response = await fetch(`${server.origin}/api/v1/leads`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(another(first.leads[0], n, { spam: n > 11 })),
    });
    assert.equal(response.status, 201, await response.text());
  }
  // the genuine ones reached sales: their readiness as the server scored it
  assert.ok(await until(() => server.hook.length === 12, 10000), `12 webhooks, got ${server.hook.length}`);
  const genuine = server.hook.map((c) => c.body.lead.readiness);
  assert.ok(new Set(genuine).size > 3, `spread out: ${genuine}`);
  const listed = async () => {
    const figures = await (await fetch(`${server.origin}/api/v1/benchmarks`)).json();
    return figures.industries.find((i) => i.industry === 'food_beverage');
  };
  assert.ok(await until(async () => (await listed())?.leads === 12, 10000), 'counted within a refresh');
  const percent = Math.floor((100 * genuine.filter((r) => r < mine).length) / genuine.length);
  // at either end of the range the line says so in words
  const said = (p) => (p === 0 ? 'Your readiness is at the start of the range for brands in your industry.'
    : p === 100 ? 'Your readiness is higher than that of every brand in your industry.'
      : `Your readiness is higher than ${p}% of brands in your industry.`);

  // the next tea brand on the partner's page reads where it stands
  const next = await partnerVisitor();
  const line = next.widget.locator('.crw-peers');
  await line.waitFor({ timeout: 10000 });
  assert.equal(await line.locator('strong').textContent(), said(percent));
  assert.equal(await line.locator('.crw-peers-basis').textContent(), 'Compared with the 12 brands in your industry that have taken this check.');
  // the report it keeps says it too
  await fillContact(next.widget, { name: 'Next Brand', email: 'next@tea.example', company: 'Next Tea' });
  await next.widget.locator('.crw-contact button[type=submit]').click();
  await next.widget.locator('.crw-report-link').click();
  const href = await next.widget.locator('a.crw-report-open').getAttribute('href');
  await next.context.close();
  // that brand counts from the next refresh on (its score ties, so it is not lower); the
  // page it keeps says where it stands by the figures of the day it is opened
  assert.ok(await until(async () => (await listed())?.leads === 13, 10000), 'the thirteenth counted');
  const lower = genuine.filter((r) => r < mine).length;
  const kept = await chromium.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const report = await kept.newPage();
  await report.goto(href);
  assert.equal(await report.locator('.peers strong').textContent(), said(Math.floor((100 * lower) / 13)));
  assert.deepEqual(await axeViolations(report), []);
  await report.locator('.score').screenshot({ path: join(SHOTS, 'compare-report-page.png') });
  await kept.close();

  // in Chinese at phone width, on the agency's own site
  const context = await chromium.newContext({ locale: 'zh-CN', viewport: { width: 375, height: 800 }, bypassCSP: true });
  const page = await context.newPage();
  await page.route(`${server.origin}/china.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>中国</title></head><body><main><div id="w"></div></main>
      <script src="/loader.js" async data-target="#w" data-endpoint="/api/v1/leads" data-privacy-url="/privacy.html"></script></body></html>`,
  }));
  await page.goto(`${server.origin}/china.html`);
  const widget = page.locator('[data-china-readiness]').first();
  await widget.locator('.crw-intro').waitFor({ timeout: 20000 });
  await answer(widget);
  const zh = widget.locator('.crw-peers');
  await zh.waitFor({ timeout: 10000 });
  const zhPercent = Math.floor((100 * lower) / 13);
  const zhSaid = zhPercent === 0 ? '您的入华成熟度处于同行业品牌的起步区间。'
    : zhPercent === 100 ? '您的入华成熟度高于所有同行业品牌。' : `您的入华成熟度高于同行业 ${zhPercent}% 的品牌。`;
  assert.equal(await zh.locator('strong').textContent(), zhSaid);
  assert.deepEqual(await axeViolations(page), []);
  const box = await zh.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 375, `within the screen: ${JSON.stringify(box)}`);
  await zh.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'compare-zh-Hans-375.png') });
  await context.close();
});
