// junit.xml for CI systems: one test suite per run, one test case per
// expectation; a broken expectation is a <failure> carrying its detail and
// evidence. Pure.
import { formatTime } from '../engine/index.js';
import type { RunResult } from '../scenario/index.js';

/** XML 1.0 forbids most control characters even when escaped; tab, LF and CR stay. */
function isXmlChar(code: number): boolean {
  return code >= 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function xmlEscape(s: string): string {
  let clean = '';
  for (const ch of s) if (isXmlChar(ch.charCodeAt(0))) clean += ch;
  return clean.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function renderJunit(r: RunResult, wallMs: number): string {
  const failures = r.expectations.filter((e) => !e.ok).length;
  const suite = `${r.scenario} (seed ${r.seed})`;
  const cases = r.expectations.map((e) => {
    const head = `    <testcase classname="${xmlEscape(`rmqsim.${r.scenario}`)}" name="${xmlEscape(e.name)}" time="0">`;
    if (e.ok) return `${head}\n      <system-out>${xmlEscape(e.detail)}</system-out>\n    </testcase>`;
    const evidence = e.violations.map((v) => `at ${formatTime(v.atUs)} [${v.nodes.join(', ')}] ${v.message}`).join('\n');
    return `${head}\n      <failure message="${xmlEscape(e.detail)}" type="${xmlEscape(e.checker)}">${xmlEscape(evidence)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rmqsim" tests="${r.expectations.length}" failures="${failures}" time="${(wallMs / 1000).toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${r.expectations.length}" failures="${failures}" errors="0" skipped="0" time="${(wallMs / 1000).toFixed(3)}">`,
    '    <properties>',
    `      <property name="seed" value="${r.seed}"/>`,
    `      <property name="traceHash" value="${xmlEscape(r.traceHash)}"/>`,
    `      <property name="file" value="${xmlEscape(r.file)}"/>`,
    '    </properties>',
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
