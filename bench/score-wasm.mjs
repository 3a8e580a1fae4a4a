// Scoring in WebAssembly for `cargo xtask bench`: loads bench/score-wasm (wasm-bindgen
// output in the folder given) into headless Chromium and times Quiz::score in rounds.
// The page and its files are served by Playwright's router: nothing goes on the network.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
const require = createRequire(import.meta.url);
const { chromium } = require('../node/node_modules/playwright-core');

const dir = process.argv[2];
const origin = 'http://score.bench';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
try {
  const page = await browser.newPage();
  await page.route(`${origin}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === 'index.html') { return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>score</title>' }); }
    return route.fulfill({ contentType: types[name.slice(name.lastIndexOf('.'))] || 'application/octet-stream', body: readFileSync(join(dir, name)) });
  });
  await page.goto(`${origin}/index.html`);
  const figures = await page.evaluate(async () => {
    const module = await import('/score_wasm.js');
    await module.default({ module_or_path: '/score_wasm_bg.wasm' });
    module.score_rounds(200, 3); // warm-up: the tiering compilers settle
    return Array.from(module.score_rounds(2000, 15));
  });
  const checksum = figures.pop();
  const sorted = [...figures].sort((a, b) => a - b);
  console.log(JSON.stringify({ score_us_median: sorted[Math.floor(sorted.length / 2)], score_us_best: sorted[0], rounds: figures.length, checksum }));
} finally {
  await browser.close();
}
