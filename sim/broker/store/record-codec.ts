// Column layout of one commit-log record on the simulated disk. RocketMQ
// writes a message as bytes (TOTALSIZE, MAGIC, BODYCRC, QUEUEID, ... BODY,
// TOPIC, PROPERTIES); the simulator keeps the fields it needs as numbers in
// the DiskLog's typed columns and accounts the byte size RocketMQ would use.
// Small fields are packed two-to-four per column to keep a stored message
// under ~100 bytes of memory. Mirrors [R4 CL] CommitLog.calMsgLength and
// DefaultAppendMessageCallback.doAppend.
import { assert } from '../../engine/index.js';

export const F_TOPIC = 0;
/** queueId + reconsumeTimes * 2^16 + delayLevel * 2^26 + sysFlag * 2^32. */
export const F_META = 1;
export const F_QUEUE_OFFSET = 2;
export const F_UID = 3;
/** keysId * 2^24 + bodyBytes. */
export const F_KEYS_BODY = 4;
export const F_BORN_US = 5;
export const F_STORE_US = 6;
export const F_ORIGIN_UID = 7;
export const F_ORIGIN_TOPIC = 8;
export const F_TAGS_CODE = 9;
/** realTopicId * 2^16 + realQueueId. */
export const F_REAL = 10;
export const RECORD_FIELDS = 11;

const P16 = 2 ** 16;
const P24 = 2 ** 24;
const P26 = 2 ** 26;
const P32 = 2 ** 32;
/** Limits that keep the packed columns exact (below 2^53). */
export const MAX_QUEUE_ID = P16 - 1;
export const MAX_RECONSUME_TIMES = 2 ** 10 - 1;
export const MAX_DELAY_LEVEL = 2 ** 6 - 1;
export const MAX_SYS_FLAG = P16 - 1;
export const MAX_BODY_BYTES = P24 - 1;
const MAX_STRING_ID = 2 ** 29 - 1;

/** The numeric form of a record, ready for DiskLog.append (reused as a scratch buffer). */
export interface RecordFields {
  topicId: number;
  queueId: number;
  queueOffset: number;
  uid: number;
  keysId: number;
  bodyBytes: number;
  bornUs: number;
  storeUs: number;
  reconsumeTimes: number;
  originUid: number;
  originTopicId: number;
  tagsCode: number;
  delayLevel: number;
  realTopicId: number;
  realQueueId: number;
  sysFlag: number;
}

export const emptyRecordFields = (): RecordFields => ({
  topicId: 0,
  queueId: 0,
  queueOffset: 0,
  uid: 0,
  keysId: 0,
  bodyBytes: 0,
  bornUs: 0,
  storeUs: 0,
  reconsumeTimes: 0,
  originUid: 0,
  originTopicId: 0,
  tagsCode: 0,
  delayLevel: 0,
  realTopicId: 0,
  realQueueId: 0,
  sysFlag: 0,
});

const inRange = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;

/** Why these fields cannot be stored, or '' when they can (MESSAGE_ILLEGAL reasons). */
export function checkPackable(r: RecordFields): string {
  if (!inRange(r.queueId, MAX_QUEUE_ID)) return `queueId ${r.queueId} out of range`;
  if (!inRange(r.reconsumeTimes, MAX_RECONSUME_TIMES)) return `reconsumeTimes ${r.reconsumeTimes} out of range`;
  if (!inRange(r.delayLevel, MAX_DELAY_LEVEL)) return `delayLevel ${r.delayLevel} out of range`;
  if (!inRange(r.sysFlag, MAX_SYS_FLAG)) return `sysFlag ${r.sysFlag} out of range`;
  if (!inRange(r.bodyBytes, MAX_BODY_BYTES)) return `body of ${r.bodyBytes} bytes out of range`;
  if (!inRange(r.realQueueId, MAX_QUEUE_ID)) return `realQueueId ${r.realQueueId} out of range`;
  return '';
}

/** Packs `r` into `out` (length RECORD_FIELDS); the caller has checked checkPackable. */
export function packRecord(r: RecordFields, out: number[]): void {
  assert(r.keysId <= MAX_STRING_ID && r.realTopicId <= MAX_STRING_ID, 'interned id too large to pack');
  out[F_TOPIC] = r.topicId;
  out[F_META] = r.queueId + r.reconsumeTimes * P16 + r.delayLevel * P26 + r.sysFlag * P32;
  out[F_QUEUE_OFFSET] = r.queueOffset;
  out[F_UID] = r.uid;
  out[F_KEYS_BODY] = r.keysId * P24 + r.bodyBytes;
  out[F_BORN_US] = r.bornUs;
  out[F_STORE_US] = r.storeUs;
  out[F_ORIGIN_UID] = r.originUid;
  out[F_ORIGIN_TOPIC] = r.originTopicId;
  out[F_TAGS_CODE] = r.tagsCode;
  out[F_REAL] = r.realTopicId * P16 + r.realQueueId;
}

export const metaQueueId = (meta: number): number => meta % P16;
export const metaReconsumeTimes = (meta: number): number => Math.floor(meta / P16) % 2 ** 10;
export const metaDelayLevel = (meta: number): number => Math.floor(meta / P26) % 2 ** 6;
export const metaSysFlag = (meta: number): number => Math.floor(meta / P32);
export const keysIdOf = (keysBody: number): number => Math.floor(keysBody / P24);
export const bodyBytesOf = (keysBody: number): number => keysBody % P24;
export const realTopicIdOf = (real: number): number => Math.floor(real / P16);
export const realQueueIdOf = (real: number): number => real % P16;

/** UNIQ_KEY property: name, 32 hex chars, separators [R4 MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX]. */
const UNIQ_KEY_PROPERTY_BYTES = 8 + 1 + 32 + 1;
/** Fixed part of a record [R4 CL calMsgLength]: 4+4+4+4+4+8+8+4+8+8+8+8+4+8+4 +1 +2 = 91 bytes (IPv4 hosts). */
const FIXED_RECORD_BYTES = 91;

/** Bytes RocketMQ would write for this message (ASCII names assumed). */
export function encodedSize(
  bodyBytes: number,
  topic: string,
  keys: string,
  realTopic: string,
  delayLevel: number,
): number {
  let props = UNIQ_KEY_PROPERTY_BYTES;
  if (keys.length > 0) props += 4 + 2 + keys.length; // KEYS\u0001...\u0002
  if (realTopic.length > 0) props += 10 + 2 + realTopic.length + 8 + 2 + 5; // REAL_TOPIC, REAL_QID
  if (delayLevel > 0) props += 5 + 2 + 2; // DELAY
  return FIXED_RECORD_BYTES + bodyBytes + topic.length + props;
}
