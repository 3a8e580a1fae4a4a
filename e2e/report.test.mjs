// The visitor keeps the report (issue 13): after the lead, "Keep this report" makes a private
// link to the report's own page; the page is the widget's report in the visitor's language
// (the same sections and charts), with no contact data, under a strict CSP, printable.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, TEA, answerQuiz, axeViolations, browser, consoleOf, fillContact, openWidget, pdfPages, quietIntake, stopAll, watchCsp } from './harness.mjs';

let chromium, server;

before(async () => {
  server = await quietIntake({ ratePerMinute: 120 });
  chromium = await browser();
});

after(async () => { await stopAll(); });

const CONTACT = { name: 'Zoë <b>O’Brien</b>', email: 'zoe.report@teahouse.example', company: 'Tea & Sons "<Ltd>"', phone: '+44 20 7946 0000' };

function visitor(locale, viewport = { width: 1280, height: 900 }) {
  return openWidget(chromium, `${server.origin}/`, { locale, viewport, permissions: ['clipboard-read', 'clipboard-write'] });
}

/** Answers, reads the report's sections, sends the lead; the sections as the widget showed them. */
async function sendLead(v) {
  await answerQuiz(v.widget, TEA);
  const results = v.widget.locator('.crw-results');
  await results.waitFor();
  const sections = {
    title: (await results.locator('h2.crw-title').innerText()).trim(),
    headings: (await results.locator('h3.crw-subtitle:not(#crw-email-report-title), figcaption').allInnerTexts()).map((t) => t.trim()),
    charts: (await results.locator('figcaption').allInnerTexts()).map((t) => t.trim()),
    readiness: (await results.locator('.crw-score-value').innerText()).trim(),
    steps: (await results.locator('.crw-steps > li strong').allInnerTexts()).map((t) => t.trim()),
  };
  await fillContact(v.widget, CONTACT);
  const [response] = await Promise.all([
    v.page.waitForResponse((r) => r.url().endsWith('/api/v1/leads') && r.request().method() === 'POST'),
    v.widget.locator('.crw-contact button[type=submit]').click(),
  ]);
  assert.equal(response.status(), 201);
  await v.widget.locator('.crw-done').waitFor();
  return sections;
}

/** Presses "Keep this report"; the link the widget shows. */
async function keep(v) {
  await v.widget.locator('.crw-report-link').click();
  const open = v.widget.locator('a.crw-report-open');
  await open.waitFor();
  const href = await open.getAttribute('href');
  assert.match(href, new RegExp(`^${server.origin}/r/[0-9a-f]{64}$`));
  return href;
}

/** The report page as the visitor's browser shows it; `bypassCSP` only to run axe there. */
async function reportPage(href, { locale, viewport = { width: 1280, height: 900 }, colorScheme = 'light', bypassCSP = false }) {
  const context = await chromium.newContext({ locale, viewport, colorScheme, bypassCSP });
  const page = await context.newPage();
  const log = consoleOf(page);
  await watchCsp(page);
  const response = await page.goto(href);
  assert.equal(response.status(), 200);
  return { context, page, log, response };
}

function assertNoContact(html) {
  for (const value of [...Object.values(CONTACT), 'zoe.report', 'Brien', 'Tea &amp; Sons', '7946']) {
    assert.ok(!html.includes(value), `${value} is on the report page`);
  }
}

test('the visitor keeps the report: a link, focused, copied; the page is the widget’s report without contact data', async () => {
  const v = await visitor('en-GB', { width: 375, height: 800 });
  try {
    const widget = await sendLead(v);
    const keepSection = v.widget.locator('.crw-keep');
    assert.match(await keepSection.innerText(), /Keep this report/);
    const href = await keep(v);
    assert.equal(await v.page.evaluate(() => document.querySelector('[data-china-readiness]').shadowRoot.activeElement?.className),
      'crw-button crw-report-open', 'focus moves to the link that replaced the button');
    await v.widget.locator('.crw-report-copy').click();
    await v.widget.locator('.crw-keep-status', { hasText: 'Link copied.' }).waitFor();
    assert.equal(await v.page.evaluate(() => navigator.clipboard.readText()), href);
    await v.page.screenshot({ path: join(SHOTS, 'report-keep-375.png'), fullPage: true });
    assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), []);

    // the page: under its strict CSP, nothing refused, its stylesheet applied
    const strict = await reportPage(href, { locale: 'en-GB' });
    try {
      const headers = strict.response.headers();
      assert.match(headers['content-security-policy'], /^default-src 'none'/);
      assert.equal(headers['x-robots-tag'], 'noindex, nofollow');
      assert.deepEqual(await strict.page.evaluate(() => window.__csp), []);
      assert.equal(await strict.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(247, 246, 243)');
      const html = await strict.page.content();
      assertNoContact(html);
      assert.equal(await strict.page.locator('h1').innerText(), widget.title);
      const headings = (await strict.page.locator('h2, figcaption').allInnerTexts()).map((t) => t.trim());
      assert.deepEqual(headings, widget.headings, 'the same sections and charts, in the same order');
      assert.equal(await strict.page.locator('.score-value').innerText(), widget.readiness);
      assert.deepEqual((await strict.page.locator('.steps li strong').allInnerTexts()).map((t) => t.trim()), widget.steps);
      assert.equal(await strict.page.locator('svg').count(), 2);
      assert.equal(await strict.page.locator('script').count(), 0);
      assert.deepEqual(strict.log, []);

      // paper: every section there, black on white, bars in shades of grey; A4 and Letter
      await strict.page.emulateMedia({ media: 'print' });
      const print = await strict.page.evaluate(() => ({
        background: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.querySelector('h1')).color,
        highlight: getComputedStyle(document.querySelector('.bar-highlight')).fill,
        sections: [...document.querySelectorAll('section')].map((s) => s.getBoundingClientRect().height > 0),
      }));
      assert.deepEqual(print, { background: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)', highlight: 'rgb(0, 0, 0)', sections: print.sections.map(() => true) });
      await strict.page.setViewportSize({ width: 794, height: 1123 });
      await strict.page.screenshot({ path: join(SHOTS, 'report-print-a4.png'), fullPage: true });
      // Chromium's print to PDF, read back and drawn page by page with pdf.js
      const squeeze = (text) => text.replace(/\s+/g, '');
      for (const format of ['A4', 'Letter']) {
        const pdf = await strict.page.pdf({ format, printBackground: false });
        writeFileSync(join(SHOTS, `report-${format}.pdf`), pdf);
        const pages = (await pdfPages(chromium, pdf, join(SHOTS, `report-print-${format}`))).map(squeeze);
        assert.ok(pages.length >= 2 && pages.length <= 6, `${format}: ${pages.length} pages`);
        const all = pages.join('');
        for (const heading of [widget.title, ...widget.headings, ...widget.steps]) {
          assert.ok(all.includes(squeeze(heading)), `${format}: "${heading}" printed`);
        }
        for (const absent of ['Keep this report', 'Copy link', CONTACT.email]) {
          assert.ok(!all.includes(squeeze(absent)), `${format}: no "${absent}" on paper`);
        }
        // no heading left at the foot of a page, no chart split over two
        for (const [n, page] of pages.slice(0, -1).entries()) {
          for (const heading of [...widget.headings, ...widget.charts]) {
            assert.ok(!page.endsWith(squeeze(heading)), `${format}: "${heading}" alone at the foot of page ${n + 1}`);
          }
        }
        for (const chart of widget.charts) {
          const page = pages.find((p) => p.includes(squeeze(chart)));
          assert.ok(page && page.slice(page.indexOf(squeeze(chart))).length > 60, `${format}: "${chart}" printed with its bars`);
        }
      }
    } finally {
      await strict.context.close();
    }

    // axe, light and dark, phone and laptop
    for (const [viewport, colorScheme] of [[{ width: 375, height: 800 }, 'light'], [{ width: 1280, height: 900 }, 'dark']]) {
      const checked = await reportPage(href, { locale: 'en-GB', viewport, colorScheme, bypassCSP: true });
      try {
        await checked.page.screenshot({ path: join(SHOTS, `report-page-${viewport.width}-${colorScheme}.png`), fullPage: true });
        assert.deepEqual(await axeViolations(checked.page), [], `axe at ${viewport.width} px, ${colorScheme}`);
        const overflow = await checked.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        const wide = overflow <= 0 ? [] : await checked.page.evaluate(() => [...document.querySelectorAll('body *')]
          .filter((e) => !e.closest('.sr-only') && e.getBoundingClientRect().right > document.documentElement.clientWidth)
          .map((e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class')}`));
        assert.ok(overflow <= 0, `sideways scrolling at ${viewport.width} px (${overflow} px): ${wide}`);
      } finally {
        await checked.context.close();
      }
    }
  } finally {
    await v.context.close();
  }
});

for (const [locale, lang] of [['fr-FR', 'fr'], ['de-DE', 'de'], ['zh-CN', 'zh-Hans']]) {
  test(`the report page speaks the visitor’s language: ${lang}`, async () => {
    const v = await visitor(locale);
    try {
      const widget = await sendLead(v);
      const href = await keep(v);
      assert.deepEqual(v.log.filter((l) => !l.startsWith('log:')), []);
      const shown = await reportPage(href, { locale, bypassCSP: true });
      try {
        assert.equal(await shown.page.getAttribute('html', 'lang'), lang);
        assert.equal(await shown.page.locator('h1').innerText(), widget.title);
        const headings = (await shown.page.locator('h2, figcaption').allInnerTexts()).map((t) => t.trim());
        assert.deepEqual(headings, widget.headings);
        assertNoContact(await shown.page.content());
        await shown.page.screenshot({ path: join(SHOTS, `report-page-${lang}.png`), fullPage: true });
        assert.deepEqual(await axeViolations(shown.page), []);
      } finally {
        await shown.context.close();
      }
    } finally {
      await v.context.close();
    }
  });
}
