// Turning put requests and replicated records into commit-log fields, and the
// put result values. Validation follows [R4 DMS] checkMessage (topic length,
// properties) and [R4 CL] DefaultAppendMessageCallback (MESSAGE_SIZE_EXCEEDED
// -> MESSAGE_ILLEGAL); status names are [R4 PutMessageStatus].
import type { Micros } from '../../engine/index.js';
import type { StoreConfig } from './config.js';
import type { Interner } from './interner.js';
import { checkPackable, type RecordFields } from './record-codec.js';
import type { PutMessageRequest, PutMessageResult, PutMessageStatus, StoreRecord } from './types.js';

/** [R4 DMS checkMessage] a topic longer than Byte.MAX_VALUE is illegal. */
const MAX_TOPIC_LENGTH = 127;

/** A refused put: nothing was stored. */
export function refused(status: PutMessageStatus, remark: string, nowUs: Micros): PutMessageResult {
  return {
    status, awaitingFlush: false, putId: 0, commitLogOffset: -1, endOffset: -1, msgBytes: 0, queueOffset: -1,
    storeTimestampUs: nowUs, remark,
  };
}

/** Why the request is MESSAGE_ILLEGAL, or '' when it may be stored. */
export function validatePut(req: PutMessageRequest, config: StoreConfig): string {
  if (req.topic.length === 0 || req.topic.length > MAX_TOPIC_LENGTH) return `topic length ${req.topic.length} not in [1, ${MAX_TOPIC_LENGTH}]`;
  if (req.bodyBytes > config.maxMessageSizeBytes) return `message body ${req.bodyBytes} B exceeds maxMessageSize ${config.maxMessageSizeBytes} B`;
  return '';
}

/** Fills `out` from a put request (strings interned); returns a MESSAGE_ILLEGAL reason or ''. */
export function fieldsFromRequest(req: PutMessageRequest, interner: Interner, nowUs: Micros, out: RecordFields): string {
  out.queueId = req.queueId;
  out.uid = req.uid;
  out.bodyBytes = req.bodyBytes;
  out.bornUs = req.bornTimestampUs;
  out.storeUs = nowUs;
  out.reconsumeTimes = req.reconsumeTimes;
  out.originUid = req.originUid;
  out.tagsCode = req.tagsCode ?? 0;
  out.delayLevel = req.delayLevel ?? 0;
  out.realQueueId = req.realQueueId ?? 0;
  out.sysFlag = req.sysFlag ?? 0;
  const why = checkPackable(out);
  if (why !== '') return why;
  out.topicId = interner.id(req.topic);
  out.keysId = interner.id(req.keys);
  out.originTopicId = interner.id(req.originTopic);
  out.realTopicId = interner.id(req.realTopic ?? '');
  return '';
}

/** Fills `out` from a replicated record; returns why it cannot be stored, or ''. */
export function fieldsFromRecord(r: StoreRecord, interner: Interner, out: RecordFields): string {
  out.queueId = r.queueId;
  out.queueOffset = r.queueOffset;
  out.uid = r.uid;
  out.bodyBytes = r.bodyBytes;
  out.bornUs = r.bornTimestampUs;
  out.storeUs = r.storeTimestampUs;
  out.reconsumeTimes = r.reconsumeTimes;
  out.originUid = r.originUid;
  out.tagsCode = r.tagsCode;
  out.delayLevel = r.delayLevel;
  out.realQueueId = r.realQueueId;
  out.sysFlag = r.sysFlag;
  const why = checkPackable(out);
  if (why !== '') return why;
  out.topicId = interner.id(r.topic);
  out.keysId = interner.id(r.keys);
  out.originTopicId = interner.id(r.originTopic);
  out.realTopicId = interner.id(r.realTopic);
  return '';
}
