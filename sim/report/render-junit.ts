// junit.xml for CI systems: one test suite per run, one test case per
// expectation; a broken expectation is a <failure> carrying its detail and
// evidence. Pure.
import { describeDrawn, type RunResult } from '../scenario/index.js';
import { statusCounts } from './send-statuses.js';
import { violationLine } from './violation-text.js';

/** XML 1.0 forbids most control characters even when escaped; tab, LF and CR stay. */
function isXmlChar(code: number): boolean {
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function xmlEscape(s: string): string {
  let clean = '';
  for (const ch of s) if (isXmlChar(ch.charCodeAt(0))) clean += ch;
  return clean
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export function renderJunit(r: RunResult, wallMs: number): string {
  const failures = r.expectations.filter((e) => !e.ok).length;
  const suite = `${r.scenario} (seed ${r.seed})`;
  const cases = r.expectations.map((e) => {
    const head = `    <testcase classname="${xmlEscape(`rmqsim.${r.scenario}`)}" name="${xmlEscape(e.name)}" time="0">`;
    if (e.ok) return `${head}\n      <system-out>${xmlEscape(e.detail)}</system-out>\n    </testcase>`;
    const evidence = e.violations.map((v) => `at ${violationLine(v)}`).join('\n');
    return `${head}\n      <failure message="${xmlEscape(e.detail)}" type="${xmlEscape(e.checker)}">${xmlEscape(evidence)}</failure>\n    </testcase>`;
  });
  // Sends by status, one property per producer group and status (issue 10 row 5).
  const sends = Object.fromEntries(
    r.sends.groups.flatMap((g) =>
      [...statusCounts(g), ['pending', g.pending] as const].map(([s, n]) => [`sends.${g.group}.${s}`, String(n)]),
    ),
  );
  return junitDocument(
    { suite, tests: r.expectations.length, failures, errors: 0, wallMs },
    {
      seed: String(r.seed),
      traceHash: r.traceHash,
      file: r.file,
      // A config swarm's draw (issue 13: the report says which configuration was drawn).
      ...(r.drawn !== undefined ? { drawn: describeDrawn(r.drawn) } : {}),
      ...sends,
    },
    cases,
  );
}

export interface JunitCounts {
  readonly suite: string;
  readonly tests: number;
  readonly failures: number;
  readonly errors: number;
  readonly wallMs: number;
}

/** A junit.xml document of one test suite: its counts, properties and rendered test cases. */
export function junitDocument(
  c: JunitCounts,
  properties: Readonly<Record<string, string>>,
  cases: readonly string[],
): string {
  const time = (c.wallMs / 1000).toFixed(3);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rmqsim" tests="${c.tests}" failures="${c.failures}"${c.errors > 0 ? ` errors="${c.errors}"` : ''} time="${time}">`,
    `  <testsuite name="${xmlEscape(c.suite)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="0" time="${time}">`,
    '    <properties>',
    ...Object.entries(properties).map(([k, v]) => `      <property name="${xmlEscape(k)}" value="${xmlEscape(v)}"/>`),
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
