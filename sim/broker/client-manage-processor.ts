// Client bookkeeping requests (§3.8, §3.9, §5.6): HEART_BEAT (registers the
// client's groups; a CLUSTERING consumer's retry topic is created on the
// way), UNREGISTER_CLIENT, GET_CONSUMER_LIST_BY_GROUP, consumer offsets
// (QUERY / UPDATE), GET_MAX_OFFSET, and orderly-consumption queue locks.
// Membership changes are pushed to every member as NOTIFY_CONSUMER_IDS_CHANGED.
// Models [R4 broker/processor/ClientManageProcessor.java], [R4 CMP]
// ConsumerManageProcessor, [R4 broker/processor/AdminBrokerProcessor.java]
// (getMaxOffset, lockBatchMQ) and [R4 DCICL].
import type { NodeId } from '../engine/index.js';
import {
  retryTopic,
  type BrokerAck,
  type ClientHeartbeat,
  type ConsumerListResponse,
  type GetMaxOffsetResponse,
  type LockBatchMq,
  type QueryConsumerOffset,
  type QueryConsumerOffsetResponse,
  type UnlockBatchMq,
  type UpdateConsumerOffset,
} from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import { QueueLockManager } from './queue-locks.js';

const OK: BrokerAck = { type: 'BROKER_ACK', code: 'SUCCESS', remark: '' };

export class ClientManageProcessor {
  readonly locks = new QueueLockManager();
  /** Called when a topic was created (the broker re-registers at once). */
  onTopicCreated: () => void = () => {};

  constructor(private readonly core: BrokerCore) {}

  heartbeat(from: NodeId, rpcId: number, hb: ClientHeartbeat): void {
    const core = this.core;
    const now = core.ctx.now();
    for (const c of hb.consumers) {
      // [R4 ClientManageProcessor.heartBeat]: createTopicInSendMessageBackMethod for CLUSTERING groups.
      if (c.messageModel === 'CLUSTERING' && core.topics.createIfAbsent(retryTopic(c.group), 1, now))
        this.onTopicCreated();
    }
    const changed = core.clients.heartbeat(now, from, hb.clientId, hb.producerGroups, hb.consumers);
    this.notify(changed);
    if (rpcId > 0) core.ctx.reply(from, rpcId, OK);
  }

  unregister(
    from: NodeId,
    rpcId: number,
    clientId: string,
    producerGroup: string | null,
    consumerGroup: string | null,
  ): void {
    this.notify(this.core.clients.unregister(from, clientId, producerGroup, consumerGroup));
    if (rpcId > 0) this.core.ctx.reply(from, rpcId, OK);
  }

  /** Sends NOTIFY_CONSUMER_IDS_CHANGED to every member of each changed group. */
  notify(groups: readonly string[]): void {
    const { ctx, clients } = this.core;
    for (const group of groups) {
      for (const ch of clients.consumerChannels(group))
        ctx.send(ch, { type: 'NOTIFY_CONSUMER_IDS_CHANGED', consumerGroup: group });
    }
  }

  consumerList(from: NodeId, rpcId: number, group: string): void {
    const ids = this.core.clients.consumerIds(group);
    const r: ConsumerListResponse = {
      type: 'CONSUMER_LIST_RESPONSE',
      code: ids.length > 0 ? 'SUCCESS' : 'SYSTEM_ERROR',
      consumerIdList: ids,
    };
    this.core.ctx.reply(from, rpcId, r);
  }

  /** §3.9: no stored offset -> 0 if the queue starts at 0 and its head is in memory, else QUERY_NOT_FOUND. */
  queryOffset(from: NodeId, rpcId: number, q: QueryConsumerOffset): void {
    const { store, offsets, ctx } = this.core;
    let offset = offsets.query(q.consumerGroup, q.topic, q.queueId);
    let code: QueryConsumerOffsetResponse['code'] = 'SUCCESS';
    if (offset < 0) {
      const min = store.minOffsetInQueue(q.topic, q.queueId);
      const empty = store.maxOffsetInQueue(q.topic, q.queueId) === 0;
      if (min <= 0 && (empty || store.isInMemory(q.topic, q.queueId, 0))) offset = 0;
      else code = 'QUERY_NOT_FOUND';
    }
    ctx.reply(from, rpcId, { type: 'QUERY_CONSUMER_OFFSET_RESPONSE', code, offset });
  }

  /** §3.9: accepted on masters and slaves alike (clients use a slave when no master is known). */
  updateOffset(from: NodeId, rpcId: number, u: UpdateConsumerOffset): void {
    this.core.offsets.commit(u.consumerGroup, u.topic, u.queueId, u.commitOffset);
    if (rpcId > 0) this.core.ctx.reply(from, rpcId, OK);
  }

  maxOffset(from: NodeId, rpcId: number, topic: string, queueId: number): void {
    const r: GetMaxOffsetResponse = {
      type: 'GET_MAX_OFFSET_RESPONSE',
      code: 'SUCCESS',
      offset: this.core.store.maxOffsetInQueue(topic, queueId),
    };
    this.core.ctx.reply(from, rpcId, r);
  }

  lock(from: NodeId, rpcId: number, req: LockBatchMq): void {
    const locked = this.locks.tryLock(req.consumerGroup, req.clientId, req.mqs, this.core.ctx.now());
    if (rpcId > 0)
      this.core.ctx.reply(from, rpcId, { type: 'LOCK_BATCH_MQ_RESPONSE', code: 'SUCCESS', lockOkMqs: locked });
  }

  unlock(from: NodeId, rpcId: number, req: UnlockBatchMq): void {
    this.locks.unlock(req.consumerGroup, req.clientId, req.mqs);
    if (rpcId > 0) this.core.ctx.reply(from, rpcId, OK);
  }
}
