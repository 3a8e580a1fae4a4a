// E2E harness: the real intake binary on a temp SQLite file, a webhook receiver and an SMTP
// listener on loopback, a third-party host page on a second loopback origin, and Debian's
// Chromium driven by playwright-core. Everything started here is stopped in `stopAll`.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { mkdtempSync, mkdirSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const { chromium } = require('../node/node_modules/playwright-core');
export const AXE = readFileSync(new URL('../node/node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

export const ROOT = new URL('..', import.meta.url).pathname;
export const SHOTS = process.env.E2E_SCREENSHOTS || join(ROOT, 'target', 'e2e-screenshots');
mkdirSync(SHOTS, { recursive: true });
const running = [];

export function freePort() {
  return new Promise((resolve) => {
    const server = createTcpServer();
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

/** Webhook receiver: records requests; answers with `statuses` in turn (last repeats). */
export async function webhookReceiver({ statuses = [200] } = {}) {
  const calls = [];
  const port = await freePort();
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      calls.push({ headers: req.headers, body: JSON.parse(body) });
      const status = statuses.length > 1 ? statuses.shift() : statuses[0];
      res.writeHead(status).end(String(status));
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  running.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${port}/hook`, calls };
}

/** SMTP listener accepting every message. */
export async function smtpListener() {
  const messages = [];
  const port = await freePort();
  const sockets = new Set();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = '', data = null;
    socket.write('220 e2e SMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let i;
      while ((i = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, i); buffer = buffer.slice(i + 2);
        if (data !== null) {
          if (line === '.') { messages.push(data); data = null; socket.write('250 queued\r\n'); } else { data += (line.startsWith('.') ? line.slice(1) : line) + '\n'; } // dot-stuffing undone (RFC 5321 4.5.2)
          continue;
        }
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'DATA') { data = ''; socket.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
        else { socket.write(verb === 'EHLO' || verb === 'HELO' ? '250 e2e\r\n' : '250 ok\r\n'); }
      }
    });
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  running.push(() => new Promise((r) => { for (const s of sockets) s.destroy(); server.close(r); }));
  return { url: `smtp://127.0.0.1:${port}`, messages };
}

/** The intake binary with its own SQLite file; `restart()` keeps the file; `settings` adds environment variables. */
export async function intake({ webhook, smtp, allowedOrigins = '', minFillSeconds = 1, ratePerMinute = 30, settings = {} }) {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-intake-'));
  const port = await freePort();
  const env = {
    ...process.env,
    INTAKE_LISTEN: `127.0.0.1:${port}`,
    INTAKE_STATIC_DIR: join(ROOT, 'dist'),
    DATABASE_URL: `sqlite://${join(dir, 'leads.sqlite')}`,
    INTAKE_QUIZ_DIR: join(ROOT, 'quiz'),
    INTAKE_ALLOWED_ORIGINS: allowedOrigins,
    INTAKE_MIN_FILL_SECONDS: String(minFillSeconds),
    INTAKE_RATE_PER_MINUTE: String(ratePerMinute),
    INTAKE_WEBHOOK_URL: webhook, INTAKE_WEBHOOK_SECRET: 'e2e-webhook-secret-0000', INTAKE_WEBHOOK_ALLOW_LOOPBACK: 'true',
    INTAKE_SMTP_URL: smtp, INTAKE_MAIL_TO: 'sales@agency.example', INTAKE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    RUST_LOG: 'intake=warn',
    ...settings,
  };
  const bin = process.env.INTAKE_BIN || join(ROOT, 'target', 'debug', 'intake');
  // the first account is the admin; a second one works leads only
  execFileSync(bin, ['user', 'add', 'sales@agency.example'], { env: { ...env, INTAKE_NEW_PASSWORD: 'e2e staff password 1' } });
  execFileSync(bin, ['user', 'add', 'li.wei@agency.example', '--role', 'sales'], { env: { ...env, INTAKE_NEW_PASSWORD: 'e2e staff password 2' } });
  let child = null;
  const handle = {
    origin: `http://127.0.0.1:${port}`,
    async start() {
      child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      for (let i = 0; i < 200; i++) {
        try { if ((await fetch(`${handle.origin}/readyz`)).ok) return; } catch { /* not yet */ }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('intake did not start');
    },
    async stop() {
      if (!child) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
      child = null;
    },
  };
  running.push(async () => { await handle.stop(); rmSync(dir, { recursive: true, force: true }); });
  await handle.start();
  return handle;
}

/** A third-party host page on its own origin: hostile CSS and a strict CSP. */
export async function thirdPartyHost(widgetOrigin, port) {
  const origin = `http://127.0.0.1:${port}`;
  const csp = `default-src 'self'; script-src ${widgetOrigin} 'wasm-unsafe-eval'; connect-src ${widgetOrigin}; style-src 'self'; img-src 'self'`;
  const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner site</title>
<link rel="stylesheet" href="/hostile.css"></head><body><h1>A partner's page</h1>
<div id="china-check"></div>
<script src="${widgetOrigin}/loader.js" async data-target="#china-check" data-endpoint="${widgetOrigin}/api/v1/leads"
  data-privacy-url="${widgetOrigin}/privacy.html" data-lang="en"></script></body></html>`;
  const hostile = '* { all: unset !important; } button { display: none !important; } h2 { letter-spacing: 2em; color: transparent; } body { font-family: serif; text-transform: uppercase; }';
  const server = createServer((req, res) => {
    if (req.url.startsWith('/hostile.css')) { res.writeHead(200, { 'Content-Type': 'text/css' }).end(hostile); return; }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }).end(page);
  });
  await new Promise((r) => server.listen(port, '127.0.0.1', r));
  running.push(() => new Promise((r) => server.close(r)));
  return { origin };
}

export async function browser() {
  const instance = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  running.push(() => instance.close());
  return instance;
}

export async function stopAll() {
  while (running.length) {
    try { await running.pop()(); } catch (error) { console.error('cleanup:', error); }
  }
}

/** What axe-core finds on the page against WCAG 2.2 AA (the page must allow its script). */
export async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`);
  });
}

/** Keeps every CSP violation of the page in `window.__csp`, from its first script on. */
export async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

export async function until(check, ms = 8000) {
  for (let waited = 0; waited <= ms; waited += 50) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** The page's console messages and uncaught errors, as `type: text` lines. */
export function consoleOf(page) {
  const log = [];
  page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
  return log;
}

/** The intake with a webhook receiver and an SMTP listener of its own, for tests that only need it to run. */
export async function quietIntake({ hookStatuses, ...options } = {}) {
  const hook = await webhookReceiver({ statuses: hookStatuses });
  const mail = await smtpListener();
  const server = await intake({ webhook: hook.url, smtp: mail.url, ...options });
  server.mail = mail.messages;
  server.hook = hook.calls;
  return server;
}

/** A tea brand's answers, question by question: a scored report (grade B) with channels to start on, one that waits, a blocker. */
export const TEA = [['food_beverage'], ['b2c'], ['age_25_34'], ['mostly_women'], ['premium_urban'], ['awareness', 'online_sales'], ['registered'], ['none'], ['english_only'], ['certified'], ['images'], ['direct_shipping'], ['partner'], ['from_5k_to_15k'], ['months_3_to_6']];

/** Starts the quiz in `widget` and answers it: `answers` holds each question's options. */
export async function answerQuiz(widget, answers) {
  await widget.locator('.crw-intro .crw-button--primary').click();
  for (const options of answers) {
    for (const option of options) await widget.locator(`input[value="${option}"]`).click();
    await widget.locator('button[type=submit]').click();
  }
}

/**
 * The pages of a PDF as Chromium draws them with pdf.js (served to the page from
 * `node/node_modules`, nothing fetched from elsewhere): each page's text, and a screenshot
 * of each at `${shotPrefix}-p<N>.png`.
 */
export async function pdfPages(chromium, pdf, shotPrefix) {
  const build = join(ROOT, 'node', 'node_modules', 'pdfjs-dist', 'build');
  const files = {
    '/': ['text/html', '<!doctype html><title>pdf</title><body style="margin:0"><canvas id="c"></canvas><script type="module">'
      + 'import * as pdfjs from "/pdf.mjs"; pdfjs.GlobalWorkerOptions.workerSrc = "/pdf.worker.mjs";'
      + 'const doc = await pdfjs.getDocument("/doc.pdf").promise;'
      + 'window.draw = async (n) => { const page = await doc.getPage(n); const view = page.getViewport({ scale: 1.25 });'
      + 'const canvas = document.getElementById("c"); canvas.width = view.width; canvas.height = view.height;'
      + 'await page.render({ canvasContext: canvas.getContext("2d"), viewport: view }).promise;'
      + 'return (await page.getTextContent()).items.map((i) => i.str).join(" "); };'
      + 'window.pages = doc.numPages;</script>'],
    '/pdf.mjs': ['text/javascript', readFileSync(join(build, 'pdf.min.mjs'))],
    '/pdf.worker.mjs': ['text/javascript', readFileSync(join(build, 'pdf.worker.min.mjs'))],
    '/doc.pdf': ['application/pdf', pdf],
  };
  const context = await chromium.newContext({ viewport: { width: 1100, height: 1500 } });
  try {
    await context.route('https://pdf.test/**', (route) => {
      const [contentType, body] = files[new URL(route.request().url()).pathname] || ['text/plain', ''];
      return route.fulfill({ status: contentType === 'text/plain' ? 404 : 200, contentType, body });
    });
    const page = await context.newPage();
    await page.goto('https://pdf.test/');
    await page.waitForFunction(() => typeof window.draw === 'function', null, { timeout: 20000 });
    const count = await page.evaluate(() => window.pages);
    const pages = [];
    for (let n = 1; n <= count; n++) {
      const text = await page.evaluate((i) => window.draw(i), n);
      await page.locator('#c').screenshot({ path: `${shotPrefix}-p${n}.png` });
      pages.push(text);
    }
    return pages;
  } finally {
    await context.close();
  }
}

/** A visitor's browser on `url` with the widget's intro shown; `permissions` granted on the page's origin. */
export async function openWidget(chromium, url, { locale, viewport = { width: 1280, height: 900 }, bypassCSP = false, permissions = [] } = {}) {
  const context = await chromium.newContext({ locale, viewport, bypassCSP });
  if (permissions.length) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  const page = await context.newPage();
  const log = consoleOf(page);
  await page.goto(url);
  const widget = page.locator('[data-china-readiness]').first();
  await widget.locator('.crw-intro').waitFor({ timeout: 20000 });
  return { context, page, log, widget };
}

/** Opens the contact form from the results and fills what it requires (country GB), the contact consent ticked. */
export async function fillContact(widget, { name, email, company, role = 'Export manager', phone }) {
  await widget.locator('.crw-results .crw-button--primary').click();
  await widget.locator('#crw-field-name').fill(name);
  await widget.locator('#crw-field-email').fill(email);
  await widget.locator('#crw-field-company').fill(company);
  await widget.locator('#crw-field-country').selectOption('GB');
  await widget.locator('#crw-field-role').fill(role);
  if (phone) await widget.locator('#crw-field-phone').fill(phone);
  await widget.locator('#crw-field-contact').check();
}
