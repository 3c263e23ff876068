// A commit-log record as a DLedger entry payload: fixed-width numbers, with
// strings as ids of the run's shared Interner (so every member decodes the
// same topic). In RocketMQ the DLedger entry body *is* the message bytes
// [R4 DCL]; rmqsim carries the message's description instead.
import type { Interner } from '../engine/index.js';
import type { StoreRecord } from './store/message-store.js';

/** Numbers per entry payload (RaftConfig.payloadFields in DLedger mode). */
export const RECORD_FIELDS = 18;

/** Encodes into `out` (reused by the caller: no allocation per message). */
export function encodeRecord(r: StoreRecord, interner: Interner, out: number[]): number[] {
  out[0] = interner.id(r.topic);
  out[1] = r.queueId;
  out[2] = r.queueOffset;
  out[3] = r.commitLogOffset;
  out[4] = r.sizeBytes;
  out[5] = r.uid;
  out[6] = interner.id(r.keys);
  out[7] = r.bodyBytes;
  out[8] = r.bornTimestampUs;
  out[9] = r.storeTimestampUs;
  out[10] = r.reconsumeTimes;
  out[11] = r.originUid;
  out[12] = interner.id(r.originTopic);
  out[13] = r.tagsCode;
  out[14] = r.delayLevel;
  out[15] = interner.id(r.realTopic);
  out[16] = r.realQueueId;
  out[17] = r.sysFlag;
  return out;
}

/** Reads field `f` of an entry's payload. */
export type PayloadReader = (field: number) => number;

export function decodeRecord(read: PayloadReader, interner: Interner): StoreRecord {
  return {
    topic: interner.str(read(0)), queueId: read(1), queueOffset: read(2), commitLogOffset: read(3), sizeBytes: read(4),
    uid: read(5), keys: interner.str(read(6)), bodyBytes: read(7), bornTimestampUs: read(8), storeTimestampUs: read(9),
    reconsumeTimes: read(10), originUid: read(11), originTopic: interner.str(read(12)), tagsCode: read(13), delayLevel: read(14),
    realTopic: interner.str(read(15)), realQueueId: read(16), sysFlag: read(17),
  };
}

/** Physical offsets of an entry's record without decoding strings. */
export const recordStart = (read: PayloadReader): number => read(3);
export const recordEnd = (read: PayloadReader): number => read(3) + read(4);
