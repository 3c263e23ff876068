// At-least-once delivery, read from the client history after the run:
// - every acknowledged message is consumed by every consumer group subscribed
//   to its topic. Consumed means a listener returned success (CONSUME_SUCCESS):
//   a delivery answered RECONSUME_LATER (or thrown) is not a consumption. A
//   message that exhausted its retries and went to %DLQ%group is its own
//   category, a violation unless the expectation allows it (docs/model.md
//   §3.10, §5). Losses the broker configuration allows (e.g. ASYNC_FLUSH power
//   loss, FLUSH_DISK_TIMEOUT acks) are listed separately as notes, and so are
//   messages RocketMQ skips because a power loss truncated their queue and they
//   reused an offset the consumer had already passed (offset-reuse.ts);
// - no phantom: every consumed message was sent by some producer;
// - duplicates (a second successful consumption in a group) are counted and
//   attributed by cause (consumption-rows.ts); duplicates.ts bounds them.
import type { NumericArray } from '../base/index.js';
import { formatDuration, formatTime, type Micros, type NodeId } from '../engine/index.js';
import { msgText, type ClusterEvent } from '../protocol/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';
import {
  ackedSendAt,
  ColumnTable,
  ConsumeResult,
  isAcked,
  outcomeName,
  SendOutcome,
  type AckedSend,
  type History,
} from '../history/index.js';
import {
  countDuplicates,
  describeDuplicates,
  DUPLICATE_CAUSES,
  duplicatesOver,
  groupRows,
} from './consumption-rows.js';
import { phrase } from '../i18n/index.js';
import { OffsetReuse, reuseReason } from './offset-reuse.js';
import { GraceTail } from './grace-tail.js';

export interface ConsumerGroupUnderCheck {
  readonly group: string;
  readonly topics: readonly string[];
}

export interface AtLeastOnceOptions {
  readonly history: History;
  readonly groups: readonly ConsumerGroupUnderCheck[];
  /** Messages acknowledged in the last `graceUs` of the run need not be consumed yet (default 30 s). */
  readonly graceUs?: Micros;
  /**
   * Why the broker configuration allows losing this message, or undefined when it does not.
   * Default: only non-SEND_OK statuses (stored, not yet durable or replicated) are allowed.
   */
  readonly allowedLoss?: (s: AckedSend) => string | undefined;
  /** Duplicates above this count (per group) are a violation; default: only reported. */
  readonly maxDuplicates?: number;
  /** A message its group sent to the DLQ counts as handled (default: a violation). */
  readonly allowDlq?: boolean;
  /**
   * How long after a failed delivery (RECONSUME_LATER) with this attempt number the retry comes
   * (delay level 3 + reconsumeTimes, model §3.10); undefined past the last retry. When given, a message
   * whose retry is not due before the last `graceUs` of the run is still on its way, not missing.
   */
  readonly retryDelayUs?: (attempt: number) => Micros | undefined;
}

/** Messages acknowledged in the last 30 s need not be consumed yet (a consumer pulls within seconds, §5). */
const DEFAULT_GRACE_US = 30_000_000;

/** DLQ moves seen in the trace (the broker's broker.dlq event), in columns. */
const DLQ_COLUMNS = { uid: Float64Array, group: Uint16Array, atUs: Float64Array } as const;

const defaultAllowed = (s: AckedSend): string | undefined => (s.status === 'SEND_OK' ? undefined : `acked ${s.status}`);

/** Sorted copy, for binary search. */
function sortedUids(values: { copyRows(rows: number): NumericArray }, n: number): NumericArray {
  return values.copyRows(n).sort();
}

function contains(sorted: NumericArray, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

export class AtLeastOnceChecker implements Checker {
  readonly name = 'at-least-once';
  private readonly dlq = new ColumnTable(DLQ_COLUMNS);
  /** Send row by uid, built when an offset reuse needs the message it replaced. */
  private rowOf: Map<number, number> | undefined;

  constructor(private readonly opts: AtLeastOnceOptions) {}

  /** Online: remembers every message a broker moved to a DLQ, by group. */
  onEvent(t: Micros, _node: NodeId, e: ClusterEvent): void {
    if (e.kind !== 'broker.dlq') return;
    const row = this.dlq.push();
    this.dlq.col.uid.set(row, 0, e.uid);
    this.dlq.col.group.set(row, 0, this.opts.history.names.id(e.group));
    this.dlq.col.atUs.set(row, 0, t);
  }

  finish(endUs: Micros): CheckResult {
    const h = this.opts.history;
    const log = new ViolationLog();
    const notes: string[] = [];
    const figures: Record<string, number> = {};
    const sent = sortedUids(h.sends.col.uid, h.sends.length);
    let phantoms = 0;
    const tails: GraceTail[] = [];
    for (const g of this.opts.groups) {
      const gid = h.names.peek(g.group);
      const rows = gid < 0 ? new Uint32Array(0) : groupRows(h, gid);
      phantoms += this.checkPhantoms(rows, sent, g.group, log);
      const dups = countDuplicates(h, rows);
      const tail = new GraceTail(g.group, this.graceUs);
      tails.push(tail);
      const missing = this.checkMissing(g, gid, rows, endUs, log, notes, tail);
      Object.assign(figures, tail.figures(endUs));
      figures[`${g.group}.deliveries`] = rows.length;
      figures[`${g.group}.consumed`] = missing.consumed;
      figures[`${g.group}.missing`] = missing.missing;
      figures[`${g.group}.neverSucceeded`] = missing.neverSucceeded;
      figures[`${g.group}.dlq`] = missing.dlq;
      figures[`${g.group}.allowedLoss`] = missing.allowed;
      figures[`${g.group}.duplicates`] = dups.total;
      for (const cause of DUPLICATE_CAUSES) figures[`${g.group}.dup.${cause}`] = dups.by[cause];
      if (this.opts.maxDuplicates !== undefined && dups.total > this.opts.maxDuplicates) {
        log.add(endUs, duplicatesOver(g.group, dups, this.opts.maxDuplicates), [g.group]);
      }
      notes.push(`${g.group}: ${dups.total} duplicate(s): ${describeDuplicates(dups)}`);
      if (missing.dlq > 0)
        notes.push(
          `${g.group}: ${missing.dlq} acked message(s) exhausted their retries and went to %DLQ%${g.group}${this.opts.allowDlq === true ? ' (allowed)' : ''}`,
        );
    }
    figures.phantoms = phantoms;
    figures.graceUs = this.graceUs;
    const judged = tails.reduce((n, t) => n + t.judged, 0);
    if (judged === 0 && log.count === 0)
      return notJudged(
        this.name,
        `no acknowledged message old enough to judge (acked before the last ${formatDuration(this.graceUs)} of the run)`,
        figures,
      );
    const told = `${tails.map((t) => t.describe(endUs)).join('; ')}; no phantom`;
    // What was judged must stand for the run: a group whose unjudged tail is most of it, or that lags
    // past half the grace, makes the verdict partial: not judged, never a PASS (grace-tail.ts).
    if (log.count === 0 && tails.some((t) => t.partial(endUs) !== undefined))
      return { ...notJudged(this.name, told, figures), notes };
    return { ...log.result(this.name, told, figures), notes };
  }

  private get graceUs(): Micros {
    return this.opts.graceUs ?? DEFAULT_GRACE_US;
  }

  private checkPhantoms(rows: Uint32Array, sent: NumericArray, group: string, log: ViolationLog): number {
    const h = this.opts.history;
    const c = h.consumptions.col;
    let phantoms = 0;
    let prev = -1;
    for (const r of rows) {
      const uid = c.uid.get(r);
      if (uid === prev) continue;
      prev = uid;
      if (contains(sent, uid)) continue;
      phantoms++;
      const instance = h.names.nameOf(c.instance.get(r));
      log.add(c.atUs.get(r), phrase('alo.phantom', { msg: msgText(uid), group, instance }), [instance]);
    }
    return phantoms;
  }

  /** Sorted uids of a group's rows that pass `keep`. */
  private uidsOf(rows: Uint32Array, keep: (row: number) => boolean): Float64Array {
    const cc = this.opts.history.consumptions.col;
    const out = new Float64Array(rows.length);
    let n = 0;
    for (const r of rows) if (keep(r)) out[n++] = cc.uid.get(r);
    return out.subarray(0, n); // rows are sorted by uid already
  }

  private dlqUids(gid: number): Float64Array {
    const d = this.dlq.col;
    const out: number[] = [];
    for (let i = 0; i < this.dlq.length; i++) if (d.group.get(i) === gid) out.push(d.uid.get(i));
    return Float64Array.from(out).sort();
  }

  private checkMissing(
    g: ConsumerGroupUnderCheck,
    gid: number,
    rows: Uint32Array,
    endUs: Micros,
    log: ViolationLog,
    notes: string[],
    tail: GraceTail,
  ): { consumed: number; missing: number; neverSucceeded: number; dlq: number; allowed: number } {
    const h = this.opts.history;
    const cc = h.consumptions.col;
    const succeeded = this.uidsOf(rows, (r) => cc.result.get(r) === ConsumeResult.OK);
    // Every delivery's uid, needed only for a message not consumed (most runs have none): built then.
    let deliveredUids: Float64Array | undefined;
    const delivered = (uid: number): boolean => contains((deliveredUids ??= this.uidsOf(rows, () => true)), uid);
    const dlq = this.dlqUids(gid);
    const topics = new Set(g.topics.map((t) => h.names.peek(t)));
    const deadline = endUs - this.graceUs;
    const allowedLoss = this.opts.allowedLoss ?? defaultAllowed;
    const s = h.sends.col;
    const out = { consumed: 0, missing: 0, neverSucceeded: 0, dlq: 0, allowed: 0 };
    // Built only when a message is missing (most runs have none): it indexes every delivery of the group.
    let reuse: OffsetReuse | undefined;
    for (let i = 0; i < h.sends.length; i++) {
      const outcome = s.outcome.get(i);
      if (!isAcked(outcome) || !topics.has(s.topic.get(i))) continue;
      tail.acked++;
      const uid = s.uid.get(i);
      if (contains(succeeded, uid)) {
        out.consumed++;
        tail.consumed++;
        continue;
      }
      if (s.doneUs.get(i) > deadline) {
        // A loss the configuration allows is not the group lagging behind it.
        tail.add(s.doneUs.get(i), delivered(uid) || allowedLoss(ackedSendAt(h, i)) !== undefined);
        continue;
      }
      const acked = ackedSendAt(h, i);
      const where = `${acked.brokerName}#${acked.queueId}@${acked.queueOffset}`;
      const said = { msg: msgText(uid), status: acked.status, where, at: formatTime(acked.atUs) };
      if (contains(dlq, uid)) {
        out.dlq++;
        if (this.opts.allowDlq !== true)
          log.add(acked.atUs, phrase('alo.dlq', { ...said, group: g.group }), [acked.brokerName]);
        continue;
      }
      const reason =
        this.retryPending(rows, uid, deadline) ??
        allowedLoss(acked) ??
        (delivered(uid) ? undefined : this.reused((reuse ??= new OffsetReuse(h, rows)), i, acked, allowedLoss));
      if (reason !== undefined) {
        out.allowed++;
        notes.push(
          `${g.group}: ${msgText(uid)} (${where}, acked at ${formatTime(acked.atUs)}) not consumed; allowed: ${reason}`,
        );
        continue;
      }
      out.missing++;
      if (delivered(uid)) {
        out.neverSucceeded++;
        log.add(acked.atUs, phrase('alo.never-succeeded', { ...said, group: g.group }), [acked.brokerName]);
      } else {
        log.add(acked.atUs, phrase('alo.never-consumed', { ...said, group: g.group }), [acked.brokerName]);
      }
    }
    return out;
  }

  /** Why a message whose every delivery failed may still be unconsumed: its next retry is due after `deadline`. */
  private retryPending(rows: Uint32Array, uid: number, deadline: Micros): string | undefined {
    const delay = this.opts.retryDelayUs;
    if (delay === undefined) return undefined;
    const cc = this.opts.history.consumptions.col;
    // Rows are sorted by (uid, time): the last row of this uid is its latest delivery.
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cc.uid.get(rows[mid] as number) <= uid) lo = mid + 1;
      else hi = mid;
    }
    const last = lo > 0 ? (rows[lo - 1] as number) : -1;
    if (last < 0 || cc.uid.get(last) !== uid || cc.result.get(last) === ConsumeResult.OK) return undefined;
    const wait = delay(cc.attempt.get(last));
    const dueUs = cc.atUs.get(last) + (wait ?? 0);
    return wait !== undefined && dueUs > deadline
      ? `its delivery at ${formatTime(cc.atUs.get(last))} failed and its retry is due at ${formatTime(dueUs)}, too late to judge`
      : undefined;
  }

  /** Why a message at a reused offset may go unconsumed: the loss of the one it replaced was allowed (or never promised). */
  private reused(
    reuse: OffsetReuse,
    i: number,
    acked: AckedSend,
    allowedLoss: (s: AckedSend) => string | undefined,
  ): string | undefined {
    const replaced = reuse.replaced(i, acked.brokerName, acked.queueId, acked.queueOffset);
    if (replaced === undefined) return undefined;
    const h = this.opts.history;
    this.rowOf ??= new Map(Array.from({ length: h.sends.length }, (_, r) => [h.sends.col.uid.get(r), r] as const));
    const row = this.rowOf.get(replaced.uid);
    const why =
      row === undefined || !isAcked(h.sends.col.outcome.get(row))
        ? 'it was never acknowledged'
        : allowedLoss(ackedSendAt(h, row));
    return why === undefined ? undefined : reuseReason(acked.queueOffset, replaced, why);
  }
}

/** Counts sends per outcome name (reports and tests). */
export function outcomeCounts(h: History): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < h.sends.length; i++) {
    const o = h.sends.col.outcome.get(i);
    if (o === SendOutcome.PENDING) continue;
    const name = outcomeName(o);
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}
