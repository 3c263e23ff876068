// One consume queue: the index of a (topic, queueId) into the commit log.
// Entry i is the message at logical offset baseOffset + i; it points at the
// record's physical offset and size (RocketMQ's 20-byte unit also carries a
// tag hash, which rmqsim reads from the commit log instead). The simulator
// keeps one number per entry, the record's ref in the run's MessageArena,
// which holds the record's offset and size once for every replica; the
// bytes accounted are RocketMQ's 20 per entry. Entries live in
// their own DiskLog, flushed on their own schedule, so after power loss a
// queue can be behind the commit log (recovery re-dispatches) or ahead of it
// (recovery truncates). Mirrors [R4 CQ] ConsumeQueue.
import { fail } from '../../base/index.js';
import type { DiskLog, DiskView, Micros } from '../../engine/index.js';
import { F_PHY, F_SIZE, type MessageArena } from './message-arena.js';

/** Size of one entry in RocketMQ (CQ_STORE_UNIT_SIZE): offset 8 + size 4 + tag hash 8. */
export const CQ_STORE_UNIT_SIZE = 20;
/** The entry's only field: the record's arena ref. */
const E_REF = 0;
const ENTRY_FIELDS = 1;
/** Reused entry buffer: DiskLog.append takes an array, and entries are appended on every dispatch. */
const scratch: number[] = [0];

export class ConsumeQueue {
  readonly log: DiskLog;
  /** Logical offset of entry 0 (0 unless the queue's history starts mid-stream, e.g. on a slave). */
  baseOffset = 0;
  /** Smallest readable logical offset (>= baseOffset; moves on retention). */
  minLogicOffset = 0;
  /** Queue offset the next put to this queue gets (RocketMQ's topicQueueTable entry). */
  nextPutOffset = 0;
  /** fsync in flight for this queue's file, 0 when none. */
  flushOpId = 0;
  /** Last thorough flush (every flushConsumeQueueThoroughInterval). */
  lastThoroughFlushUs: Micros = 0;
  /** The last entry's ref and its record's end, as append wrote them (arena rows never change, so a ref's end is fixed). */
  private endRef = -1;
  private endOfRef = -1;

  constructor(
    disk: DiskView,
    readonly path: string,
    readonly topicId: number,
    readonly queueId: number,
    private readonly arena: MessageArena,
  ) {
    this.log = disk.log(path, ENTRY_FIELDS, { recordBytes: CQ_STORE_UNIT_SIZE, uint32: true });
  }

  get length(): number {
    return this.log.length;
  }

  /** Logical offset after the last entry: the queue's max offset. */
  get maxOffset(): number {
    return this.baseOffset + this.log.length;
  }

  phy(i: number): number {
    return this.arena.get(this.log.get(i, E_REF), F_PHY);
  }

  size(i: number): number {
    return this.arena.get(this.log.get(i, E_REF), F_SIZE);
  }

  /** Physical end of the last entry's record, or -1 when empty. */
  lastPhyEnd(): number {
    const n = this.log.length;
    if (n === 0) return -1;
    const ref = this.log.get(n - 1, E_REF);
    return ref === this.endRef ? this.endOfRef : this.arena.endOf(ref);
  }

  /**
   * Appends the entry of the record with arena ref `ref`; false when the disk is full. Entries
   * follow the commit log's order (one dispatcher, in log order).
   */
  append(ref: number): boolean {
    const phy = this.arena.get(ref, F_PHY);
    if (phy < this.lastPhyEnd())
      fail(`consume queue ${this.path}: entry at ${phy} before the previous entry's end ${this.lastPhyEnd()}`);
    scratch[E_REF] = ref;
    if (this.log.append(CQ_STORE_UNIT_SIZE, scratch) < 0) return false;
    this.endRef = ref;
    this.endOfRef = phy + this.arena.sizeOf(ref);
    return true;
  }

  /** Drops every entry whose record starts at or after `phyEnd`; returns how many went. */
  truncateFrom(phyEnd: number): number {
    let n = this.log.length;
    while (n > 0 && this.phy(n - 1) >= phyEnd) n--;
    const dropped = this.log.length - n;
    if (dropped > 0) this.log.truncate(n);
    if (n === 0) this.baseOffset = this.minLogicOffset = 0;
    return dropped;
  }

  /** Drops every entry (a stale file of a queue that has no record left in the commit log). */
  clear(): number {
    const dropped = this.log.length;
    if (dropped > 0) this.log.truncate(0);
    this.baseOffset = this.minLogicOffset = 0;
    return dropped;
  }

  /** Dirty OS pages of this queue's file (the flush rule counts page indexes, like MappedFile.isAbleToFlush). */
  dirtyPages(pageBytes: number): number {
    const written = this.log.length * CQ_STORE_UNIT_SIZE;
    const flushed = this.log.durableLength * CQ_STORE_UNIT_SIZE;
    return Math.floor(written / pageBytes) - Math.floor(flushed / pageBytes);
  }

  get hasUnflushed(): boolean {
    return this.log.length > this.log.durableLength;
  }
}
