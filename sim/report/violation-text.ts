// One violation as every human-facing output tells it (CLI, report.md,
// report.html, junit.xml): its time in the one time format (formatTime),
// the nodes in brackets when there are any, then the checker's message in the
// reader's language (sim/i18n tells a checker's phrase). Pure.
import { formatTime } from '../engine/index.js';
import { violationText, type Lang } from '../i18n/index.js';
import type { Violation } from '../check/index.js';

/** "[broker-a-0, ns-1] " or "" when the violation names no node. */
export function violationNodes(v: Pick<Violation, 'nodes'>): string {
  return v.nodes.length === 0 ? '' : `[${v.nodes.join(', ')}] `;
}

/** "1m00.000s [ns-1, broker-a-1] ns-1 does not list ...". */
export function violationLine(v: Violation, lang: Lang = 'en'): string {
  return `${formatTime(v.atUs)} ${violationNodes(v)}${violationText(lang, v)}`;
}
