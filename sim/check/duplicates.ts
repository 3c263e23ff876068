// A bound on duplicate consumption: RocketMQ promises at-least-once, so a
// group sees a message again after a retry, a rebalance or a crash before the
// offset commit (docs/model.md §5); this checker says how many is too many.
// Duplicates are successful consumptions after a message's first successful
// one, counted per group and attributed by cause (consumption-rows.ts).
import type { Micros } from '../engine/index.js';
import type { History } from '../history/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';
import {
  countDuplicates,
  describeDuplicates,
  DUPLICATE_CAUSES,
  duplicatesOver,
  groupRows,
} from './consumption-rows.js';
import { explainedAt, type DuplicateEvent, type DuplicateMargins } from './duplicate-windows.js';
import { firstDeliveryAt } from './first-delivery.js';
import { resetRedelivers, type OffsetReset } from './reset-redeliveries.js';
import { rePutCopiesExplain, storedCopiesExplain } from './stored-copies.js';

/** Duplicates that follow the faults: what happened in the run (read at the end) and the margins around it. */
export interface DuplicatesFollow {
  /** Faults injected, masters changed, and the group's instances' queue allocations changed. */
  readonly events: () => readonly DuplicateEvent[];
  readonly margins: DuplicateMargins;
  /** The group's offset resets after PULL_OFFSET_MOVED (read at the end): what they re-deliver is not excused. */
  readonly resets?: () => readonly OffsetReset[];
  /** Uids whose delayed copy the schedule service failed to re-put (read at the end): it may be stored twice. */
  readonly rePutFailed?: () => ReadonlySet<number>;
}

export interface DuplicatesOptions {
  readonly history: History;
  readonly group: string;
  /** At most this many duplicate consumptions in the group over the run. */
  readonly max: number;
  /** When given, duplicates of a message first consumed near a fault, a master change or a rebalance are not counted. */
  readonly follow?: DuplicatesFollow;
}

export class DuplicatesChecker implements Checker {
  readonly name = 'duplicates';

  constructor(private readonly opts: DuplicatesOptions) {}

  finish(endUs: Micros): CheckResult {
    const { history: h, group, max } = this.opts;
    const gid = h.names.peek(group);
    const rows = gid < 0 ? new Uint32Array(0) : groupRows(h, gid);
    if (rows.length === 0)
      return notJudged(this.name, `${group} consumed nothing`, { consumed: 0, duplicates: 0, max });
    const follow = this.opts.follow;
    const d = countDuplicates(h, rows, follow === undefined ? undefined : this.excuse(follow, rows));
    const log = new ViolationLog();
    if (d.total > max) log.add(endUs, duplicatesOver(group, d, max), [group]);
    const figures: Record<string, number> = { consumed: rows.length, duplicates: d.total, max };
    for (const cause of DUPLICATE_CAUSES) figures[`dup.${cause}`] = d.by[cause];
    const excused =
      this.opts.follow === undefined ? '' : `; ${d.excused} more near a fault, master change or rebalance`;
    if (this.opts.follow !== undefined) figures['excused'] = d.excused;
    return log.result(
      this.name,
      `${group}: ${d.total} duplicate(s) <= ${max} (${describeDuplicates(d)})${excused}`,
      figures,
    );
  }

  /**
   * Explained: first consumed, or its position first delivered (first-delivery.ts: a failed delivery sent back,
   * whose position is read again), near an event that moves the group back (unless an offset reset re-delivered
   * it, reset-redeliveries.ts), or a success of a second stored copy
   * (stored-copies.ts: a send stored again by the producer's retry, §5.4, is a different queue position, not a
   * re-delivery).
   */
  private excuse(follow: DuplicatesFollow, rows: Uint32Array): (firstRow: number, row: number) => boolean {
    const c = this.opts.history.consumptions.col;
    const near = explainedAt(follow.events(), follow.margins);
    const anotherCopy = storedCopiesExplain(this.opts.history, rows);
    const byReset = resetRedelivers(this.opts.history, follow.resets?.() ?? []);
    const delivered = firstDeliveryAt(this.opts.history, rows);
    const rePutCopy = rePutCopiesExplain(this.opts.history, follow.rePutFailed?.() ?? new Set());
    return (first, row) =>
      anotherCopy(first, row) ||
      rePutCopy(first, row) ||
      ((near(c.atUs.get(first)) || near(delivered(first))) && !byReset(first, row));
  }
}
