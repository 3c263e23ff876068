// Sends by status, the one telling every summary uses (CLI, report.md,
// report.html, junit.xml; --json and report.json carry the counts as data):
// SEND_OK apart from the three "stored, but" statuses a broker may answer,
// and apart from FAILED, UNKNOWN and ONEWAY (sim/protocol/send-status.ts,
// docs/model.md §3.5, §5.4). Issue 10 row 5: a SLAVE_NOT_AVAILABLE is not
// a plain "acked". Pure.
import { FINISHED_SEND_OUTCOMES, type FinishedSendOutcome } from '../protocol/index.js';
import type { ConsumptionSummary, GroupSends } from '../scenario/index.js';
import { t, type Lang } from '../i18n/index.js';
import { formatTime } from '../engine/index.js';

/** Every finished status with its count, in report order (zeros included, so a reader sees each was counted). */
export function statusCounts(g: Pick<GroupSends, 'statuses'>): readonly (readonly [FinishedSendOutcome, number])[] {
  return FINISHED_SEND_OUTCOMES.map((s) => [s, g.statuses[s]] as const);
}

/** "SEND_OK 1554, FLUSH_DISK_TIMEOUT 0, ..., ONEWAY 0". */
export function statusBreakdown(g: Pick<GroupSends, 'statuses'>): string {
  return statusCounts(g)
    .map(([s, n]) => `${s} ${n}`)
    .join(', ');
}

/** The column heads of a per-status table, in the order of `statusCounts`. */
export const STATUS_COLUMNS: readonly FinishedSendOutcome[] = FINISHED_SEND_OUTCOMES;

/** The heads of the reports' sends table (report.md and report.html): group, rates, each status, pending. */
export function sendsTableHeads(lang: Lang): string[] {
  return [
    t(lang, 'sends.group'),
    t(lang, 'sends.offered'),
    t(lang, 'sends.achieved'),
    ...STATUS_COLUMNS,
    t(lang, 'sends.pendingColumn'),
  ];
}

/** One producer group's row of that table, under sendsTableHeads: its name (to escape per format), then numbers. */
export function sendsTableRow(g: GroupSends): readonly [string, ...number[]] {
  return [g.group, g.offeredPerSecond, g.ackedPerSecond, ...statusCounts(g).map(([, n]) => n), g.pending];
}

/**
 * How long after its sending window the group's acks went on, when by more than 1% of the window: a client
 * that could not keep up (its achieved rate counts that time); undefined otherwise, and for older reports.
 */
export function lateAcksUs(g: GroupSends): number | undefined {
  if (g.lastAckUs === undefined || g.sendingFromUs === undefined || g.sendingToUs === undefined) return undefined;
  const lateUs = g.lastAckUs - g.sendingToUs;
  return lateUs * 100 > g.sendingToUs - g.sendingFromUs ? lateUs : undefined;
}

/** "acks went on 2.612s after sending stopped at 10.000s", or undefined (lateAcksUs). */
export function lateAcksText(g: GroupSends, lang: Lang): string | undefined {
  const late = lateAcksUs(g);
  return late === undefined || g.sendingToUs === undefined
    ? undefined
    : t(lang, 'sends.lateAcks', { late: formatTime(late), stop: formatTime(g.sendingToUs) });
}

/** The lines under the reports' sends table: how the achieved rate is measured, then each group whose acks came late. */
export function achievedNotes(groups: readonly GroupSends[], lang: Lang): string[] {
  return [
    t(lang, 'sends.achievedMeaning'),
    ...groups.flatMap((g) => {
      const late = lateAcksText(g, lang);
      return late === undefined ? [] : [`${g.group}: ${late}`];
    }),
  ];
}

/** "peak backlog 1200 at 30.000s, max consume lag 1.250s (store to consume)"; undefined for older reports. */
export function consumerLoadText(g: ConsumptionSummary, lang: Lang): string | undefined {
  if (g.peakBacklog === undefined || g.peakBacklogAtUs === undefined) return undefined;
  return t(lang, 'consumption.load', {
    peak: g.peakBacklog,
    at: formatTime(g.peakBacklogAtUs),
    lag: g.maxConsumeLagUs === undefined ? t(lang, 'consumption.noLag') : formatTime(g.maxConsumeLagUs),
  });
}

/** What the reports add to a consumer group's line: "; N behind at the end (...); peak backlog ..." ('' for older reports). */
export function consumerTail(g: ConsumptionSummary, lang: Lang): string {
  const behind = g.behindAtEnd === undefined ? [] : [t(lang, 'consumption.behind', { n: g.behindAtEnd })];
  const load = consumerLoadText(g, lang);
  return [...behind, ...(load === undefined ? [] : [load])].map((x) => `; ${x}`).join('');
}
