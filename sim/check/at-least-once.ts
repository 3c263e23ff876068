// At-least-once delivery, read from the client history after the run:
// - every acknowledged message is consumed (at least one delivery) by every
//   consumer group subscribed to its topic; losses the broker configuration
//   allows (e.g. ASYNC_FLUSH power loss, FLUSH_DISK_TIMEOUT acks) are listed
//   separately as notes, not violations;
// - no phantom: every consumed message was sent by some producer;
// - duplicates (a second successful consumption in a group) are counted and
//   attributed: redelivered through the retry topic, taken over by another
//   instance (rebalance or crash), or consumed again by the same instance
//   (offset rolled back, e.g. a failover to a slave with older offsets).
import { formatTime, type Micros } from '../engine/index.js';
import { uidClient, uidSeq } from '../protocol/index.js';
import { ViolationLog, type Checker, type CheckResult } from './checker.js';
import { ackedSendAt, ConsumeResult, isAcked, OUTCOME_NAMES, SendOutcome, type AckedSend, type History } from '../history/index.js';

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
}

export type DuplicateCause = 'retry' | 'other-instance' | 'offset-rollback';

const defaultAllowed = (s: AckedSend): string | undefined => (s.status === 'SEND_OK' ? undefined : `acked ${s.status}`);

function describeUid(uid: number): string {
  return `msg ${uidClient(uid)}:${uidSeq(uid)}`;
}

/** Sorted copy, for binary search. */
function sortedUids(values: Float64Array, n: number): Float64Array {
  return values.slice(0, n).sort();
}

function contains(sorted: Float64Array, x: number): boolean {
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

  constructor(private readonly opts: AtLeastOnceOptions) {}

  finish(endUs: Micros): CheckResult {
    const h = this.opts.history;
    const log = new ViolationLog();
    const notes: string[] = [];
    const figures: Record<string, number> = {};
    const sent = sortedUids(h.sends.col.uid, h.sends.length);
    let phantoms = 0;
    for (const g of this.opts.groups) {
      const gid = h.names.peek(g.group);
      const rows = this.groupRows(gid);
      phantoms += this.checkPhantoms(rows, sent, g.group, log);
      const dups = this.duplicates(rows);
      const missing = this.checkMissing(g, rows, endUs, log, notes);
      figures[`${g.group}.consumed`] = rows.length;
      figures[`${g.group}.missing`] = missing.missing;
      figures[`${g.group}.allowedLoss`] = missing.allowed;
      figures[`${g.group}.duplicates`] = dups.total;
      for (const cause of ['retry', 'other-instance', 'offset-rollback'] as const) figures[`${g.group}.dup.${cause}`] = dups.by[cause];
      if (this.opts.maxDuplicates !== undefined && dups.total > this.opts.maxDuplicates) {
        log.add(endUs, `group ${g.group}: ${dups.total} duplicate consumptions > ${this.opts.maxDuplicates} (retry ${dups.by.retry}, other instance ${dups.by['other-instance']}, offset rollback ${dups.by['offset-rollback']})`, [g.group]);
      }
      notes.push(`${g.group}: ${dups.total} duplicate(s): retry ${dups.by.retry}, other instance ${dups.by['other-instance']}, offset rollback ${dups.by['offset-rollback']}`);
    }
    figures.phantoms = phantoms;
    const result = log.result(this.name, `every acknowledged message consumed by ${this.opts.groups.map((g) => g.group).join(', ')}; no phantom`, figures);
    return { ...result, notes };
  }

  /** Row indexes of one group's consumptions, sorted by (uid, time). */
  private groupRows(gid: number): Uint32Array {
    const c = this.opts.history.consumptions.col;
    const n = this.opts.history.consumptions.length;
    let count = 0;
    for (let i = 0; i < n; i++) if (c.group[i] === gid) count++;
    const rows = new Uint32Array(count);
    let k = 0;
    for (let i = 0; i < n; i++) if (c.group[i] === gid) rows[k++] = i;
    // Rows are in time order already; a stable sort by uid keeps that order within a uid.
    return Uint32Array.from(Array.from(rows).sort((a, b) => (c.uid[a] as number) - (c.uid[b] as number) || a - b));
  }

  private checkPhantoms(rows: Uint32Array, sent: Float64Array, group: string, log: ViolationLog): number {
    const h = this.opts.history;
    const c = h.consumptions.col;
    let phantoms = 0;
    let prev = -1;
    for (const r of rows) {
      const uid = c.uid[r] as number;
      if (uid === prev) continue;
      prev = uid;
      if (contains(sent, uid)) continue;
      phantoms++;
      log.add(c.atUs[r] as number, `${describeUid(uid)} consumed by ${group} on ${h.names.nameOf(c.instance[r] as number)} but never sent (phantom)`, [h.names.nameOf(c.instance[r] as number)]);
    }
    return phantoms;
  }

  private duplicates(rows: Uint32Array): { total: number; by: Record<DuplicateCause, number> } {
    const c = this.opts.history.consumptions.col;
    const by: Record<DuplicateCause, number> = { retry: 0, 'other-instance': 0, 'offset-rollback': 0 };
    let total = 0;
    let firstOk = -1;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const prevRow = i > 0 ? (rows[i - 1] as number) : -1;
      if (prevRow < 0 || c.uid[prevRow] !== c.uid[r]) firstOk = -1;
      if (c.result[r] !== ConsumeResult.OK) continue;
      if (firstOk < 0) {
        firstOk = r;
        continue;
      }
      total++;
      if ((c.attempt[r] as number) > 0 && c.topic[r] !== c.topic[firstOk]) by.retry++;
      else if (c.instance[r] !== c.instance[firstOk]) by['other-instance']++;
      else by['offset-rollback']++;
    }
    return { total, by };
  }

  private checkMissing(g: ConsumerGroupUnderCheck, rows: Uint32Array, endUs: Micros, log: ViolationLog, notes: string[]): { missing: number; allowed: number } {
    const h = this.opts.history;
    const cc = h.consumptions.col;
    const consumed = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) consumed[i] = cc.uid[rows[i] as number] as number;
    const topics = new Set(g.topics.map((t) => h.names.peek(t)));
    const deadline = endUs - (this.opts.graceUs ?? 30_000_000);
    const allowedLoss = this.opts.allowedLoss ?? defaultAllowed;
    const s = h.sends.col;
    let missing = 0;
    let allowed = 0;
    for (let i = 0; i < h.sends.length; i++) {
      const outcome = s.outcome[i] as number;
      if (!isAcked(outcome) || !topics.has(s.topic[i] as number) || (s.doneUs[i] as number) > deadline) continue;
      const uid = s.uid[i] as number;
      if (contains(consumed, uid)) continue;
      const acked = ackedSendAt(h, i);
      const where = `${acked.brokerName}#${acked.queueId}@${acked.queueOffset}`;
      const reason = allowedLoss(acked);
      if (reason !== undefined) {
        allowed++;
        if (allowed <= 20) notes.push(`${g.group}: ${describeUid(uid)} (${where}, acked at ${formatTime(acked.atUs)}) not consumed; allowed: ${reason}`);
        continue;
      }
      missing++;
      log.add(acked.atUs, `${describeUid(uid)} acked ${acked.status} by ${where} at ${formatTime(acked.atUs)} never consumed by ${g.group}`, [acked.brokerName]);
    }
    return { missing, allowed };
  }
}

/** Counts sends per outcome name (reports and tests). */
export function outcomeCounts(h: History): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < h.sends.length; i++) {
    const o = h.sends.col.outcome[i] as number;
    if (o === SendOutcome.PENDING) continue;
    const name = OUTCOME_NAMES[o] ?? '?';
    out[name] = (out[name] ?? 0) + 1;
  }
  return out;
}
