// A push consumer process: one instance of a consumer group [R4 DPC] [R4 DPCI]
// [R4 PAW] [R4 MCI] (docs/model.md §5.5-§5.8). It shares the client core
// (NameServer, routes, heartbeats to every broker), rebalances every 20 s and
// when a broker says the group changed, long-polls each owned queue from the
// master or the broker id the broker suggested (falling back to any address of
// the group when there is no master), consumes through ConsumeService and
// commits offsets every 5 s. A crash loses everything in memory: its queues
// are re-allocated at the others' next rebalance and consumed again from the
// last committed offset, as in the real system.
import type { DiskCompletion, NodeId, RpcOutcome } from '../engine/index.js';
import type { ConsumerGroupSpec } from './spec.js';
import type {
  ClusterContext,
  ClusterNode,
  ClusterTimer,
  MessageExt,
  MessageQueue,
  PullMessage,
  PullMessageResponse,
  WireMessage,
} from '../protocol/index.js';
import { MASTER_ID, mqKey } from '../protocol/index.js';
import type { History } from '../history/index.js';
import { ClientInstance } from './client-instance.js';
import type { ClientConfig } from './config.js';
import { ConsumeService } from './consume-service.js';
import { OffsetStore } from './offset-store.js';
import { QueueEntry } from './queue-entry.js';
import { Rebalancer } from './rebalance.js';
import type { RouteUpdate } from './route-cache.js';

const T_START = 'consumer-start';
const T_REBALANCE = 'rebalance';
const T_PERSIST = 'persist-offsets';
const T_LOCK = 'lock-renew';
const T_PULL = 'pull:';
const T_MOVED = 'offset-moved:';

/** The pulled messages not yet in the process queue (offset >= next): the list itself when all are (no copy per pull). */
function freshOf(msgs: readonly MessageExt[], next: number): readonly MessageExt[] {
  for (let i = 0; i < msgs.length; i++)
    if ((msgs[i] as MessageExt).queueOffset < next) return msgs.filter((m) => m.queueOffset >= next);
  return msgs;
}

export interface ConsumerOptions {
  readonly spec: ConsumerGroupSpec;
  readonly config: ClientConfig;
  readonly namesrvs: readonly NodeId[];
  readonly clientIndex: number;
  readonly history: History;
  /** Tests: a timer at every consumption's completion, the reference the computed completions must equal. */
  readonly timeEveryConsumption?: boolean;
}

export class ConsumerNode implements ClusterNode {
  private client: ClientInstance | undefined;
  private rebalancer: Rebalancer | undefined;
  private consume: ConsumeService | undefined;
  private readonly offsets: OffsetStore;
  private readonly queues = new Map<string, QueueEntry>();
  private readonly pulls = new Map<number, QueueEntry>();
  private readonly moved = new Map<
    string,
    { readonly entry: QueueEntry; readonly offset: number; readonly maxOffset: number }
  >();
  private routesPending = 0;
  private started = false;

  constructor(private readonly opts: ConsumerOptions) {
    this.offsets = new OffsetStore(opts.spec.group, opts.spec.model === 'BROADCASTING', opts.history);
  }

  /** Owned queues (for tests and reports). */
  get owned(): readonly MessageQueue[] {
    return [...this.queues.values()].map((e) => e.mq);
  }

  onStart(ctx: ClusterContext): void {
    const { spec, config } = this.opts;
    // clientIP@instanceName [R4 CC buildMQClientId]; the bug switch gives every instance one id (apache/rocketmq#1589).
    const clientId = config.bugSharedClientId ? `${this.opts.spec.group}-host@1` : `${ctx.host}@${ctx.id}`;
    const client = new ClientInstance(
      { clientId, namesrvs: this.opts.namesrvs, config, heartbeatSlaves: true },
      {
        onRouteQueryDone: (c, topic, update) => this.onRouteQueryDone(c, topic, update),
        heartbeat: () => ({
          producerGroups: [],
          consumers: [
            {
              group: spec.group,
              messageModel: spec.model,
              consumeFromWhere: spec.consumeFromWhere,
              topics: this.rebalancer?.topics() ?? [],
            },
          ],
        }),
      },
    );
    this.client = client;
    const host = {
      routes: client.routes,
      clientId: client.clientId,
      entries: this.queues,
      addQueue: (c: ClusterContext, mq: MessageQueue, offset: number, lockedUntilUs: number) =>
        this.addQueue(c, mq, offset, lockedUntilUs),
      removeQueue: (c: ClusterContext, e: QueueEntry) => this.removeQueue(c, e),
      locksRenewed: (c: ClusterContext) => this.wakeOrderly(c),
      localOffset: (mq: MessageQueue) => this.offsets.read(mq),
    };
    this.rebalancer = new Rebalancer(spec, config, host);
    this.consume = new ConsumeService(
      spec,
      config,
      this.opts.history,
      { routes: client.routes, ackOffset: (c, e) => this.ackOffset(c, e) },
      this.opts.timeEveryConsumption === true,
    );
    this.offsets.load(ctx);
    ctx.setTimer(T_START, Math.max(0, spec.startUs - ctx.now()));
  }

  /** DefaultMQPushConsumerImpl.start: fetch routes, heartbeat every broker, rebalance at once, then the timers. */
  private startConsumer(ctx: ClusterContext): void {
    const { client, rebalancer } = this;
    if (client === undefined || rebalancer === undefined) return;
    client.start(ctx);
    const topics = rebalancer.topics();
    this.routesPending = topics.length;
    for (const t of topics) client.updateRoute(ctx, t);
    const c = this.opts.config;
    ctx.setTimer(T_REBALANCE, c.rebalanceIntervalUs);
    ctx.setTimer(T_PERSIST, c.persistConsumerOffsetInitialDelayUs);
    if (this.opts.spec.orderly) ctx.setTimer(T_LOCK, c.lockIntervalUs);
  }

  private onRouteQueryDone(ctx: ClusterContext, _topic: string, _update: RouteUpdate | undefined): void {
    if (this.started) return;
    this.routesPending--;
    if (this.routesPending > 0) return;
    this.started = true;
    this.client?.heartbeatNow(ctx);
    this.rebalancer?.doRebalance(ctx);
  }

  onMessage(ctx: ClusterContext, _from: NodeId, msg: WireMessage): void {
    this.consume?.catchUp(ctx);
    if (msg.type === 'NOTIFY_CONSUMER_IDS_CHANGED' && msg.consumerGroup === this.opts.spec.group && this.started)
      this.rebalancer?.doRebalance(ctx);
  }

  onReply(
    ctx: ClusterContext,
    to: NodeId,
    request: WireMessage,
    outcome: RpcOutcome<WireMessage>,
    rpcId: number,
  ): void {
    this.consume?.catchUp(ctx);
    // Pulls first, the usual reply: an rpc id is the process's own, so it is in one table at most, and no
    // other handler takes a PULL_MESSAGE's reply (the client's takes heartbeats and route queries).
    const entry = this.pulls.get(rpcId);
    if (entry !== undefined) {
      this.onPullReply(ctx, entry, rpcId, outcome);
      return;
    }
    if (this.client?.handleReply(ctx, to, request, outcome) === true) return;
    if (this.rebalancer?.handleReply(ctx, rpcId, outcome) === true) return;
    this.consume?.handleReply(ctx, rpcId, outcome);
  }

  private onPullReply(ctx: ClusterContext, entry: QueueEntry, rpcId: number, outcome: RpcOutcome<WireMessage>): void {
    this.pulls.delete(rpcId);
    entry.pulling = false;
    if (entry.dropped) return;
    if (outcome.ok && outcome.response.type === 'PULL_MESSAGE_RESPONSE') this.onPulled(ctx, entry, outcome.response);
    else this.pullLater(ctx, entry, this.opts.config.pullDelayWhenExceptionUs);
  }

  onTimer(ctx: ClusterContext, name: ClusterTimer): void {
    this.consume?.catchUp(ctx);
    if (this.client?.handleTimer(ctx, name) === true) return;
    if (this.consume?.onTimer(ctx, name) === true) return;
    const c = this.opts.config;
    if (name.startsWith(T_PULL)) {
      const e = this.queues.get(name.slice(T_PULL.length));
      if (e !== undefined) {
        e.pulling = false;
        this.pull(ctx, e);
      }
    } else if (name.startsWith(T_MOVED)) this.finishOffsetMoved(ctx, name.slice(T_MOVED.length));
    else if (name === T_START) this.startConsumer(ctx);
    else if (name === T_REBALANCE) {
      this.rebalancer?.doRebalance(ctx);
      ctx.setTimer(T_REBALANCE, c.rebalanceIntervalUs);
    } else if (name === T_PERSIST) {
      if (this.client !== undefined) this.offsets.persistAll(ctx, this.client.routes, this.owned);
      ctx.setTimer(T_PERSIST, c.consumerOffsetPersistPeriodUs);
    } else if (name === T_LOCK) {
      this.rebalancer?.renewLocks(ctx);
      ctx.setTimer(T_LOCK, c.lockIntervalUs);
    }
  }

  onChannelClosed(ctx: ClusterContext, peer: NodeId): void {
    this.consume?.catchUp(ctx);
    this.client?.handleChannelClosed(ctx, peer);
  }

  /** The consume threads' completions are computed lazily (ConsumeService): bring them up to now. */
  onSettle(ctx: ClusterContext): void {
    this.consume?.settle(ctx);
  }

  onResume(ctx: ClusterContext): void {
    this.consume?.resumed(ctx);
  }

  onClockSkew(_ctx: ClusterContext, deltaUs: number): void {
    this.consume?.clockMoved(deltaUs);
  }

  onDiskDone(_ctx: ClusterContext, _done: DiskCompletion): void {}

  private addQueue(ctx: ClusterContext, mq: MessageQueue, offset: number, lockedUntilUs: number): void {
    const key = mqKey(mq);
    if (this.queues.has(key)) return;
    const e = new QueueEntry(mq, offset);
    e.pq.lockedUntilUs = lockedUntilUs;
    this.queues.set(key, e);
    this.pull(ctx, e);
  }

  private removeQueue(ctx: ClusterContext, e: QueueEntry): void {
    e.pq.dropped = true;
    this.queues.delete(e.key);
    ctx.cancelTimer(`${T_PULL}${e.key}`);
    if (this.client !== undefined) this.offsets.commit(ctx, this.client.routes, e.mq);
    this.offsets.remove(e.mq);
    if (this.opts.spec.orderly) {
      const addr = this.client?.routes.subscribeAddr(e.mq.brokerName, MASTER_ID)?.addr;
      if (addr !== undefined)
        ctx.send(addr, {
          type: 'UNLOCK_BATCH_MQ',
          consumerGroup: this.opts.spec.group,
          clientId: this.client?.clientId ?? '',
          mqs: [e.mq],
        });
    }
  }

  private ackOffset(_ctx: ClusterContext, e: QueueEntry): void {
    if (this.opts.config.bugCommitBeforeConsume || e.dropped) return;
    this.offsets.update(e.mq, e.pq.commitOffset(), true, e.key);
  }

  private wakeOrderly(ctx: ClusterContext): void {
    for (const e of this.queues.values()) this.consume?.scheduleOrderly(ctx, e);
  }

  /** pullMessage: flow control, address choice (§5.7), then a long-polling PULL_MESSAGE. */
  private pull(ctx: ClusterContext, e: QueueEntry): void {
    const client = this.client;
    if (client === undefined || e.dropped || e.pulling) return;
    const c = this.opts.config;
    const first = e.pq.firstInFlight();
    const span = first === undefined ? 0 : e.pq.pulledNext() - 1 - first;
    if (e.pq.count > c.pullThresholdForQueue || (!this.opts.spec.orderly && span > c.consumeConcurrentlyMaxSpan)) {
      this.pullLater(ctx, e, c.pullDelayWhenFlowControlUs);
      return;
    }
    if (this.opts.spec.orderly && e.pq.lockedUntilUs <= ctx.now()) {
      this.pullLater(ctx, e, c.pullDelayWhenExceptionUs);
      return;
    }
    const target = client.routes.subscribeAddr(e.mq.brokerName, e.suggestId);
    if (target === undefined) {
      this.pullLater(ctx, e, c.pullDelayWhenExceptionUs);
      return;
    }
    if (e.lastAddr !== undefined && e.lastAddr !== target.addr) {
      const reason =
        e.suggestId !== MASTER_ID
          ? `broker suggested id ${e.suggestId}`
          : target.brokerId !== MASTER_ID
            ? 'no master in the route'
            : 'back to the master';
      ctx.emit({
        kind: 'client.pull-redirected',
        client: ctx.id,
        queue: e.key,
        fromAddr: e.lastAddr,
        toAddr: target.addr,
        brokerId: target.brokerId,
        reason,
      });
    }
    e.lastAddr = target.addr;
    const stored = this.offsets.read(e.mq, e.key);
    const req: PullMessage = {
      type: 'PULL_MESSAGE',
      consumerGroup: this.opts.spec.group,
      topic: e.mq.topic,
      queueId: e.mq.queueId,
      queueOffset: e.nextOffset,
      maxMsgNums: c.pullBatchSize,
      commitOffset: target.brokerId === MASTER_ID && stored !== undefined ? stored : -1,
      suspendTimeoutUs: c.brokerSuspendMaxTimeUs,
    };
    e.pulling = true;
    this.pulls.set(ctx.rpc(target.addr, req, c.pullRpcTimeoutUs), e);
  }

  private pullLater(ctx: ClusterContext, e: QueueEntry, delayUs: number): void {
    if (e.dropped) return;
    e.pulling = true;
    ctx.setTimer(`${T_PULL}${e.key}`, delayUs);
  }

  private onPulled(ctx: ClusterContext, e: QueueEntry, r: PullMessageResponse): void {
    e.suggestId = r.suggestWhichBrokerId;
    if (r.code === 'SUCCESS') {
      const fresh = freshOf(r.messages, e.pq.pulledNext());
      for (let i = 0; i < fresh.length; i++) e.pq.add((fresh[i] as MessageExt).queueOffset);
      e.nextOffset = r.nextBeginOffset;
      if (this.opts.config.bugCommitBeforeConsume) this.offsets.update(e.mq, e.pq.pulledNext(), true);
      if (fresh.length > 0) this.consume?.submit(ctx, e, fresh);
      this.pull(ctx, e);
    } else if (r.code === 'PULL_NOT_FOUND' || r.code === 'PULL_RETRY_IMMEDIATELY') {
      e.nextOffset = r.nextBeginOffset;
      this.pull(ctx, e);
    } else if (r.code === 'PULL_OFFSET_MOVED') {
      // OFFSET_ILLEGAL: drop the queue; after 10 s store the corrected offset and let rebalance re-add it.
      e.pq.dropped = true;
      this.moved.set(e.key, { entry: e, offset: r.nextBeginOffset, maxOffset: r.maxOffset });
      ctx.setTimer(`${T_MOVED}${e.key}`, this.opts.config.offsetIllegalDelayUs);
    } else this.pullLater(ctx, e, this.opts.config.pullDelayWhenExceptionUs);
  }

  private finishOffsetMoved(ctx: ClusterContext, key: string): void {
    const m = this.moved.get(key);
    this.moved.delete(key);
    if (m === undefined || this.client === undefined) return;
    this.offsets.update(m.entry.mq, m.offset, false);
    this.offsets.commit(ctx, this.client.routes, m.entry.mq);
    ctx.emit({
      kind: 'client.offset-reset',
      client: ctx.id,
      queue: key,
      offset: m.offset,
      maxOffset: m.maxOffset,
      reason: 'PULL_OFFSET_MOVED',
    });
    if (this.queues.get(key) === m.entry) this.queues.delete(key);
  }
}
