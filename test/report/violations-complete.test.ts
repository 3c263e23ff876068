// Issue 10 rows 8 and 13: every violation is kept (no silent cap at 20),
// every output states its counts truthfully, violations are in time order,
// and every human-facing output tells a violation, a time and a message id
// one way ("1m00.000s [ns-1] ...", no "[]", "msg 1:1204", no raw "us").
import { describe, expect, it } from 'vitest';
import { ViolationLog, type CheckResult } from '../../sim/check/checker.js';
import { printExpectations } from '../../sim/cli/human.js';
import { colours } from '../../sim/cli/style.js';
import { sec } from '../../sim/engine/index.js';
import { latencyRuns } from '../../sim/report/html-charts.js';
import { renderReportFiles } from '../../sim/report/report-files.js';
import { tickLabel, timeTicks } from '../../sim/report/svg.js';
import type { RunResult } from '../../sim/scenario/result.js';
import { runScenario, verdictOf } from '../../sim/scenario/run.js';
import { FAKE_SCENARIO, fakeBuild, fakeScenario } from '../scenario/fake-cluster.js';
import { load } from '../scenario/scenario-files.js';
import { phrase } from '../../sim/i18n/index.js';

const meta = { wallMs: 1000, codeVersion: 'test' };
const TOTAL = 48;

/** 48 violations found out of time order; one names no node. */
function manyViolations(): CheckResult {
  const log = new ViolationLog();
  for (let i = TOTAL - 1; i >= 0; i--)
    log.add(sec(i), phrase('why.violation', { why: `number ${i}` }), i === 7 ? [] : ['broker-a-0']);
  return log.result('no-acked-loss', 'ok');
}

const failing = runScenario(fakeScenario(FAKE_SCENARIO.replace('minRatio: 0.5 }', 'minRatio: 1 }')), {
  build: fakeBuild,
});
const verdict = verdictOf({ check: 'no-acked-loss', expect: 'hold' }, manyViolations());
const result: RunResult = { ...failing, ok: false, expectations: [verdict] };

describe('every violation kept and counted (row 8)', () => {
  it('the log keeps all 48, and the verdict lists them in time order', () => {
    expect(manyViolations().violations).toHaveLength(TOTAL);
    expect(verdict.violations.map((v) => v.atUs)).toEqual(Array.from({ length: TOTAL }, (_, i) => sec(i)));
    expect(verdict.detail).toMatch(/^48 violation\(s\)/);
  });

  it('report.json, report.md, report.html and junit.xml carry all 48; the CLI says how many more and where', () => {
    const files = renderReportFiles(result, meta);
    const json = JSON.parse(files['report.json']) as { expectations: { violations: unknown[] }[] };
    expect(json.expectations[0]?.violations).toHaveLength(TOTAL);
    expect(files['report.md'].match(/^- .*violation: number \d+$/gm)).toHaveLength(TOTAL);
    expect(files['report.html'].match(/<li>[^<]*violation: number \d+<\/li>/g)).toHaveLength(TOTAL);
    expect(files['junit.xml'].match(/(^|>)at [^\n]*violation: number \d+/gm)).toHaveLength(TOTAL);
    let out = '';
    printExpectations(
      colours(false, {}),
      {
        write: (t) => {
          out += t;
        },
      },
      result,
      'en',
      'reports/x/5',
    );
    expect(out).toContain(`... ${TOTAL - 5} more of ${TOTAL} in reports/x/5/report.json`);
    out = '';
    printExpectations(
      colours(false, {}),
      {
        write: (t) => {
          out += t;
        },
      },
      result,
      'en',
    );
    expect(out).toContain(`... ${TOTAL - 5} more of ${TOTAL} (no report written`);
  });
});

describe('one time, id and violation format (row 13)', () => {
  it('a violation with no node has no empty brackets anywhere', () => {
    const files = renderReportFiles(result, meta);
    for (const name of ['report.md', 'report.html', 'junit.xml'] as const) {
      expect(files[name], name).toContain('7.000s violation: number 7');
      expect(files[name], name).not.toContain('[]');
    }
  });

  it('axis labels use one format: 0s, 30s, 1m00s, 1m30s, ...', () => {
    expect(timeTicks(sec(180)).map(tickLabel)).toEqual(['0s', '30s', '1m00s', '1m30s', '2m00s', '2m30s', '3m00s']);
    const html = renderReportFiles(result, meta)['report.html'];
    const labels = [...html.matchAll(/<text class="tick" x="[\d.]+" y="[\d.]+" text-anchor="middle">([^<]*)</g)].map(
      (m) => m[1] ?? '',
    );
    expect(labels.length).toBeGreaterThan(0);
    for (const l of labels) expect(l).toMatch(/^(\d+m)?\d+(\.\d{3})?s$/);
  });

  it('the Faults table heads every column', () => {
    const html = renderReportFiles(result, meta)['report.html'];
    const head = /<table id="faults"><thead>(.*?)<\/thead>/.exec(html)?.[1] ?? '';
    expect(head).toContain('<th>from</th>');
    expect(head).not.toContain('<th></th>');
  });

  it('the latency line breaks at a gap with no acknowledged sends', () => {
    const b = (acked: number): { acked: number } => ({ acked });
    expect(latencyRuns([b(1), b(2), b(0), b(0), b(3), b(0), b(4), b(5)]).map((r) => r.length)).toEqual([2, 1, 2]);
    const gap: RunResult = {
      ...failing,
      sends: { ...failing.sends, buckets: failing.sends.buckets.map((x, i) => (i === 3 ? { ...x, acked: 0 } : x)) },
    };
    const html = renderReportFiles(gap, meta)['report.html'];
    const latency = /<svg id="latency".*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(latency.match(/<polyline class="lat-p50"/g)?.length ?? 0).toBeGreaterThan(1);
  });

  it('no-acked-loss tells message ids as "msg c:s" and times as 1m26.342s, never raw microseconds', () => {
    const r = runScenario(load('scenarios/async-flush-power-loss.yaml'));
    const told = r.expectations.flatMap((e) => [e.detail, ...e.notes, ...e.violations.map((v) => v.message)]);
    const gone = told.filter((t) => t.includes('is gone'));
    expect(gone.length).toBeGreaterThan(20);
    for (const t of gone)
      expect(t).toMatch(
        /^acked \w+ msg \d+:\d+ on .* \(acked at (\d+m)?\d+\.\d{3}s\) is gone: allowed by .* at (\d+m)?\d+\.\d{3}s$/,
      );
    expect(told.filter((t) => /\d+ us\b|message \d{6,}/.test(t))).toEqual([]);
  });
});
