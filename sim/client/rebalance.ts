// Rebalance of one push consumer instance [R4 RBI RebalanceImpl] [R4 RBP
// RebalancePushImpl] (docs/model.md §5.6, §5.8): for each subscribed topic
// (and, clustering, its %RETRY% topic) ask one random broker of the route for
// the group's consumer ids, allocate, drop the queues no longer mine and start
// the new ones from the broker's stored offset (or the consume-from-where rule
// when the group has none). Orderly queues are locked on their broker first
// and their locks renewed every 20 s. Each instance decides alone.
import type { NodeId, RpcOutcome } from '../engine/index.js';
import type { ConsumerGroupSpec } from './spec.js';
import type { ClusterContext, LockBatchMq, MessageQueue, WireMessage } from '../protocol/index.js';
import { compareMq, isRetryTopic, MASTER_ID, mqKey } from '../protocol/index.js';
import { allocate, allocateWithOverlap } from './allocate.js';
import type { ClientConfig } from './config.js';
import type { QueueEntry } from './queue-entry.js';
import type { RouteCache } from './route-cache.js';

export interface RebalanceHost {
  readonly routes: RouteCache;
  readonly clientId: string;
  /** Owned queues by mqKey. */
  readonly entries: ReadonlyMap<string, QueueEntry>;
  addQueue(ctx: ClusterContext, mq: MessageQueue, startOffset: number, lockedUntilUs: number): void;
  /** Broadcasting: the offset in the local offset file, if any. */
  localOffset(mq: MessageQueue): number | undefined;
  removeQueue(ctx: ClusterContext, entry: QueueEntry): void;
  /** Orderly: a lock renewal changed which queues may consume. */
  locksRenewed(ctx: ClusterContext): void;
}

type Pending =
  | { readonly kind: 'cids'; readonly topic: string }
  | { readonly kind: 'offset' | 'max'; readonly mq: MessageQueue; readonly lockedUntilUs: number }
  | { readonly kind: 'lock'; readonly mqs: readonly MessageQueue[]; readonly renew: boolean };

export class Rebalancer {
  private readonly pending = new Map<number, Pending>();
  /** Queues being started (lock or offset query in flight), by key. */
  private readonly starting = new Map<string, MessageQueue>();

  constructor(
    private readonly spec: ConsumerGroupSpec,
    private readonly config: ClientConfig,
    private readonly host: RebalanceHost,
  ) {}

  /** Broadcasting consumers need no broker locks and keep offsets in a local file. */
  private get clustering(): boolean {
    return this.spec.model === 'CLUSTERING';
  }

  /** The topics this instance consumes: the subscription plus, clustering, %RETRY%group. */
  topics(): string[] {
    return this.spec.model === 'CLUSTERING'
      ? [...this.spec.topics, `%RETRY%${this.spec.group}`]
      : [...this.spec.topics];
  }

  doRebalance(ctx: ClusterContext): void {
    for (const topic of this.topics()) {
      const mqAll = this.host.routes.subscribeInfo(topic);
      if (mqAll === undefined) continue;
      if (this.spec.model === 'BROADCASTING') {
        this.apply(ctx, topic, mqAll, 1);
        continue;
      }
      const addr = this.pickBroker(ctx, topic);
      if (addr === undefined) continue;
      const id = ctx.rpc(
        addr,
        { type: 'GET_CONSUMER_LIST_BY_GROUP', consumerGroup: this.spec.group },
        this.config.rpcTimeoutUs,
      );
      this.pending.set(id, { kind: 'cids', topic });
    }
  }

  /** findBrokerAddrByTopic: a random BrokerData of the route; its master, else any address. */
  private pickBroker(ctx: ClusterContext, topic: string): NodeId | undefined {
    const route = this.host.routes.route(topic);
    if (route === undefined || route.brokerDatas.length === 0) return undefined;
    const bd = ctx.rng.choice(route.brokerDatas);
    const master = bd.brokerAddrs.find((a) => a.brokerId === MASTER_ID);
    if (master !== undefined) return master.addr;
    return bd.brokerAddrs.length === 0 ? undefined : ctx.rng.choice(bd.brokerAddrs).addr;
  }

  handleReply(ctx: ClusterContext, rpcId: number, outcome: RpcOutcome<WireMessage>): boolean {
    const p = this.pending.get(rpcId);
    if (p === undefined) return false;
    this.pending.delete(rpcId);
    const r = outcome.ok ? outcome.response : undefined;
    switch (p.kind) {
      case 'cids': {
        const mqAll = this.host.routes.subscribeInfo(p.topic);
        if (
          r?.type !== 'CONSUMER_LIST_RESPONSE' ||
          r.code !== 'SUCCESS' ||
          r.consumerIdList.length === 0 ||
          mqAll === undefined
        )
          return true;
        const cidAll = [...r.consumerIdList].sort();
        const input = { mqAll: [...mqAll].sort(compareMq), cidAll, currentCid: this.host.clientId };
        const mine = this.config.bugRebalanceOverlap
          ? allocateWithOverlap('AVERAGELY', input)
          : allocate('AVERAGELY', input);
        this.apply(ctx, p.topic, mine, cidAll.length);
        return true;
      }
      case 'lock':
        this.onLocked(ctx, p.mqs, p.renew, r?.type === 'LOCK_BATCH_MQ_RESPONSE' ? r.lockOkMqs : []);
        return true;
      case 'offset':
      case 'max':
        this.onOffset(ctx, p, r);
        return true;
    }
  }

  /** updateProcessQueueTableInRebalance. */
  private apply(ctx: ClusterContext, topic: string, mine: readonly MessageQueue[], consumers: number): void {
    const want = new Set(mine.map(mqKey));
    // A start still in flight for a queue this allocation no longer gives us is abandoned, so its
    // reply does not add the queue: RocketMQ's rebalance runs on one thread and queries the offset
    // synchronously, so a later allocation never races an earlier one's start (there the queue would
    // be in the table already, and this allocation would remove it: it counts as removed here too).
    let removed = 0;
    for (const [key, mq] of this.starting) {
      if (mq.topic !== topic || want.has(key)) continue;
      this.starting.delete(key);
      removed++;
    }
    for (const e of [...this.host.entries.values()]) {
      if (e.mq.topic !== topic || want.has(e.key)) continue;
      this.host.removeQueue(ctx, e);
      removed++;
    }
    const added = mine.filter((mq) => !this.host.entries.has(mqKey(mq)) && !this.starting.has(mqKey(mq)));
    for (const mq of added) {
      this.starting.set(mqKey(mq), mq);
      if (this.spec.orderly && this.clustering) this.lock(ctx, [mq], false);
      else this.queryOffset(ctx, mq, this.spec.orderly ? Number.MAX_SAFE_INTEGER : 0);
    }
    if (added.length > 0 || removed > 0) {
      ctx.emit({
        kind: 'client.rebalanced',
        client: ctx.id,
        group: this.spec.group,
        topic,
        consumers,
        queues: mine.map((m) => `${m.brokerName}#${m.queueId}`),
        added: added.length,
        removed,
      });
    }
  }

  /** Orderly: renew the locks of every owned queue, per broker group (every 20 s). */
  renewLocks(ctx: ClusterContext): void {
    if (!this.clustering) return;
    const byBroker = new Map<string, MessageQueue[]>();
    for (const e of this.host.entries.values()) {
      const list = byBroker.get(e.mq.brokerName) ?? [];
      list.push(e.mq);
      byBroker.set(e.mq.brokerName, list);
    }
    for (const mqs of byBroker.values()) this.lock(ctx, mqs, true);
  }

  private lock(ctx: ClusterContext, mqs: readonly MessageQueue[], renew: boolean): void {
    const first = mqs[0];
    const addr = first === undefined ? undefined : this.host.routes.subscribeAddr(first.brokerName, MASTER_ID)?.addr;
    if (addr === undefined) {
      this.onLocked(ctx, mqs, renew, []);
      return;
    }
    const req: LockBatchMq = {
      type: 'LOCK_BATCH_MQ',
      consumerGroup: this.spec.group,
      clientId: this.host.clientId,
      mqs,
    };
    this.pending.set(ctx.rpc(addr, req, this.config.rpcTimeoutUs), { kind: 'lock', mqs, renew });
  }

  private onLocked(
    ctx: ClusterContext,
    mqs: readonly MessageQueue[],
    renew: boolean,
    ok: readonly MessageQueue[],
  ): void {
    const okKeys = new Set(ok.map(mqKey));
    const until = ctx.now() + this.config.lockMaxLiveTimeUs;
    for (const mq of mqs) {
      const key = mqKey(mq);
      if (renew) {
        const e = this.host.entries.get(key);
        if (e !== undefined) e.pq.lockedUntilUs = okKeys.has(key) ? until : 0;
      } else if (okKeys.has(key) && this.starting.has(key)) this.queryOffset(ctx, mq, until);
      else this.starting.delete(key); // not locked: try again at the next rebalance
    }
    if (renew) this.host.locksRenewed(ctx);
  }

  /** computePullFromWhere: the local file (broadcasting) or QUERY_CONSUMER_OFFSET to the master (any address without one). */
  private queryOffset(ctx: ClusterContext, mq: MessageQueue, lockedUntilUs: number): void {
    const local = this.clustering ? undefined : this.host.localOffset(mq);
    if (local !== undefined) {
      this.started(ctx, mq, local, lockedUntilUs);
      return;
    }
    if (!this.clustering) {
      // LocalFileOffsetStore has nothing: consume-from-where decides, as for a new clustering group.
      this.onOffset(
        ctx,
        { kind: 'offset', mq, lockedUntilUs },
        { type: 'QUERY_CONSUMER_OFFSET_RESPONSE', code: 'QUERY_NOT_FOUND', offset: -1 },
      );
      return;
    }
    const addr = this.host.routes.subscribeAddr(mq.brokerName, MASTER_ID)?.addr;
    if (addr === undefined) {
      this.starting.delete(mqKey(mq));
      return;
    }
    const id = ctx.rpc(
      addr,
      { type: 'QUERY_CONSUMER_OFFSET', consumerGroup: this.spec.group, topic: mq.topic, queueId: mq.queueId },
      this.config.rpcTimeoutUs,
    );
    this.pending.set(id, { kind: 'offset', mq, lockedUntilUs });
  }

  private onOffset(
    ctx: ClusterContext,
    p: Extract<Pending, { kind: 'offset' | 'max' }>,
    r: WireMessage | undefined,
  ): void {
    const key = mqKey(p.mq);
    if (p.kind === 'offset' && r?.type === 'QUERY_CONSUMER_OFFSET_RESPONSE' && r.code === 'SUCCESS' && r.offset >= 0) {
      this.started(ctx, p.mq, r.offset, p.lockedUntilUs);
      return;
    }
    if (p.kind === 'offset' && r?.type === 'QUERY_CONSUMER_OFFSET_RESPONSE' && r.code === 'QUERY_NOT_FOUND') {
      // A new group: retry topics and CONSUME_FROM_FIRST_OFFSET start at 0; LAST_OFFSET at the queue's max.
      if (isRetryTopic(p.mq.topic) || this.spec.consumeFromWhere === 'CONSUME_FROM_FIRST_OFFSET') {
        this.started(ctx, p.mq, 0, p.lockedUntilUs);
        return;
      }
      const addr = this.host.routes.subscribeAddr(p.mq.brokerName, MASTER_ID)?.addr;
      if (addr !== undefined) {
        const id = ctx.rpc(
          addr,
          { type: 'GET_MAX_OFFSET', topic: p.mq.topic, queueId: p.mq.queueId },
          this.config.rpcTimeoutUs,
        );
        this.pending.set(id, { kind: 'max', mq: p.mq, lockedUntilUs: p.lockedUntilUs });
        return;
      }
    }
    if (p.kind === 'max' && r?.type === 'GET_MAX_OFFSET_RESPONSE' && r.code === 'SUCCESS') {
      this.started(ctx, p.mq, r.offset, p.lockedUntilUs);
      return;
    }
    this.starting.delete(key); // any other error: skip this queue this round
  }

  private started(ctx: ClusterContext, mq: MessageQueue, offset: number, lockedUntilUs: number): void {
    if (!this.starting.delete(mqKey(mq))) return; // abandoned by a later allocation meanwhile
    this.host.addQueue(ctx, mq, offset, lockedUntilUs);
  }
}
