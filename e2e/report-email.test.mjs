// The report by email (issue 13), end to end with the real SMTP listener: the visitor ticks
// "Email me this report" on the contact form; the intake mails a confirmation; its link opens
// a page with one button; the click lands on the report page and the report email follows
// (HTML and text). In four languages for the subjects and the page heading.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SHOTS, TEA, answerQuiz, axeViolations, browser, consoleOf, fillContact, openWidget, quietIntake, stopAll, until } from './harness.mjs';

let chromium, server;

before(async () => {
  server = await quietIntake({ ratePerMinute: 120 });
  chromium = await browser();
});

after(async () => { await stopAll(); });


/** A text of `quiz/i18n/<lang>.toml`, `section.key`. */
function text(lang, key) {
  const [section, name] = key.split('.');
  const file = readFileSync(join(ROOT, 'quiz', 'i18n', `${lang}.toml`), 'utf8');
  const body = file.split(/^\[/m).find((s) => s.startsWith(`${section}]`));
  return JSON.parse(body.match(new RegExp(`^${name} = (".*")$`, 'm'))[1]);
}

/** A header of a raw message, unfolded, its encoded words decoded. */
function header(mail, name) {
  const match = mail.match(new RegExp(`^${name}: (.*(?:\\n[ \\t].*)*)`, 'mi'));
  if (!match) return null;
  // the space between two encoded words is not the text's (RFC 2047 6.2); any other is
  return match[1].replace(/\n[ \t]/g, ' ').replace(/(\?=)\s+(?==\?)/g, '$1').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, data) => (kind.toLowerCase() === 'b'
    ? Buffer.from(data, 'base64').toString('utf8')
    : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'))).trim();
}

/** The text and HTML parts of a multipart/alternative message, decoded. */
function parts(mail) {
  const boundary = header(mail, 'Content-Type').match(/boundary="([^"]+)"/)[1];
  const found = {};
  for (const part of mail.split(`--${boundary}`).slice(1)) {
    const [head, ...rest] = part.split('\n\n');
    const body = rest.join('\n\n');
    const decoded = /base64/i.test(head) ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
      : /quoted-printable/i.test(head) ? Buffer.from(body.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
        : body;
    if (/text\/plain/i.test(head)) found.text = decoded;
    if (/text\/html/i.test(head)) found.html = decoded;
  }
  assert.ok(found.text && found.html, 'a text and an HTML part');
  return found;
}

async function mailTo(address, index) {
  const mine = () => server.mail.filter((m) => (header(m, 'To') || '').includes(address));
  assert.ok(await until(() => mine().length > index, 15000), `email ${index + 1} to ${address}`);
  return mine()[index];
}

/** A visitor who answers, ticks "Email me this report" and sends the lead. */
async function asks(locale, email) {
  const { context, log, widget } = await openWidget(chromium, `${server.origin}/`, { locale });
  await answerQuiz(widget, TEA);
  await fillContact(widget, { name: 'Zoë <i>Test</i>', email, company: '<script>alert(1)</script> Tea' });
  const offer = widget.locator('#crw-field-report_email');
  assert.equal(await offer.isChecked(), false, 'unticked by default');
  await offer.check();
  await widget.locator('.crw-contact button[type=submit]').click();
  await widget.locator('.crw-done').waitFor();
  assert.deepEqual(log.filter((l) => !l.startsWith('log:')), []);
  return context;
}

for (const [locale, lang] of [['en-GB', 'en'], ['fr-FR', 'fr'], ['de-DE', 'de'], ['zh-CN', 'zh-Hans']]) {
  test(`the report by email, confirmed first: ${lang}`, async () => {
    const address = `visitor.${lang.toLowerCase()}@brand.example`;
    const visitorContext = await asks(locale, address);
    try {
      const confirmation = await mailTo(address, 0);
      assert.equal(header(confirmation, 'Subject'), text(lang, 'mail.confirm_subject'));
      const confirm = parts(confirmation);
      const link = confirm.text.match(/http:\/\/127\.0\.0\.1:\d+\/r\/confirm\/[0-9a-f]{64}/)[0];
      assert.ok(confirm.html.includes(`href="${link}"`), 'the same link in HTML');
      for (const part of [confirm.text, confirm.html]) {
        assert.ok(part.includes(text(lang, 'mail.why')) && part.includes(text(lang, 'mail.erase')), 'why and how to erase');
        assert.ok(!part.includes('alert(1)') && !part.includes('<script'), 'nothing the visitor typed');
      }

      // the link opens one button; nothing happens until it is pressed
      const context = await chromium.newContext({ locale, viewport: { width: 375, height: 800 }, bypassCSP: true });
      const page = await context.newPage();
      const log = consoleOf(page);
      await page.goto(link);
      assert.equal(await page.locator('h1').innerText(), text(lang, 'mail.confirm_page_title'));
      assert.equal(server.mail.filter((m) => (header(m, 'To') || '').includes(address)).length, 1, 'no report before the click');
      if (lang === 'en') {
        await page.screenshot({ path: join(SHOTS, 'report-confirm-375.png'), fullPage: true });
        assert.deepEqual(await axeViolations(page), [], 'axe on the confirmation page');
      }
      await Promise.all([page.waitForURL(/\/r\/[0-9a-f]{64}$/), page.locator('button.confirm').click()]);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.locator('h1').innerText(), text(lang, 'ui.results_title'));
      const score = await page.locator('.score-value').innerText();

      const report = await mailTo(address, 1);
      assert.equal(header(report, 'Subject'), text(lang, 'mail.report_subject').replace('{score}', score));
      const sent = parts(report);
      assert.ok(sent.text.includes(page.url()) && sent.html.includes(`href="${page.url()}"`), 'the page the click opened');
      for (const part of [sent.text, sent.html]) {
        for (const key of ['mail.report_intro', 'ui.start_here_title', 'ui.next_steps_title', 'mail.why', 'mail.erase']) {
          assert.ok(part.includes(text(lang, key)), `${key} in the report email`);
        }
      }
      assert.ok(!/<script|<img|<link|src=/i.test(sent.html), 'no script, no image, nothing fetched');
      if (lang === 'en') {
        const preview = await context.newPage();
        await preview.setContent(sent.html);
        await preview.screenshot({ path: join(SHOTS, 'report-email-375.png'), fullPage: true });
        assert.deepEqual(await axeViolations(preview), [], 'axe on the report email');
      }

      // the link is single use
      await page.goto(link);
      assert.equal(await page.locator('p').first().innerText(), text(lang, 'mail.link_gone'));
      assert.deepEqual(log.filter((l) => !/status of 410/.test(l)), []);
      await context.close();
    } finally {
      await visitorContext.close();
    }
  });
}

test('the report by email from the results screen alone: confirmed first, and no lead for sales', async () => {
  const address = 'alone@brand.example';
  const salesBefore = server.mail.filter((m) => (header(m, 'To') || '').includes('sales@agency.example')).length;
  const { context, page, log, widget } = await openWidget(chromium, `${server.origin}/`, { locale: 'en-GB', viewport: { width: 375, height: 800 }, bypassCSP: true });
  try {
    await answerQuiz(widget, TEA);
    const offer = widget.locator('.crw-email-report');
    await offer.waitFor();
    assert.equal(await offer.locator('h3').innerText(), 'Email me this report');
    assert.equal(await widget.locator('#crw-email-report-consent').isChecked(), false, 'unticked by default');

    // nothing leaves before the core's checks pass; each error sits by its field
    await offer.locator('button[type=submit]').click();
    assert.equal(await widget.locator('#crw-email-report-address-error').innerText(), text('en', 'error.email_invalid'));
    assert.equal(await widget.locator('#crw-email-report-consent-error').innerText(), text('en', 'ui.email_report_consent_needed'));
    assert.equal(await widget.locator('#crw-email-report-address').getAttribute('aria-invalid'), 'true');
    await offer.screenshot({ path: join(SHOTS, 'report-email-ask-errors-375.png') });
    assert.deepEqual(await axeViolations(page), [], 'axe with the errors shown');

    await widget.locator('#crw-email-report-address').fill(address);
    await widget.locator('#crw-email-report-consent').check();
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/v1/leads/report-requests')),
      offer.locator('button[type=submit]').click(),
    ]);
    assert.equal(response.status(), 202);
    const sent = offer.locator('.crw-status');
    await sent.waitFor();
    assert.equal(await sent.innerText(), text('en', 'ui.email_report_sent'));
    assert.equal(await page.evaluate(() => document.querySelector('[data-china-readiness]').shadowRoot.activeElement?.className), 'crw-status', 'focus on the outcome');
    assert.deepEqual(log.filter((l) => !l.startsWith('log:')), []);

    const confirmation = await mailTo(address, 0);
    assert.equal(header(confirmation, 'Subject'), text('en', 'mail.confirm_subject'));
    const link = parts(confirmation).text.match(/http:\/\/127\.0\.0\.1:\d+\/r\/confirm\/[0-9a-f]{64}/)[0];
    const confirmPage = await context.newPage();
    await confirmPage.goto(link);
    await Promise.all([confirmPage.waitForURL(/\/r\/[0-9a-f]{64}$/), confirmPage.locator('button.confirm').click()]);
    assert.equal(await confirmPage.locator('h1').innerText(), text('en', 'ui.results_title'));
    const report = await mailTo(address, 1);
    assert.ok(parts(report).html.includes(`href="${confirmPage.url()}"`));
    await new Promise((r) => setTimeout(r, 500));
    const salesAfter = server.mail.filter((m) => (header(m, 'To') || '').includes('sales@agency.example')).length;
    assert.equal(salesAfter, salesBefore, 'sales hear nothing of it');
  } finally {
    await context.close();
  }
});
