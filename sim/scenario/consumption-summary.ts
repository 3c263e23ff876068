// Each consumer group's line of the run summary: what it consumed (from the client
// history) and how far behind it was when the run ended (mqadmin's Diff Total at the
// last instant), so a backlog that consume threads and processing time build is visible
// without `rmqsim inspect`, and over the run: its peak backlog and its longest consume
// lag (history/backlog.ts, History.maxConsumeLagUs: figures per group, nothing per
// message). A declared group that consumed nothing still gets its line.
import { diffTotal, type AdminSnapshot, type ConsumerGroupSpec } from '../cluster/index.js';
import { backlogPeak, type History } from '../history/index.js';
import type { Micros } from '../engine/index.js';
import type { ConsumptionSummary } from './result.js';

/** A declared group's load over the run: its peak backlog (at the run's send buckets' ends) and longest consume lag. */
export function consumerLoad(
  h: History,
  c: ConsumerGroupSpec,
  bucketUs: Micros,
  endUs: Micros,
): Pick<ConsumptionSummary, 'peakBacklog' | 'peakBacklogAtUs' | 'maxConsumeLagUs'> {
  const copies = c.model === 'BROADCASTING' ? c.instances : 1;
  const peak = backlogPeak(h, { group: c.group, topics: c.topics, copies }, bucketUs, endUs);
  const lag = h.maxConsumeLagUs(c.group);
  return {
    peakBacklog: peak.peak,
    peakBacklogAtUs: peak.atUs,
    ...(lag === undefined ? {} : { maxConsumeLagUs: lag }),
  };
}

export function consumptionSummaries(
  consumed: readonly ConsumptionSummary[],
  declared: readonly ConsumerGroupSpec[],
  atEnd: AdminSnapshot | undefined,
  load?: (c: ConsumerGroupSpec) => Partial<ConsumptionSummary>,
): ConsumptionSummary[] {
  const groups = consumed.map((g): ConsumptionSummary => {
    const spec = declared.find((c) => c.group === g.group);
    return spec === undefined || load === undefined ? g : { ...g, ...load(spec) };
  });
  for (const c of declared)
    if (!groups.some((g) => g.group === c.group))
      groups.push({ group: c.group, total: 0, failed: 0, ...(load === undefined ? {} : load(c)) });
  // No NameServer at the end: no route to read the queues from, as for mqadmin itself.
  if (atEnd === undefined || atEnd.namesrv === null) return groups;
  return groups.map((g) => {
    const rows = atEnd.consumerProgress[g.group];
    return rows === undefined ? g : { ...g, behindAtEnd: diffTotal(rows) };
  });
}
