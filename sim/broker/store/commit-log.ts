// The commit log: one append-only log of every message of every topic, whose
// offsets are physical byte offsets. Records live in the host disk's
// DiskLog columns (record-codec.ts); this class adds offset lookup and
// decoding. Mirrors [R4 CL] CommitLog (the mapped-file queue is the DiskLog).
import type { DiskLog, DiskView } from '../../engine/index.js';
import type { MessageExt } from '../../protocol/index.js';
import type { Interner } from '../../engine/index.js';
import {
  packRecord, type RecordFields, bodyBytesOf, F_BORN_US, F_KEYS_BODY, F_META, F_ORIGIN_TOPIC, F_ORIGIN_UID, F_QUEUE_OFFSET, F_REAL, F_STORE_US,
  F_TAGS_CODE, F_TOPIC, F_UID, keysIdOf, metaDelayLevel, metaQueueId, metaReconsumeTimes, metaSysFlag,
  realQueueIdOf, realTopicIdOf, RECORD_FIELDS,
} from './record-codec.js';
import type { StoreRecord } from './types.js';

/** Key of a (topic, queueId) pair in the store's maps: topicId * 2^16 + queueId. */
export const queueKeyOf = (topicId: number, queueId: number): number => topicId * 65_536 + queueId;

export class CommitLog {
  readonly log: DiskLog;
  /** Reused column buffer: DiskLog.append takes an array, and this runs once per message. */
  private readonly scratch: number[] = new Array<number>(RECORD_FIELDS).fill(0);

  constructor(disk: DiskView, readonly path: string) {
    this.log = disk.log(path, RECORD_FIELDS);
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

  /** Appends one record of `bytes` bytes; returns its index, or -1 when the disk is full. */
  append(fields: RecordFields, bytes: number): number {
    packRecord(fields, this.scratch);
    return this.log.append(bytes, this.scratch);
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
    let lo = 0;
    let hi = this.log.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const start = this.log.startOffset(mid);
      if (start === phy) return mid;
      if (start < phy) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Number of records ending at or before `phy` (the index of the first record that does not). */
  countEndingBy(phy: number): number {
    let lo = 0;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.log.endOffset(mid) <= phy) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  topicId(i: number): number {
    return this.log.get(i, F_TOPIC);
  }

  queueId(i: number): number {
    return metaQueueId(this.log.get(i, F_META));
  }

  queueKey(i: number): number {
    return queueKeyOf(this.log.get(i, F_TOPIC), metaQueueId(this.log.get(i, F_META)));
  }

  queueOffset(i: number): number {
    return this.log.get(i, F_QUEUE_OFFSET);
  }

  /** Decodes record i in full. */
  record(i: number, interner: Interner): StoreRecord {
    const l = this.log;
    const meta = l.get(i, F_META);
    const keysBody = l.get(i, F_KEYS_BODY);
    const real = l.get(i, F_REAL);
    return {
      topic: interner.str(l.get(i, F_TOPIC)),
      queueId: metaQueueId(meta),
      queueOffset: l.get(i, F_QUEUE_OFFSET),
      commitLogOffset: l.startOffset(i),
      sizeBytes: this.sizeOf(i),
      uid: l.get(i, F_UID),
      keys: interner.str(keysIdOf(keysBody)),
      bodyBytes: bodyBytesOf(keysBody),
      bornTimestampUs: l.get(i, F_BORN_US),
      storeTimestampUs: l.get(i, F_STORE_US),
      reconsumeTimes: metaReconsumeTimes(meta),
      originUid: l.get(i, F_ORIGIN_UID),
      originTopic: interner.str(l.get(i, F_ORIGIN_TOPIC)),
      tagsCode: l.get(i, F_TAGS_CODE),
      delayLevel: metaDelayLevel(meta),
      realTopic: interner.str(realTopicIdOf(real)),
      realQueueId: realQueueIdOf(real),
      sysFlag: metaSysFlag(meta),
    };
  }

  /** Record i as a pull returns it. */
  messageExt(i: number, interner: Interner, brokerName: string): MessageExt {
    const l = this.log;
    const meta = l.get(i, F_META);
    const keysBody = l.get(i, F_KEYS_BODY);
    return {
      uid: l.get(i, F_UID),
      topic: interner.str(l.get(i, F_TOPIC)),
      queueId: metaQueueId(meta),
      queueOffset: l.get(i, F_QUEUE_OFFSET),
      commitLogOffset: l.startOffset(i),
      bodyBytes: bodyBytesOf(keysBody),
      keys: interner.str(keysIdOf(keysBody)),
      bornTimestampUs: l.get(i, F_BORN_US),
      storeTimestampUs: l.get(i, F_STORE_US),
      reconsumeTimes: metaReconsumeTimes(meta),
      originUid: l.get(i, F_ORIGIN_UID),
      originTopic: interner.str(l.get(i, F_ORIGIN_TOPIC)),
      brokerName,
    };
  }
}
