// SEND_MESSAGE (§3.2, §3.5): topic checks and auto-creation, retry-topic
// overflow to the DLQ, delay levels through the schedule topic, the store
// put, then the flush / replica waits before the answer. What "replica"
// means is the mode's business (classic HA or DLedger quorum), behind the
// Replication interface.
// Models [R4 SMP] SendMessageProcessor (sendMessage, msgCheck,
// handleRetryAndDLQ, handlePutMessageResult) and [R4 CL] asyncPutMessage.
import type { NodeId } from '../engine/index.js';
import {
  dlqTopic,
  isRetryTopic,
  PERM_WRITE,
  type ResponseCode,
  type SendMessage,
  type SendMessageResponse,
} from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import { isStoredStatus, putStatusRemark, putStatusToCode } from './put-status.js';
import { PutWaits, type PendingPut, type PutDone, type WaitOutcome } from './put-waits.js';
import { scheduleRequest } from './schedule-service.js';
import type { PutMessageRequest, PutMessageResult, PutMessageStatus, StoreRecord } from './store/message-store.js';
import { SCHEDULE_TOPIC } from './topic-config.js';

/** The mode-specific half of a put: classic HA (SYNC/ASYNC_MASTER) or a DLedger quorum. */
export interface Replication {
  /**
   * A message was appended locally (`req` stored as `put`). Starts its replication and
   * says whether the answer must wait ('wait') or what the replica outcome already is.
   * `wait` is false for messages that do not wait for storage (send-back, schedule re-put).
   */
  onAppended(req: PutMessageRequest, put: PutMessageResult, wait: boolean): WaitOutcome;
  /**
   * Whether an append is done only at its replica ack even when the put does not wait for storage: true for
   * DLedger (DLedgerCommitLog.asyncPutMessage completes on the quorum ack whatever waitStoreMsgOK says), false for
   * classic HA (CommitLog.handleHA skips a message with waitStoreMsgOK false).
   */
  readonly alwaysWaits: boolean;
  /** Status for replica waits that pass their deadline. */
  readonly timeoutStatus: PutMessageStatus;
  /** How long a put may wait for replicas. */
  readonly waitUs: number;
}

export const PUT_WAIT_TIMER = 'put-wait';

export class SendProcessor {
  readonly waits: PutWaits;
  replication: Replication | undefined;
  /** Called when a topic was created (the broker re-registers at once). */
  onTopicCreated: () => void = () => {};
  /** Called when a delayed message was stored in the schedule topic (level, delivery time). */
  onScheduled: (level: number, deliverAtUs: number) => void = () => {};

  constructor(private readonly core: BrokerCore) {
    this.waits = new PutWaits(PUT_WAIT_TIMER, this.answerPending.bind(this));
  }

  /** Handles one SEND_MESSAGE that made it through the capacity queue. */
  handle(from: NodeId, rpcId: number, msg: SendMessage): void {
    const check = this.checkTopic(msg);
    if (check !== 'SUCCESS') {
      this.reply(from, rpcId, msg, check, -1, check === 'TOPIC_NOT_EXIST' ? `topic[${msg.topic}] not exist` : '');
      return;
    }
    let req = this.toPutRequest(msg);
    if (msg.delayLevel > 0)
      req = scheduleRequest(req, msg.delayLevel, this.core.config.delayLevelsUs, this.core.ctx.now());
    this.put(from, rpcId, req, true);
  }

  /**
   * The schedule service's re-put of a due message ([R4 SMS] messageTimeup: waitStoreMsgOK false). `done` is told
   * what the store's putMessage returns when the append is done: at once on a classic master, at the quorum ack
   * on a DLedger leader (a re-put the next leader drops fails with TERM_CHANGED, so the service retries the same
   * schedule offset after DELAY_FOR_A_PERIOD instead of moving past a message it never delivered). `done` may be
   * called before this returns.
   */
  rePut(req: PutMessageRequest, done: PutDone): void {
    this.put(this.core.name, 0, req, false, done);
  }

  /**
   * Stores a request and answers `from` (if rpcId > 0) when its waits are done; `done` is told the outcome.
   * Also used by send-back and the schedule service (rpcId 0, wait false).
   */
  put(from: NodeId, rpcId: number, req: PutMessageRequest, wait: boolean, done?: PutDone): PutMessageResult {
    const core = this.core;
    const result = core.store.putMessage(core.ctx, wait ? req : { ...req, waitStoreMsgOK: false });
    if (result.status !== 'PUT_OK') {
      if (rpcId > 0)
        this.reply(
          from,
          rpcId,
          req,
          putStatusToCode(result.status),
          -1,
          result.remark || putStatusRemark(result.status),
        );
      done?.(result.status, result.remark);
      return result;
    }
    if (req.topic === SCHEDULE_TOPIC) this.onScheduled(req.delayLevel ?? 1, req.tagsCode ?? 0);
    const r = this.replication;
    const replica =
      r === undefined ? 'PUT_OK' : r.onAppended(req, result, wait || (done !== undefined && r.alwaysWaits));
    // A replica outcome that means "not stored" (a refused DLedger append) is answered at once.
    const flush: WaitOutcome =
      result.awaitingFlush && isStoredStatus(replica === 'wait' ? 'PUT_OK' : replica) ? 'wait' : 'PUT_OK';
    if (flush !== 'wait' && replica !== 'wait') {
      if (rpcId > 0)
        this.reply(
          from,
          rpcId,
          req,
          putStatusToCode(replica !== 'PUT_OK' ? replica : 'PUT_OK'),
          result.queueOffset,
          '',
        );
      done?.(replica !== 'PUT_OK' ? replica : 'PUT_OK');
      return result;
    }
    const pending: PendingPut = {
      from,
      rpcId,
      uid: req.uid,
      queueId: req.queueId,
      queueOffset: result.queueOffset,
      endOffset: result.endOffset,
      deadlineUs: core.ctx.now() + (this.replication?.waitUs ?? 0),
      flush,
      replica,
      done,
    };
    if (this.waits.add(pending, result.putId))
      core.ctx.setTimer(PUT_WAIT_TIMER, Math.max(0, pending.deadlineUs - core.ctx.now()));
    return result;
  }

  /** The store finished a SYNC_FLUSH wait. */
  onPutDurable(putId: number, status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT'): void {
    this.waits.onFlush(putId, status);
  }

  onWaitTimer(): void {
    const now = this.core.ctx.now();
    this.waits.expire(now, this.replication?.timeoutStatus ?? 'FLUSH_SLAVE_TIMEOUT');
    this.rearm();
  }

  /** Re-arms the wait timer for the oldest replica wait (after progress or expiry). */
  rearm(): void {
    const next = this.waits.nextDeadlineUs();
    if (next >= 0) this.core.ctx.setTimer(PUT_WAIT_TIMER, Math.max(0, next - this.core.ctx.now()));
    else this.core.ctx.cancelTimer(PUT_WAIT_TIMER);
  }

  /**
   * [R4 SMP msgCheck]: an unknown topic is created from TBW102 when autoCreateTopicEnable is on;
   * a retry topic is created (1 queue) in any case. NB: RocketMQ would also create it on a slave
   * and then refuse the put; here a slave refuses at once (SERVICE_NOT_AVAILABLE, as the put would).
   */
  private checkTopic(msg: SendMessage): ResponseCode {
    const core = this.core;
    let tc = core.topics.get(msg.topic);
    if (tc === undefined && !core.isMaster) return 'SERVICE_NOT_AVAILABLE';
    if (tc === undefined) {
      const queues = core.config.autoCreateTopicEnable
        ? core.config.defaultTopicQueueNums
        : isRetryTopic(msg.topic)
          ? 1
          : 0;
      if (queues > 0 && core.topics.createIfAbsent(msg.topic, queues, core.ctx.now())) this.onTopicCreated();
      tc = core.topics.get(msg.topic);
    }
    if (tc === undefined) return 'TOPIC_NOT_EXIST';
    if ((tc.perm & PERM_WRITE) === 0) return 'NO_PERMISSION';
    if (msg.queueId < 0 || msg.queueId >= tc.writeQueueNums) return 'SYSTEM_ERROR';
    return 'SUCCESS';
  }

  /** [R4 SMP handleRetryAndDLQ]: a retry message that failed too often goes to the DLQ. */
  private toPutRequest(msg: SendMessage): PutMessageRequest {
    const base: PutMessageRequest = {
      topic: msg.topic,
      queueId: msg.queueId,
      uid: msg.uid,
      keys: msg.keys,
      bodyBytes: msg.bodyBytes,
      bornTimestampUs: msg.bornTimestampUs,
      reconsumeTimes: msg.reconsumeTimes,
      originUid: msg.originUid,
      originTopic: msg.originTopic,
    };
    if (!isRetryTopic(msg.topic) || msg.reconsumeTimes < this.core.config.maxReconsumeTimes) return base;
    const group = msg.topic.slice('%RETRY%'.length);
    const dlq = dlqTopic(group);
    if (this.core.topics.createIfAbsent(dlq, 1, this.core.ctx.now())) this.onTopicCreated();
    this.core.emit({
      kind: 'broker.dlq',
      broker: this.core.name,
      group,
      uid: msg.originUid,
      reconsumeTimes: msg.reconsumeTimes,
    });
    return { ...base, topic: dlq, queueId: 0 };
  }

  private answerPending(p: PendingPut, status: PutMessageStatus): void {
    p.done?.(status);
    if (p.rpcId <= 0) return;
    const response: SendMessageResponse = {
      type: 'SEND_MESSAGE_RESPONSE',
      code: putStatusToCode(status),
      uid: p.uid,
      queueId: p.queueId,
      queueOffset: p.queueOffset,
      remark: putStatusRemark(status),
    };
    this.core.ctx.reply(p.from, p.rpcId, response);
  }

  private reply(
    from: NodeId,
    rpcId: number,
    msg: { readonly uid: number; readonly queueId: number },
    code: ResponseCode,
    queueOffset: number,
    remark: string,
  ): void {
    if (rpcId <= 0) return;
    const response: SendMessageResponse = {
      type: 'SEND_MESSAGE_RESPONSE',
      code,
      uid: msg.uid,
      queueId: msg.queueId,
      queueOffset,
      remark,
    };
    this.core.ctx.reply(from, rpcId, response);
  }
}

/** The stored record of a put, as replication ships it. */
export function toRecord(req: PutMessageRequest, r: PutMessageResult): StoreRecord {
  return {
    topic: req.topic,
    queueId: req.queueId,
    queueOffset: r.queueOffset,
    commitLogOffset: r.commitLogOffset,
    sizeBytes: r.msgBytes,
    uid: req.uid,
    keys: req.keys,
    bodyBytes: req.bodyBytes,
    bornTimestampUs: req.bornTimestampUs,
    storeTimestampUs: r.storeTimestampUs,
    reconsumeTimes: req.reconsumeTimes,
    originUid: req.originUid,
    originTopic: req.originTopic,
    tagsCode: req.tagsCode ?? 0,
    delayLevel: req.delayLevel ?? 0,
    realTopic: req.realTopic ?? '',
    realQueueId: req.realQueueId ?? 0,
    sysFlag: req.sysFlag ?? 0,
  };
}
