// Lighthouse for `cargo xtask bench`: the mobile preset (Lighthouse's default) on the demo
// page, performance and accessibility, five runs, medians. Chromium is Debian's
// (CHROME_PATH); Lighthouse is pinned in bench/lighthouse/package-lock.json.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const url = process.argv[2];
const runs = Number(process.argv[3] || 5);
const cli = fileURLToPath(new URL('./lighthouse/node_modules/lighthouse/cli/index.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lighthouse-'));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const seen = { performance: [], accessibility: [], tbt_ms: [], lcp_ms: [], cls: [], tti_ms: [] };
try {
  for (let i = 0; i < runs; i++) {
    const output = join(dir, `run-${i}.json`);
    execFileSync(process.execPath, [cli, url,
      '--only-categories=performance,accessibility', '--output=json', `--output-path=${output}`, '--quiet',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run',
    ], { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 120000 });
    const report = JSON.parse(readFileSync(output, 'utf8'));
    seen.performance.push(Math.round(report.categories.performance.score * 100));
    seen.accessibility.push(Math.round(report.categories.accessibility.score * 100));
    seen.tbt_ms.push(report.audits['total-blocking-time'].numericValue);
    seen.lcp_ms.push(report.audits['largest-contentful-paint'].numericValue);
    seen.cls.push(report.audits['cumulative-layout-shift'].numericValue);
    seen.tti_ms.push(report.audits.interactive.numericValue);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const result = { runs, lighthouse_version: JSON.parse(readFileSync(fileURLToPath(new URL('./lighthouse/node_modules/lighthouse/package.json', import.meta.url)), 'utf8')).version };
for (const [key, values] of Object.entries(seen)) { result[key] = median(values); result[`${key}_all`] = values; }
console.log(JSON.stringify(result));
