// Human output of a run: a compact colour timeline (time, node, what happened
// and why), then the expectations table with evidence, the report paths and,
// on failure, the command that replays the run.
import type { ChalkInstance } from 'chalk';
import { formatTime } from '../engine/index.js';
import { descriptionIn, noteText, t, violationText, zhDetail, type Lang } from '../i18n/index.js';
import {
  compactNodes,
  consumerLoadText,
  groupTimeline,
  lateAcksText,
  lineText,
  statusCounts,
  violationNodes,
  type TimelineLine,
} from '../report/index.js';
import type { ExpectationVerdict, RunResult } from '../scenario/index.js';
import type { Writer } from './io.js';

export type Verbosity = 'quiet' | 'normal' | 'verbose';

const MAX_EVIDENCE = 5;

function entryLine(c: ChalkInstance, e: TimelineLine, nodeWidth: number, lang: Lang): string {
  const time = c.dim(formatTime(e.atUs).padStart(11));
  const nodes = compactNodes(e.nodes);
  const node = c.cyan(nodes.padEnd(nodeWidth));
  const said = lineText(e, lang);
  const text =
    e.source === 'fault' ? c.red.bold(said) : e.source === 'lifecycle' ? c.yellow(said) : e.major ? said : c.dim(said);
  return `${time}  ${node}  ${text}`;
}

/** A verdict's detail, note or evidence line in the language asked for (English is the checkers' own). */
export function detailIn(lang: Lang, detail: string, violations: ExpectationVerdict['violations'] = []): string {
  return lang === 'zh' ? zhDetail(detail, violations) : detail;
}

export function printTimeline(
  c: ChalkInstance,
  out: Writer,
  r: RunResult,
  verbosity: Verbosity,
  lang: Lang = 'en',
): void {
  if (verbosity === 'quiet') return;
  const entries = groupTimeline(verbosity === 'verbose' ? r.timeline : r.timeline.filter((e) => e.major));
  const nodeWidth = Math.min(16, Math.max(4, ...entries.map((e) => compactNodes(e.nodes).length)));
  out.write(
    `${c.bold(t(lang, 'timeline.title'))} ${c.dim(t(lang, verbosity === 'verbose' ? 'timeline.verbose' : 'timeline.normal'))}\n`,
  );
  for (const e of entries) out.write(`${entryLine(c, e, nodeWidth, lang)}\n`);
  if (r.timelineDropped > 0 && verbosity === 'verbose')
    out.write(
      c.dim(
        `  ... ${r.timelineDropped} more routine events were left out of the timeline (cap); the trace hash covers them all\n`,
      ),
    );
  out.write('\n');
}

function evidenceLines(c: ChalkInstance, e: ExpectationVerdict, lang: Lang, reportDir: string | undefined): string[] {
  const lines = e.violations
    .slice(0, MAX_EVIDENCE)
    .map((v) => `        ${c.dim(formatTime(v.atUs))} ${c.cyan(violationNodes(v))}${violationText(lang, v)}`);
  lines.push(...moreLine(c, e.violations.length, lang, reportDir));
  for (const n of e.notes.slice(0, MAX_EVIDENCE))
    lines.push(`        ${c.yellow(`${t(lang, 'verdict.note')}:`)} ${noteText(lang, n, e.notePhrases)}`);
  lines.push(...moreLine(c, e.notes.length, lang, reportDir));
  return lines;
}

/** "... 43 more of 48 in DIR/report.json" when `total` is more than the CLI shows (issue 10 row 8: counts stated truthfully). */
function moreLine(c: ChalkInstance, total: number, lang: Lang, reportDir: string | undefined): string[] {
  const more = total - MAX_EVIDENCE;
  if (more <= 0) return [];
  return [
    c.dim(
      `        ${reportDir === undefined ? t(lang, 'verdict.moreUnwritten', { more, total }) : t(lang, 'verdict.moreIn', { more, total, file: `${reportDir}/report.json` })}`,
    ),
  ];
}

/** The expectations with their evidence; `reportDir` is where report.json (every violation) was written, if it was. */
export function printExpectations(
  c: ChalkInstance,
  out: Writer,
  r: RunResult,
  lang: Lang = 'en',
  reportDir?: string,
): void {
  out.write(`${c.bold(t(lang, 'expectations.title'))}\n`);
  const width = Math.max(...r.expectations.map((e) => e.name.length), 10);
  for (const e of r.expectations) {
    const badge = e.ok ? c.green.bold(t(lang, 'verdict.pass')) : c.red.bold(t(lang, 'verdict.fail'));
    out.write(`  ${badge}  ${e.name.padEnd(width)}  ${detailIn(lang, e.detail, e.violations)}\n`);
    for (const line of evidenceLines(c, e, lang, reportDir)) out.write(`${line}\n`);
  }
  if (r.expectations.length === 0) out.write(c.dim(`  ${t(lang, 'expectations.none')}\n`));
  out.write('\n');
}

export function printSends(c: ChalkInstance, out: Writer, r: RunResult, lang: Lang = 'en'): void {
  if (r.sends.groups.length === 0) return;
  out.write(`${c.bold(t(lang, 'sends.title'))}\n`);
  const width = Math.max(...r.sends.groups.map((g) => g.group.length));
  for (const g of r.sends.groups) {
    const statuses = statusCounts(g)
      .map(([s, n]) => (n === 0 ? c.dim(`${s} 0`) : s === 'SEND_OK' ? `${s} ${n}` : c.red(`${s} ${n}`)))
      .join(c.dim(', '));
    const pending = g.pending > 0 ? c.yellow(`; ${t(lang, 'sends.pending', { n: g.pending })}`) : '';
    const late = lateAcksText(g, lang);
    out.write(
      `  ${g.group.padEnd(width)}  ${t(lang, 'sends.rates', { offered: g.offeredPerSecond, achieved: g.ackedPerSecond })}: ${statuses}${pending}${late === undefined ? '' : c.yellow(`; ${late}`)}\n`,
    );
  }
  const pct = r.sends.percentiles.map((p) => `p${p.p} ${(p.us / 1000).toFixed(2)}ms`).join('  ');
  out.write(`  ${c.dim(`${t(lang, 'sends.latency')}:`)} ${pct}\n`);
  for (const g of r.consumption) {
    const behind =
      g.behindAtEnd === undefined
        ? ''
        : c.dim('; ') + (g.behindAtEnd > 0 ? c.yellow : c.dim)(t(lang, 'consumption.behind', { n: g.behindAtEnd }));
    const load = consumerLoadText(g, lang);
    out.write(
      `  ${c.dim('consumed by')} ${g.group}: ${g.total}${g.failed > 0 ? ` (${g.failed} RECONSUME_LATER)` : ''}${behind}${load === undefined ? '' : c.dim('; ') + load}\n`,
    );
  }
  out.write('\n');
}

export function printHeader(
  c: ChalkInstance,
  out: Writer,
  r: Pick<RunResult, 'scenario' | 'seed' | 'description' | 'bugs'>,
  durationText: string,
  lang: Lang = 'en',
): void {
  const bugs = r.bugs.length > 0 ? c.magenta(`  bug switches: ${r.bugs.join(', ')}`) : '';
  out.write(`${c.bold(`rmqsim run ${r.scenario}`)}  seed ${c.bold(String(r.seed))}  ${c.dim(durationText)}${bugs}\n`);
  if (r.description !== '') out.write(`${c.dim(descriptionIn(lang, r.scenario, r.description))}\n`);
  out.write('\n');
}

export function printVerdict(c: ChalkInstance, out: Writer, r: RunResult, wallMs: number, lang: Lang = 'en'): void {
  const failed = r.expectations.filter((e) => !e.ok).length;
  const figures = c.dim(
    t(lang, 'verdict.figures', {
      simulated: formatTime(r.simulatedMs * 1000),
      wall: (wallMs / 1000).toFixed(2),
      events: r.events,
      trace: r.traceHash,
    }),
  );
  const n = r.expectations.length;
  const verdict = r.ok
    ? c.green.bold(t(lang, 'verdict.allHold', { n }))
    : c.red.bold(t(lang, 'verdict.broken', { failed, n }));
  out.write(`${verdict}  ${figures}\n`);
}
