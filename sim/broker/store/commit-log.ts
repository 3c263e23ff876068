// The commit log: one append-only log of every message of every topic, whose
// offsets are physical byte offsets. The host disk's DiskLog holds, per
// record, only the ref of its immutable fields in the run's MessageArena
// (shared by the replicas that hold the same record); the arena also says
// where the record starts and ends, which is where every replica's log has
// it (the DiskLog checks that on append). This class adds offset lookup and
// decoding. Mirrors [R4 CL] CommitLog (the
// mapped-file queue is the DiskLog).
import { fail } from '../../base/index.js';
import type { DiskLog, DiskView } from '../../engine/index.js';
import type { MessageExt } from '../../protocol/index.js';
import type { Interner } from '../../engine/index.js';
import {
  packRecord,
  type RecordFields,
  bodyBytesOf,
  F_BORN_US,
  F_KEYS_BODY,
  F_META,
  F_ORIGIN_TOPIC,
  F_ORIGIN_UID,
  F_QUEUE_OFFSET,
  F_REAL,
  F_STORE_US,
  F_TAGS_CODE,
  F_TOPIC,
  F_UID,
  keysIdOf,
  metaDelayLevel,
  metaQueueId,
  metaReconsumeTimes,
  metaSysFlag,
  realQueueIdOf,
  realTopicIdOf,
  RECORD_FIELDS,
} from './record-codec.js';
import { messageArenaOf, type MessageArena } from './message-arena.js';
import type { StoreRecord } from './types.js';

/** Key of a (topic, queueId) pair in the store's maps: topicId * 2^16 + queueId; a queueId outside 0..65535 is an assertion failure. */
export function queueKeyOf(topicId: number, queueId: number): number {
  if ((queueId & 0xffff) !== queueId) fail(`queueKeyOf: queueId ${queueId} outside 0..65535`);
  return topicId * 65_536 + queueId;
}

/** The commit log's only DiskLog field: the record's ref in the MessageArena. */
const F_REF = 0;

/** Records whose pulled form is kept for the next group's pull (a power of two). */
const EXT_SLOTS = 256;
const EXT_MASK = EXT_SLOTS - 1;

/**
 * The topic id of a gap: bytes in a slave's log that are not a message (classic HA resumed mid-record after the
 * master lost its tail; replication.ts). Id 0 is the empty string, which no message has as its topic
 * ([R4 DMS] checkMessage refuses an empty topic), so a gap costs no extra field.
 */
export const GAP_TOPIC_ID = 0;

/** Interpolation guesses of CommitLog.countEndingBy before it bisects. */
const INTERPOLATION_GUESSES = 4;

export class CommitLog {
  readonly log: DiskLog;
  readonly arena: MessageArena;
  /** Reused buffers: DiskLog.append and MessageArena.add take arrays, and this runs once per message. */
  private readonly scratch: number[] = new Array<number>(RECORD_FIELDS).fill(0);
  private readonly refScratch: number[] = [0];
  /** Reused by decodeExt: a record's fields (MessageArena.unpack). */
  private readonly decoded: number[] = new Array<number>(RECORD_FIELDS).fill(0);
  /**
   * The MessageExt built lately per record index (modulo EXT_SLOTS), with the arena ref it was
   * built from: every consumer group pulls the same fresh records, and they get the same
   * immutable object instead of one decode each. A slot is valid only for the same index and ref
   * (a record rewritten at an index after a truncation has another ref).
   */
  private readonly extBuilt: (MessageExt | undefined)[] = new Array<MessageExt | undefined>(EXT_SLOTS).fill(undefined);
  private readonly extIndex = new Float64Array(EXT_SLOTS).fill(-1);
  private readonly extRef = new Float64Array(EXT_SLOTS).fill(-1);

  constructor(
    disk: DiskView,
    readonly path: string,
    interner: Interner,
  ) {
    const arena = messageArenaOf(interner);
    this.arena = arena;
    this.log = disk.log(path, 1, { recordEnd: (ref) => arena.endOf(ref), uint32: true });
  }

  get recordCount(): number {
    return this.log.length;
  }

  /** Max physical offset: end of the last record in the page cache. */
  get maxOffset(): number {
    return this.log.bytes;
  }

  /** End of the last fsynced record (what survives power loss). */
  get flushedOffset(): number {
    const n = Math.min(this.log.durableLength, this.log.length);
    return n === 0 ? 0 : this.log.endOffset(n - 1);
  }

  /** Appends a new record of `bytes` bytes (a master's put); returns its index, or -1 when the disk is full. */
  append(fields: RecordFields, bytes: number): number {
    packRecord(fields, this.scratch);
    return this.appendRef(this.arena.add(this.scratch, this.maxOffset, bytes), bytes);
  }

  /**
   * Appends `bytes` bytes that are not a message (a gap): what a classic slave stores when the master ships it the
   * tail of a record that started before the slave's end. One record, whatever its length; index or -1.
   */
  appendGap(bytes: number): number {
    this.scratch.fill(0);
    this.scratch[F_TOPIC] = GAP_TOPIC_ID;
    return this.appendRef(this.arena.add(this.scratch, this.maxOffset, bytes), bytes);
  }

  /** Whether record i is a gap (bytes that are not a message, see appendGap). */
  isGap(i: number): boolean {
    return this.field(i, F_TOPIC) === GAP_TOPIC_ID;
  }

  /** Index of the first gap at or after record `from`, or -1. */
  firstGapFrom(from: number): number {
    for (let i = from; i < this.log.length; i++) if (this.isGap(i)) return i;
    return -1;
  }

  /** Appends a record already in the arena (a replica applying the master's record); index or -1. */
  appendRef(ref: number, bytes: number): number {
    this.refScratch[F_REF] = ref;
    return this.log.append(bytes, this.refScratch);
  }

  /** The arena ref of record i. */
  refAt(i: number): number {
    return this.log.get(i, F_REF);
  }

  /** Field `f` of record i (record-codec.ts layout). */
  private field(i: number, f: number): number {
    return this.arena.get(this.log.get(i, F_REF), f);
  }

  /** Drops every record from index n on. */
  truncate(n: number): void {
    this.log.truncate(n);
  }

  /** Physical offset just past record i. */
  endOf(i: number): number {
    return this.log.endOffset(i);
  }

  startOf(i: number): number {
    return this.log.startOffset(i);
  }

  sizeOf(i: number): number {
    return this.log.endOffset(i) - this.log.startOffset(i);
  }

  /** Index of the record starting exactly at `phy`, or -1 (not a record boundary, or at/after the end). */
  indexOf(phy: number): number {
    const n = this.log.length;
    // A pull of fresh data reads the newest record: try it before the search.
    if (n > 0 && this.log.startOffset(n - 1) === phy) return n - 1;
    const i = this.countEndingBy(phy);
    return i < n && this.log.startOffset(i) === phy ? i : -1;
  }

  /**
   * Number of records ending at or before `phy` (the index of the first record that does not).
   * An interpolation search: a workload's messages are mostly of one size, so the guess from the
   * bytes is nearly always the record itself (two probes instead of a binary search's ~20 on a
   * million records); after a few guesses it falls back to bisection, so it stays O(log n).
   */
  countEndingBy(phy: number): number {
    let lo = 0;
    let hi = this.log.length;
    // Records [lo, hi) lie within the bytes [loStart, hiEnd).
    let loStart = 0;
    let hiEnd = this.log.bytes;
    for (let guesses = 0; lo < hi; guesses++) {
      let mid = (lo + hi) >>> 1;
      if (guesses < INTERPOLATION_GUESSES && hiEnd > loStart) {
        const guess = lo + Math.floor(((phy - loStart) * (hi - lo)) / (hiEnd - loStart));
        // Clamped into [lo, hi); a guess that is not a number (phy NaN) starts at lo.
        mid = guess >= hi ? hi - 1 : guess >= lo ? guess : lo;
      }
      const end = this.log.endOffset(mid);
      if (end <= phy) {
        lo = mid + 1;
        loStart = end;
        continue;
      }
      hi = mid;
      hiEnd = end;
      // With records of one size, mid is the answer: its predecessor's end confirms it.
      if (mid > lo) {
        const before = this.log.endOffset(mid - 1);
        if (before <= phy) lo = mid;
        else {
          hi = mid - 1;
          hiEnd = before;
        }
      }
    }
    return lo;
  }

  uid(i: number): number {
    return this.field(i, F_UID);
  }

  topicId(i: number): number {
    return this.field(i, F_TOPIC);
  }

  queueId(i: number): number {
    return metaQueueId(this.field(i, F_META));
  }

  queueKey(i: number): number {
    return queueKeyOf(this.field(i, F_TOPIC), metaQueueId(this.field(i, F_META)));
  }

  queueOffset(i: number): number {
    return this.field(i, F_QUEUE_OFFSET);
  }

  /** Decodes record i in full. */
  record(i: number, interner: Interner): StoreRecord {
    const a = this.arena;
    const ref = this.refAt(i);
    const meta = a.get(ref, F_META);
    const keysBody = a.get(ref, F_KEYS_BODY);
    const real = a.get(ref, F_REAL);
    return {
      topic: interner.str(a.get(ref, F_TOPIC)),
      queueId: metaQueueId(meta),
      queueOffset: a.get(ref, F_QUEUE_OFFSET),
      commitLogOffset: this.log.startOffset(i),
      sizeBytes: this.sizeOf(i),
      uid: a.get(ref, F_UID),
      keys: interner.str(keysIdOf(keysBody)),
      bodyBytes: bodyBytesOf(keysBody),
      bornTimestampUs: a.get(ref, F_BORN_US),
      storeTimestampUs: a.get(ref, F_STORE_US),
      reconsumeTimes: metaReconsumeTimes(meta),
      originUid: a.get(ref, F_ORIGIN_UID),
      originTopic: interner.str(a.get(ref, F_ORIGIN_TOPIC)),
      tagsCode: a.get(ref, F_TAGS_CODE),
      delayLevel: metaDelayLevel(meta),
      realTopic: interner.str(realTopicIdOf(real)),
      realQueueId: realQueueIdOf(real),
      sysFlag: metaSysFlag(meta),
    };
  }

  /** Record i as a pull returns it. */
  messageExt(i: number, interner: Interner, brokerName: string): MessageExt {
    const ref = this.refAt(i);
    const slot = i & EXT_MASK;
    const hit = this.extBuilt[slot];
    if (hit !== undefined && this.extIndex[slot] === i && this.extRef[slot] === ref && hit.brokerName === brokerName)
      return hit;
    const m = this.decodeExt(i, ref, interner, brokerName);
    this.extBuilt[slot] = m;
    this.extIndex[slot] = i;
    this.extRef[slot] = ref;
    return m;
  }

  private decodeExt(i: number, ref: number, interner: Interner, brokerName: string): MessageExt {
    const f = this.decoded;
    this.arena.unpack(ref, f);
    const meta = f[F_META] as number;
    const keysBody = f[F_KEYS_BODY] as number;
    return {
      uid: f[F_UID] as number,
      topic: interner.str(f[F_TOPIC] as number),
      queueId: metaQueueId(meta),
      queueOffset: f[F_QUEUE_OFFSET] as number,
      commitLogOffset: this.log.startOffset(i),
      bodyBytes: bodyBytesOf(keysBody),
      keys: interner.str(keysIdOf(keysBody)),
      bornTimestampUs: f[F_BORN_US] as number,
      storeTimestampUs: f[F_STORE_US] as number,
      reconsumeTimes: metaReconsumeTimes(meta),
      originUid: f[F_ORIGIN_UID] as number,
      originTopic: interner.str(f[F_ORIGIN_TOPIC] as number),
      brokerName,
    };
  }
}
