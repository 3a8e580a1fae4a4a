// Browser figures for `cargo xtask bench`: from navigation to the widget's first answer
// being visible and clickable (cold cache, served with brotli), unthrottled and with CDP
// CPU 4x + 150 ms RTT + 1.6 Mbit/s; and JS heap + wasm memory after the results screen.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('../node/node_modules/playwright-core');

const url = process.argv[2];
const runs = Number(process.argv[3] || 5);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
const result = {};
for (const throttled of [false, true]) {
  const ready = [], firstAnswer = [], loaderOnly = [], inPage = [];
  // where the time goes, in the page's own time: the page, the loader and the first screen
  // arrived (each request starts only once the one before has come), the intro shown
  const page_ms = [], loader_ms = [], screen_ms = [], intro_ms = [];
  for (let i = 0; i < runs; i++) {
    // Chromium offers brotli to loopback as to HTTPS sites; the report shows what came
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttled) {
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));
    // the same moments in the page's own time, without the probe's reaction (playwright's
    // polling and its checks before a click): intro shown, Start pressed, first question shown
    await page.addInitScript(() => {
      const seen = (selector) => {
        const h = document.querySelector('[data-china-readiness]');
        return h && h.shadowRoot && h.shadowRoot.querySelector(selector);
      };
      const poll = setInterval(() => {
        if (!window.__intro && seen('.crw-intro')) window.__intro = performance.now();
        if (!window.__question && seen('input[value="beauty"]')) { window.__question = performance.now(); clearInterval(poll); }
      }, 2);
      document.addEventListener('click', () => { window.__clicked = window.__clicked || performance.now(); }, true);
    });
    page.on('response', (r) => { if (r.url().endsWith('.wasm')) { result.wasm_encoding = r.headers()['content-encoding'] || 'none'; } });
    const start = Date.now();
    await page.goto(url, { waitUntil: 'commit' });
    const widget = page.locator('[data-china-readiness]').first();
    await widget.locator('.crw-intro .crw-button--primary').waitFor({ state: 'visible', timeout: 60000 });
    ready.push(Date.now() - start);
    const clicked = Date.now();
    await widget.locator('.crw-intro .crw-button--primary').click();
    await widget.locator('input[value="beauty"]').waitFor({ state: 'visible' });
    firstAnswer.push(Date.now() - start);
    inPage.push(await page.evaluate(() => window.__intro + (window.__question - window.__clicked)));
    const timeline = await page.evaluate(() => {
      const end = (part) => performance.getEntriesByType('resource').find((e) => e.name.includes(part))?.responseEnd ?? NaN;
      return [performance.getEntriesByType('navigation')[0].responseEnd, end('loader.js'), end('/first/'), window.__intro];
    });
    [page_ms, loader_ms, screen_ms, intro_ms].forEach((list, i) => list.push(timeline[i]));
    loaderOnly.push(requested.filter((u) => /\.wasm/.test(u)).length);
    if (!throttled && i === 0) {
      for (const o of ['software_saas', 'b2b', 'b2b_leads', 'registered', 'unregistered', 'chinese_fast', 'articles', 'distributor', 'partner', 'from_5k_to_15k', 'months_3_to_6']) {
        await widget.locator(`input[value="${o}"]`).click();
        await widget.locator('button[type=submit]').click();
      }
      await widget.locator('.crw-results').waitFor();
      const heap = await cdp.send('Runtime.getHeapUsage');
      const { result: proto } = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
      const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: proto.objectId });
      const { result: sizes } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function() { return this.map((m) => m.buffer.byteLength); }', returnByValue: true });
      result.memory = { js_heap_used_bytes: heap.usedSize, wasm_memory_bytes: sizes.value.reduce((a, b) => a + b, 0) };
    }
    await context.close();
  }
  const round = (xs) => Math.round(median(xs));
  result[throttled ? 'throttled' : 'unthrottled'] = {
    widget_ready_ms: median(ready), first_answer_ms: median(firstAnswer), in_page_ms: round(inPage), runs,
    page_at_ms: round(page_ms), loader_at_ms: round(loader_ms), screen_at_ms: round(screen_ms), intro_at_ms: round(intro_ms),
  };
}
// the first question usable before the wasm has finished loading: the wasm is held back
// until Start has been pressed and an answer clicked, then let through; the answer must still
// be chosen once the widget has taken the screen over (hydration consumes Yew's markers)
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  let release;
  const released = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => { await released; await route.continue(); });
  await page.goto(url);
  const widget = page.locator('[data-china-readiness]').first();
  try {
    await widget.locator('.crw-intro .crw-button--primary').click({ timeout: 20000 });
    await widget.locator('input[value="beauty"]').click({ timeout: 5000 });
    result.usable_before_wasm = await widget.locator('input[value="beauty"]').isChecked();
  } catch {
    result.usable_before_wasm = false;
  }
  release();
  const hydrated = await page.waitForFunction(
    () => !document.querySelector('[data-china-readiness]').shadowRoot.querySelector('.crw-root').innerHTML.includes('<!--<['),
    null, { timeout: 20000 },
  ).then(() => true, () => false);
  result.kept_after_hydration = hydrated && await widget.locator('input[value="beauty"]').isChecked();
  await context.close();
}
// lazy loading: the same loader on a page whose widget sits 3,000 px below the fold
{
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const requested = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  await page.route(url, (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html lang="en"><head><title>long page</title></head><body><div style="height:3000px">Article</div>'
      + '<div id="far"></div><script src="/loader.js" async data-target="#far"></script></body></html>',
  }));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForTimeout(1500);
  result.requests_before_scroll = requested.slice();
  await page.mouse.wheel(0, 3000);
  await page.locator('#far .crw, #far').first().waitFor();
  await page.waitForTimeout(1500);
  result.requests_after_scroll = requested.filter((u) => u.endsWith('.wasm')).length;
  await context.close();
}
await browser.close();
console.log(JSON.stringify(result));
