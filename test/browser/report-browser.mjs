// Browser test of report.html and viewer.html (npm run test:browser): writes
// a real report, opens it in headless Chromium (Debian's `chromium`, driven
// by playwright-core) and checks that the node timeline and the charts
// render, that the page asks for nothing over the network, and that it logs
// no console error; then the replay viewer (viewer-browser.mjs). Without
// Chromium it says so and fails; it never passes silently.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkViewer } from './viewer-browser.mjs';

const CHROMIUM = process.env.RMQSIM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCENARIO = 'scenarios/production-ha.yaml';

function fail(message) {
  console.error(`report-browser: FAIL: ${message}`);
  process.exit(1);
}

if (!existsSync(CHROMIUM)) {
  fail(
    `Chromium was not found at ${CHROMIUM}; install it (apt-get install chromium) or point RMQSIM_CHROMIUM at a Chromium binary. The browser test did NOT run.`,
  );
}

const out = mkdtempSync(join(tmpdir(), 'rmqsim-browser-'));
const run = spawnSync(process.execPath, ['bin/rmqsim.js', 'run', SCENARIO, '--quiet', '--out', out], {
  encoding: 'utf8',
});
if (run.status !== 0 && run.status !== 1) fail(`rmqsim run exited ${run.status}: ${run.stderr}`);
const json = JSON.parse(readFileSync(join(out, 'production-ha', '42', 'report.json'), 'utf8'));
const html = join(out, 'production-ha', '42', 'report.html');

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`network request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });

  const count = (selector) => page.locator(selector).count();
  const width = async (selector) => (await page.locator(selector).boundingBox())?.width ?? 0;
  const checks = [
    ['node timeline drawn', (await width('#node-timeline')) > 500],
    ['one timeline row per node', (await count('#node-timeline text.label')) === json.nodes.length],
    ['node segments', (await count('#node-timeline rect.seg')) >= json.nodes.length],
    ['fault bars', (await count('#node-timeline rect.fault')) > 0],
    ['send-rate bars', (await count('#send-rate rect.bar-ok')) > 10],
    ['latency lines', (await count('#latency polyline')) === 2],
    ['route changes per NameServer', (await count('#route-changes circle')) > 0],
    ['expectations with verdicts', (await count('#expectations tbody tr')) === json.expectations.length],
    ['page title', (await page.title()).includes('production-ha')],
    ['link to the replay viewer', (await page.getAttribute('#viewer-link a', 'href')) === 'viewer.html'],
    // A fresh-clone trial found the sends table's status headers 40 px past a 1300 px window.
    ['no sideways scrolling', (await page.evaluate('document.documentElement.scrollWidth')) <= 1200],
  ];
  for (const [name, ok] of checks) if (!ok) problems.push(`check failed: ${name}`);
  await page.screenshot({ path: join(out, 'report.png'), fullPage: true });
  console.log(
    `report-browser: ${checks.filter(([, ok]) => ok).length}/${checks.length} checks passed on ${html} (screenshot ${join(out, 'report.png')})`,
  );
  await checkViewer(browser, join(out, 'production-ha', '42'), json, problems);
} finally {
  await browser.close();
}
if (problems.length > 0) fail(problems.join('\n  '));
console.log('report-browser: PASS');
