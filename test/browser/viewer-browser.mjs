// The replay viewer (viewer.html) of production-ha in headless Chromium,
// called by report-browser.mjs (npm run test:browser). The instants come from
// the run's own report.json, never hard-coded: the crash of broker-a's master
// and the broker.role line that makes another member id 0. Checks: the old
// master is drawn as master before the crash and the new one after it;
// "next decision" from just before the crash walks the crash's consequences
// in the report's order; the zh toggle turns the narration Chinese; the
// mqadmin pane prints what `rmqsim inspect` prints for the same instant; no
// console error (the caller listens). Saves three screenshots and prints the
// load time and size (printed, never asserted).
/* global window */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** "ns-1: x" / "ns-1 x" -> "x", as the viewer's decision lines drop the node they name. */
function withoutNode(e) {
  if (e.node === '-') return e.text;
  if (e.text.startsWith(`${e.node}: `)) return e.text.slice(e.node.length + 2);
  if (e.text.startsWith(`${e.node} `)) return e.text.slice(e.node.length + 1);
  return e.text;
}

/** The crash of broker-a's master and the member that then became broker-a id 0, from report.json. */
export function failoverOf(json) {
  const crash = json.faults.find((f) => f.verb === 'crash' && f.detail.includes('master-of:broker-a'));
  if (crash === undefined) throw new Error('report.json has no crash of master-of:broker-a');
  const promoted = json.timeline.find(
    (e) => e.kind === 'broker.role' && e.atUs > crash.startUs && / broker-a id=0 now \w*MASTER/.test(e.text),
  );
  if (promoted === undefined) throw new Error('report.json has no new master of broker-a after the crash');
  return { crashUs: crash.startUs, oldMaster: crash.nodes[0], masterUs: promoted.atUs, newMaster: promoted.node };
}

export async function checkViewer(browser, dir, json, problems) {
  const file = join(dir, 'viewer.html');
  const sizeKb = Math.round(statSync(file).size / 1024);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`viewer console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`viewer page error: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) problems.push(`viewer network request: ${r.url()}`);
  });
  const started = Date.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
  const loadMs = Date.now() - started;

  const f = failoverOf(json);
  const seek = (us) => page.evaluate((t) => window.rmqsimViewer.seek(t), us);
  const roleOf = (node) => page.getAttribute(`#cluster [data-node="${node}"]`, 'data-role');
  const checks = [];
  const check = (name, ok) => checks.push([name, ok]);

  await seek(f.crashUs - 1000);
  check(
    `before the crash (${f.crashUs} us) ${f.oldMaster} is drawn as master`,
    (await roleOf(f.oldMaster)) === 'master',
  );
  check(`before the crash ${f.newMaster} is not master`, (await roleOf(f.newMaster)) !== 'master');
  await page.screenshot({ path: join(dir, 'viewer-1-before-crash.png') });
  await seek(f.crashUs + 3_000_000);
  check(`3 s after the crash ${f.oldMaster} is drawn down`, (await roleOf(f.oldMaster)) === 'down');
  await page.screenshot({ path: join(dir, 'viewer-2-election.png') });
  await seek(f.masterUs + 1000);
  check(`after ${f.masterUs} us ${f.newMaster} is drawn as master`, (await roleOf(f.newMaster)) === 'master');

  // "Next decision" from just before the crash: the crash and its consequences, in the report's order.
  const expected = json.timeline.filter((e) => e.major && e.atUs >= f.crashUs && e.atUs <= f.masterUs);
  await seek(f.crashUs - 1);
  const walked = [];
  for (let i = 0; i < 40; i++) {
    await page.click('#next');
    const d = await page.evaluate(() => {
      const s = window.rmqsimViewer.state();
      return { t: s.t, ...window.rmqsimViewer.decisions[s.cur] };
    });
    const at = await page.getAttribute('#narration', 'data-at');
    if (Number(at) !== d.t) problems.push(`narration shows ${at}, the cursor's decision is at ${d.t}`);
    walked.push(d);
    if (d.t >= f.masterUs && d.kind === 'broker.role') break;
  }
  let k = 0;
  const unmatched = walked.filter((d) => {
    while (k < expected.length && !(expected[k].atUs === d.t && withoutNode(expected[k]) === d.en)) k++;
    return k++ >= expected.length;
  });
  check('next decision from the crash walks the report timeline in order', unmatched.length === 0 && walked.length > 4);
  check('first step lands on the crash fault', walked[0]?.src === 'fault' && walked[0]?.t === f.crashUs);
  const kinds = walked.map((d) => d.kind);
  const order = ['crash', 'ns.broker-removed', 'raft.role', 'broker.role'].map((kind) => kinds.indexOf(kind));
  check(
    'consequences in order: crash, NameServer removal, election, new master',
    order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1])),
  );
  if (unmatched.length > 0)
    problems.push(`viewer decisions not in report order: ${unmatched.map((d) => `${d.t} ${d.en}`).join(' | ')}`);

  // The mqadmin pane prints what `rmqsim inspect` prints at the same sample instant (the first sample
  // after the new master registered: samples are periodic, the cursor shows the one at or before it).
  const every = 5_000_000; // DEFAULT_REPLAY.adminSampleUs (sim/scenario/run.ts)
  await seek(Math.ceil((f.masterUs + 100_000) / every) * every + 1);
  await page.selectOption('#mqadmin-view', { label: 'mqadmin clusterList' });
  const sampleUs = Number(await page.getAttribute('#mqadmin-out', 'data-sample'));
  const pane = await page.textContent('#mqadmin-out');
  const cli = spawnSync(
    process.execPath,
    ['bin/rmqsim.js', 'inspect', join(dir, 'report.json'), '--at', `${sampleUs / 1000}ms`, 'clusterList'],
    { encoding: 'utf8' },
  );
  check(
    `mqadmin clusterList at ${sampleUs} us equals rmqsim inspect's`,
    cli.status === 0 && cli.stdout.trimEnd() === (pane ?? '').trimEnd(),
  );
  check(
    `the mqadmin pane lists ${f.newMaster} as broker-a id 0`,
    new RegExp(`broker-a\\s+0\\s+${f.newMaster}\\b`).test(pane ?? ''),
  );
  await page.screenshot({ path: join(dir, 'viewer-3-new-master.png') });

  // The language toggle.
  const before = await page.textContent('#narration');
  await page.click('#lang');
  const after = await page.textContent('#narration');
  check(
    'zh toggle turns the narration Chinese',
    /[\u4e00-\u9fff]/.test(after ?? '') && after !== before && !/[\u4e00-\u9fff]/.test(before ?? ''),
  );
  await page.keyboard.press('l');
  check('the l key turns it back to English', !/[\u4e00-\u9fff]/.test((await page.textContent('#narration')) ?? ''));

  for (const [name, ok] of checks) if (!ok) problems.push(`viewer check failed: ${name}`);
  console.log(
    `viewer-browser: ${checks.filter(([, ok]) => ok).length}/${checks.length} checks passed; viewer.html ${sizeKb} KB loaded in ${loadMs} ms; screenshots ${join(dir, 'viewer-*.png')}`,
  );
  await page.close();
}
