// CONSUMER_SEND_MSG_BACK (§3.10): a consumer failed to consume a message and
// hands it back. The broker stores a copy in %RETRY%<group> through the
// delay level 3 + reconsumeTimes (10 s, 30 s, 1 m, ...), or in %DLQ%<group>
// once reconsumeTimes reached the client's maxReconsumeTimes (or the client
// asked for the DLQ with a negative level). Stored without waiting for flush
// or replication on a classic master; a DLedger leader answers at the quorum
// ack. On a non-master the store refuses (SERVICE_NOT_AVAILABLE) and the
// client republishes the message itself.
// Models [R4 SMP] asyncConsumerSendMsgBack.
import type { NodeId } from '../engine/index.js';
import { dlqTopic, retryTopic, type BrokerAck, type ConsumerSendMsgBack } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import { putStatusRemark, putStatusToCode } from './put-status.js';
import { scheduleRequest } from './schedule-service.js';
import type { SendProcessor } from './send-processor.js';
import type { PutMessageRequest } from './store/message-store.js';

export function handleSendBack(
  core: BrokerCore,
  send: SendProcessor,
  from: NodeId,
  rpcId: number,
  req: ConsumerSendMsgBack,
): void {
  const answer = (ack: BrokerAck): void => {
    if (rpcId > 0) core.ctx.reply(from, rpcId, ack);
  };
  const stored = core.store.lookupMessage(req.msg.commitLogOffset);
  if (stored === undefined || stored.uid !== req.msg.uid) {
    answer({
      type: 'BROKER_ACK',
      code: 'SYSTEM_ERROR',
      remark: `look message by offset failed, ${req.msg.commitLogOffset}`,
    });
    return;
  }
  const now = core.ctx.now();
  const toDlq = stored.reconsumeTimes >= req.maxReconsumeTimes || req.delayLevel < 0;
  const topic = toDlq ? dlqTopic(req.group) : retryTopic(req.group);
  if (core.topics.createIfAbsent(topic, 1, now)) send.onTopicCreated();
  const base: PutMessageRequest = {
    topic,
    queueId: 0,
    uid: stored.uid,
    keys: stored.keys,
    bodyBytes: stored.bodyBytes,
    bornTimestampUs: stored.bornTimestampUs,
    reconsumeTimes: stored.reconsumeTimes + 1,
    originUid: stored.originUid,
    originTopic: stored.originTopic,
  };
  let put = base;
  if (toDlq) {
    core.emit({
      kind: 'broker.dlq',
      broker: core.name,
      group: req.group,
      uid: stored.originUid,
      reconsumeTimes: stored.reconsumeTimes,
    });
  } else {
    const level = req.delayLevel === 0 ? 3 + stored.reconsumeTimes : req.delayLevel;
    put = scheduleRequest(base, level, core.config.delayLevelsUs, now);
  }
  // The answer waits for what the store's asyncPutMessage waits for: nothing more on a classic master
  // (the copy is stored without waiting for flush or replication), the quorum ack on a DLedger leader
  // (DLedgerCommitLog completes the put's future only then, whatever waitStoreMsgOK says). A copy the
  // next leader drops fails (TERM_CHANGED), so the consumer keeps the message instead of its offset
  // moving past a retry copy that never existed (§3.10).
  send.rePut(put, (status, remark) =>
    answer({
      type: 'BROKER_ACK',
      code: putStatusToCode(status),
      remark: remark ?? (status === 'PUT_OK' ? '' : putStatusRemark(status)),
    }),
  );
}
