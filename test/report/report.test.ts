import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../sim/scenario/run.js';
import { renderReportFiles, reportDirFor } from '../../sim/report/report-files.js';
import { runSummary, replayCommand } from '../../sim/report/render-json.js';
import { writeReportAtomically } from '../../sim/report/write-report.js';
import { FAKE_SCENARIO, fakeBuild, fakeScenario } from '../scenario/fake-cluster.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-report-');

const meta = { wallMs: 1234, codeVersion: '0.1.0-test' };
const passing = runScenario(fakeScenario(), { build: fakeBuild });
const failing = runScenario(fakeScenario(FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 1 }')), {
  build: fakeBuild,
  bugs: ['client.retry-same-broker'],
});

describe('report renderers', () => {
  it('summary JSON carries the fields the CLI promises', () => {
    const s = JSON.parse(JSON.stringify(runSummary(passing, meta))) as Record<string, unknown>;
    for (const k of ['scenario', 'seed', 'traceHash', 'simulatedMs', 'wallMs', 'events', 'expectations', 'stats'])
      expect(s, k).toHaveProperty(k);
    expect(s['seed']).toBe(5);
    expect(s['wallMs']).toBe(1234);
    expect(s['replay']).toBe('rmqsim run fake-story.yaml --seed 5');
    expect(replayCommand(failing)).toBe('rmqsim run fake-story.yaml --seed 5 --bug client.retry-same-broker');
  });

  it('report.json adds timelines, node tracks and send series', () => {
    const j = JSON.parse(renderReportFiles(passing, meta)['report.json']) as Record<string, unknown>;
    for (const k of ['faults', 'timeline', 'nodes', 'sends', 'consumption', 'description'])
      expect(j, k).toHaveProperty(k);
  });

  it('junit.xml has one test case per expectation and a failure with evidence', () => {
    const x = renderReportFiles(failing, meta)['junit.xml'];
    expect(x.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    expect(x.match(/<testcase /g)).toHaveLength(2);
    expect(x.match(/<failure /g)).toHaveLength(1);
    expect(x).toContain('failures="1"');
    expect(x).toMatch(
      /<failure message="ratio 0\.\d+ &lt; 1" type="availability">at 0\.000s \[p\] only \d+ of \d+ sends acknowledged<\/failure>/,
    );
  });

  it('report.md states the verdict, the expectations and how to reproduce', () => {
    const md = renderReportFiles(failing, meta)['report.md'];
    expect(md).toContain('**FAIL: 1 of 2 expectations broken**');
    expect(md).toContain('| **FAIL** | availability(p) |');
    expect(md).toContain('rmqsim run fake-story.yaml --seed 5 --bug client.retry-same-broker');
    expect(md).toContain('broker-a-0');
  });

  it('report.html is self-contained, with the four charts and the evidence', () => {
    const html = renderReportFiles(failing, meta)['report.html'];
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const id of ['node-timeline', 'send-rate', 'latency', 'route-changes', 'expectations'])
      expect(html).toContain(`id="${id}"`);
    // No scripts, stylesheets, images or fetches from anywhere: the only URL is the SVG namespace.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg /g)?.length).toBe(html.match(/<\/svg>/g)?.length);
    expect(html).toContain('class="fault fault-crash"');
    expect(html).toContain('<details id="scenario"><summary>The scenario in plain words</summary>');
    expect(html).toMatch(/only \d+ of \d+ sends acknowledged/);
  });
});

describe('writeReportAtomically', () => {
  it('writes every file, replaces the files it owns, and leaves no temporary file or directory', () => {
    const root = tempDir();
    const dir = reportDirFor(root, 'fake-story', 5);
    expect(writeReportAtomically(dir, { 'a.txt': 'one', 'b.txt': 'two' })).toEqual({ ok: true, dir });
    expect(writeReportAtomically(dir, { 'a.txt': 'three' }, ['a.txt', 'b.txt']).ok).toBe(true);
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('three');
    expect(readdirSync(join(root, 'fake-story'))).toEqual(['5']);
  });

  it('never deletes a file it does not own (a shrunk.yaml, notes kept beside a report)', () => {
    const root = tempDir();
    const dir = reportDirFor(root, 'fake-story', 5);
    expect(writeReportAtomically(dir, { 'a.txt': 'one', 'shrunk.yaml': 'kept' }).ok).toBe(true);
    writeFileSync(join(dir, 'notes.md'), 'mine');
    expect(writeReportAtomically(dir, { 'a.txt': 'two' }).ok).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a.txt', 'notes.md', 'shrunk.yaml']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('two');
    expect(readFileSync(join(dir, 'shrunk.yaml'), 'utf8')).toBe('kept');
  });

  it('leaves the previous report untouched when a file cannot be written into an existing directory', () => {
    const root = tempDir();
    const dir = reportDirFor(root, 'fake-story', 5);
    expect(writeReportAtomically(dir, { 'a.txt': 'one' }).ok).toBe(true);
    const bad = writeReportAtomically(dir, { 'a.txt': 'two', 'no/such/dir.txt': 'x' });
    expect(bad.ok).toBe(false);
    expect(readdirSync(dir)).toEqual(['a.txt']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('one');
  });

  it('fails as a value, leaving nothing half-written, when the target cannot be created', () => {
    const root = tempDir();
    writeFileSync(join(root, 'blocker'), 'a file where a directory should be');
    const r = writeReportAtomically(join(root, 'blocker', 'x', '1'), { 'a.txt': 'one' });
    expect(r.ok).toBe(false);
    expect(existsSync(join(root, 'blocker', 'x'))).toBe(false);
    expect(readdirSync(root)).toEqual(['blocker']);
  });

  it('removes the parents it created when the write fails below them', () => {
    const root = tempDir();
    writeFileSync(join(root, 'blocker'), 'a file where a directory should be');
    // c/d are created, then a file of the report cannot be written (its name leads under the file): c/d go again.
    const bad = writeReportAtomically(join(root, 'c', 'd', 'e'), { '../../../blocker/x': 'no' });
    expect(bad.ok).toBe(false);
    expect(readdirSync(root)).toEqual(['blocker']);
  });

  it.runIf(existsSync('/proc/self'))('fails at once, without hanging, where a level answers ENOENT (/proc)', () => {
    // Node 20's recursive mkdirSync spins forever on /proc/<missing>/...; a child process with a timeout
    // keeps this test from hanging the suite if that comes back.
    const viteNode = createRequire(import.meta.url).resolve('vite-node/vite-node.mjs');
    const out = execFileSync(
      process.execPath,
      [viteNode, 'test/report/write-report-hang.ts', '/proc/rmqsim-no-such-dir/x/1'],
      { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' },
    );
    expect(JSON.parse(out.trim().split('\n').pop() ?? '{}')).toMatchObject({ ok: false });
  });
});
