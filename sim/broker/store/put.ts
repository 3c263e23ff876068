// Turning put requests and replicated records into commit-log fields, and the
// put result values. Validation follows [R4 DMS] checkMessage (topic length,
// properties) and [R4 CL] DefaultAppendMessageCallback (MESSAGE_SIZE_EXCEEDED
// -> MESSAGE_ILLEGAL); status names are [R4 PutMessageStatus].
import type { Micros } from '../../engine/index.js';
import type { StoreConfig } from './config.js';
import type { Interner } from '../../engine/index.js';
import { checkPackable, type RecordFields } from './record-codec.js';
import type { PutMessageRequest, PutMessageResult, PutMessageStatus, StoreRecord } from './types.js';

/** [R4 DMS checkMessage] a topic longer than Byte.MAX_VALUE is illegal. */
const MAX_TOPIC_LENGTH = 127;

/** A refused put: nothing was stored. */
export function refused(status: PutMessageStatus, remark: string, nowUs: Micros): PutMessageResult {
  return {
    status,
    awaitingFlush: false,
    putId: 0,
    commitLogOffset: -1,
    endOffset: -1,
    msgBytes: 0,
    queueOffset: -1,
    storeTimestampUs: nowUs,
    remark,
  };
}

/** Why the request is MESSAGE_ILLEGAL, or '' when it may be stored. */
export function validatePut(req: PutMessageRequest, config: StoreConfig): string {
  if (req.topic.length === 0 || req.topic.length > MAX_TOPIC_LENGTH)
    return `topic length ${req.topic.length} not in [1, ${MAX_TOPIC_LENGTH}]`;
  if (req.bodyBytes > config.maxMessageSizeBytes)
    return `message body ${req.bodyBytes} B exceeds maxMessageSize ${config.maxMessageSizeBytes} B`;
  return '';
}

/** Fills `out` from a put request (strings interned); returns a MESSAGE_ILLEGAL reason or ''. */
export function fieldsFromRequest(
  req: PutMessageRequest,
  interner: Interner,
  nowUs: Micros,
  out: RecordFields,
): string {
  out.storeUs = nowUs;
  return fill(req, interner, out);
}

/** Fills `out` from a replicated record (keeping its queue offset and store time); returns why it cannot be stored, or ''. */
export function fieldsFromRecord(r: StoreRecord, interner: Interner, out: RecordFields): string {
  out.queueOffset = r.queueOffset;
  out.storeUs = r.storeTimestampUs;
  return fill(r, interner, out);
}

/** The message fields a put request and a stored record share (a record has all of them). */
type MessageFields = Omit<PutMessageRequest, 'waitStoreMsgOK'>;

function fill(m: MessageFields, interner: Interner, out: RecordFields): string {
  out.queueId = m.queueId;
  out.uid = m.uid;
  out.bodyBytes = m.bodyBytes;
  out.bornUs = m.bornTimestampUs;
  out.reconsumeTimes = m.reconsumeTimes;
  out.originUid = m.originUid;
  out.tagsCode = m.tagsCode ?? 0;
  out.delayLevel = m.delayLevel ?? 0;
  out.realQueueId = m.realQueueId ?? 0;
  out.sysFlag = m.sysFlag ?? 0;
  return checkAndIntern(out, interner, m.topic, m.keys, m.originTopic, m.realTopic ?? '');
}

/** Checks the numeric fields fit their packed columns, then interns the strings (only for storable records). */
function checkAndIntern(
  out: RecordFields,
  interner: Interner,
  topic: string,
  keys: string,
  originTopic: string,
  realTopic: string,
): string {
  const why = checkPackable(out);
  if (why !== '') return why;
  out.topicId = interner.id(topic);
  out.keysId = interner.id(keys);
  out.originTopicId = interner.id(originTopic);
  out.realTopicId = interner.id(realTopic);
  return '';
}
