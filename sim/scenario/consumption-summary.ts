// Each consumer group's line of the run summary: what it consumed (from the client
// history) and how far behind it was when the run ended (mqadmin's Diff Total at the
// last instant), so a backlog that consume threads and processing time build is visible
// without `rmqsim inspect`. A declared group that consumed nothing still gets its line.
import { diffTotal, type AdminSnapshot, type ConsumerGroupSpec } from '../cluster/index.js';
import type { ConsumptionSummary } from './result.js';

export function consumptionSummaries(
  consumed: readonly ConsumptionSummary[],
  declared: readonly ConsumerGroupSpec[],
  atEnd: AdminSnapshot | undefined,
): ConsumptionSummary[] {
  const groups = [...consumed];
  for (const c of declared)
    if (!groups.some((g) => g.group === c.group)) groups.push({ group: c.group, total: 0, failed: 0 });
  // No NameServer at the end: no route to read the queues from, as for mqadmin itself.
  if (atEnd === undefined || atEnd.namesrv === null) return groups;
  return groups.map((g) => {
    const rows = atEnd.consumerProgress[g.group];
    return rows === undefined ? g : { ...g, behindAtEnd: diffTotal(rows) };
  });
}
