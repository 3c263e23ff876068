// report.md: a summary fit for a pull request. The verdict first, then the
// expectations with their evidence, the faults applied, the decisions the
// cluster made, key figures, and the commands that reproduce the run. Pure.
import { formatTime } from '../engine/index.js';
import { describeDrawn, type RunResult } from '../scenario/index.js';
import { replayCommand, type RunMeta } from './render-json.js';
import { compactNodes, groupTimeline, lineText } from './timeline-groups.js';
import { achievedNotes, consumerTail, sendsTableHeads, sendsTableRow } from './send-statuses.js';
import { violationLine } from './violation-text.js';
import { descriptionIn, noteText, t, zhDetail, zhStoryOf, type Lang } from '../i18n/index.js';
import type { Violation } from '../check/index.js';

const MAX_TIMELINE = 40;
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A verdict's detail or note in `lang` (the checkers write English). */
export function detailText(lang: Lang, s: string, violations: readonly Violation[] = []): string {
  return lang === 'zh' ? zhDetail(s, violations) : s;
}

function expectationRows(r: RunResult, lang: Lang): string[] {
  const rows = [`| | ${t(lang, 'report.expectation')} | ${t(lang, 'report.detail')} |`, '|---|---|---|'];
  for (const e of r.expectations)
    rows.push(
      `| ${e.ok ? t(lang, 'verdict.pass') : `**${t(lang, 'verdict.fail')}**`} | ${cell(e.name)} | ${cell(detailText(lang, e.detail, e.violations))} |`,
    );
  const evidence: string[] = [];
  for (const e of r.expectations) {
    if (e.violations.length === 0 && e.notes.length === 0) continue;
    evidence.push('', `**${e.name}**`, '');
    for (const v of e.violations) evidence.push(`- ${violationLine(v, lang)}`);
    for (const n of e.notes) evidence.push(`- ${t(lang, 'verdict.note')}: ${noteText(lang, n, e.notePhrases)}`);
  }
  return [...rows, ...evidence];
}

function faultLines(r: RunResult, lang: Lang): string[] {
  if (r.faults.length === 0) return [t(lang, 'report.noFaults')];
  return r.faults.map((f) => {
    const until = f.endUs === undefined ? '' : ` until ${formatTime(f.endUs)}`;
    return `- ${formatTime(f.startUs)}${until}: ${f.random ? '(random) ' : ''}${f.detail}`;
  });
}

/** The decisions from the first fault on (start-up is summarized): what a reviewer wants to see. */
function timelineLines(r: RunResult, lang: Lang): string[] {
  const all = groupTimeline(r.timeline.filter((e) => e.major));
  const firstFaultUs = r.faults.reduce((m, f) => Math.min(m, f.startUs), Infinity);
  const fromFault = all.filter((e) => e.atUs >= firstFaultUs);
  const shown = fromFault.length > 0 ? fromFault : all;
  const skipped = all.length - shown.length;
  const lines = skipped > 0 ? [`- ... ${skipped} start-up decisions before the first fault (see report.html)`] : [];
  lines.push(
    ...shown
      .slice(0, MAX_TIMELINE)
      .map(
        (e) =>
          `- \`${formatTime(e.atUs)}\` ${e.nodes.length === 0 ? '' : `**${compactNodes(e.nodes)}** `}${lineText(e, lang)}`,
      ),
  );
  if (shown.length > MAX_TIMELINE) lines.push(`- ... ${shown.length - MAX_TIMELINE} more in report.html`);
  return lines.length === 0 ? ['No decisions were recorded.'] : lines;
}

function sendLines(r: RunResult, lang: Lang): string[] {
  if (r.sends.groups.length === 0) return [];
  const heads = sendsTableHeads(lang);
  const rows = r.sends.groups.map((g) => {
    const [group, ...numbers] = sendsTableRow(g);
    return `| ${[cell(group), ...numbers].join(' | ')} |`;
  });
  const consumed = r.consumption.map(
    (g) =>
      `- ${g.group} consumed ${g.total} message(s)${g.failed > 0 ? `, ${g.failed} answered RECONSUME_LATER` : ''}${consumerTail(g, lang)}`,
  );
  const achieved = achievedNotes(r.sends.groups, lang).map((l) => `- ${l}`);
  return [`| ${heads.join(' | ')} |`, `|${'---|'.repeat(heads.length)}`, ...rows, '', ...achieved, ...consumed, ''];
}

function statLines(r: RunResult): string[] {
  const keys = Object.keys(r.stats).sort();
  if (keys.length === 0) return [];
  return ['| figure | value |', '|---|---|', ...keys.map((k) => `| ${cell(k)} | ${r.stats[k] ?? 0} |`)];
}

/** In Chinese, the shipped scenario's story from the catalogue, as a quote. */
function storyLines(r: RunResult, lang: Lang): string[] {
  const story = lang === 'zh' ? zhStoryOf(r.scenario) : undefined;
  return story === undefined ? [] : [...story.map((l) => `> ${l}`), ''];
}

export function renderMarkdown(r: RunResult, meta: RunMeta): string {
  const lang = meta.lang ?? 'en';
  const failed = r.expectations.filter((e) => !e.ok).length;
  const n = r.expectations.length;
  const verdict = r.ok ? t(lang, 'verdict.allHold', { n }) : t(lang, 'verdict.broken', { failed, n });
  const p = r.sends.percentiles.map((x) => `p${x.p} ${(x.us / 1000).toFixed(1)} ms`).join(', ');
  return [
    `# rmqsim: ${r.scenario} (seed ${r.seed})`,
    '',
    `**${verdict}**`,
    '',
    descriptionIn(lang, r.scenario, r.description),
    '',
    ...storyLines(r, lang),
    `[${t(lang, 'report.viewer')}](viewer.html)`,
    '',
    `Simulated ${formatTime(r.simulatedMs * 1000)} in ${(meta.wallMs / 1000).toFixed(1)} s wall time; ${r.events} events; trace hash \`${r.traceHash}\`${r.bugs.length > 0 ? `; bug switches: ${r.bugs.join(', ')}` : ''}.`,
    '',
    ...(r.drawn !== undefined ? [`Drawn configuration (swarm): ${describeDrawn(r.drawn)}.`, ''] : []),
    `## ${t(lang, 'expectations.title')}`,
    '',
    ...expectationRows(r, lang),
    '',
    `## ${t(lang, 'report.faults')}`,
    '',
    ...faultLines(r, lang),
    '',
    `## ${t(lang, 'report.whatHappened')}`,
    '',
    ...timelineLines(r, lang),
    '',
    `## ${t(lang, 'report.figures')}`,
    '',
    `Send latency (acknowledged sends): ${p || 'no acknowledged sends'}.`,
    '',
    ...sendLines(r, lang),
    ...statLines(r),
    '',
    `## ${t(lang, 'report.reproduce')}`,
    '',
    '```sh',
    replayCommand(r),
    '```',
    '',
  ].join('\n');
}
