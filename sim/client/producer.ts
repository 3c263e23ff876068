// A producer process: one instance of a producer group, sending its workload
// with DefaultMQProducer's behaviour [R4 DP] [R4 DPI sendDefaultImpl,
// sendSelectImpl] [R4 MFS] (docs/model.md §5.4). One send timeout of 3 s
// is shared by all attempts; sync sends retry twice, avoiding the broker of the
// previous attempt; async sends retry transport failures only; oneway sends
// make one attempt with no feedback; ordered sends pick the queue by key and
// never retry. The workload is open-loop: messages arrive at the configured
// rate whatever the broker answers (one workload input per instance wakes once
// per tick and starts every arrival due: the outside world's act, not an event
// of the cluster; ctx.scheduleInput, engine/inputs.ts). At most maxInFlight sends are in progress per
// instance (the sending threads, or the async-send permits); later arrivals
// queue, and one that waited its whole send timeout fails without being sent.
import { fail } from '../base/index.js';
import type { DiskCompletion, Micros, NodeId, RpcOutcome } from '../engine/index.js';
import type {
  ClusterContext,
  ClusterNode,
  ClusterTimer,
  MessageQueue,
  SendMessage,
  SendMessageResponse,
  SendStatus,
  WireMessage,
} from '../protocol/index.js';
import { msgUid, statusCode } from '../protocol/index.js';
import type { ProducerGroupSpec } from './spec.js';
import { SendOutcome, type History, type SendOutcomeCode } from '../history/index.js';
import { ClientInstance } from './client-instance.js';
import type { ClientConfig } from './config.js';
import { LatencyFaultTolerance } from './latency-fault.js';
import { QueueSelector, type SharedQueueRewrite } from './queue-selector.js';
import type { RouteUpdate } from './route-cache.js';
import { classifyResponse, classifyTransport, type AttemptVerdict } from './send-policy.js';
import { Arrivals, keyName, nextKeyIndex } from './workload.js';
import { SendFailureLog } from './send-failure-log.js';

/** Sequence numbers per process incarnation (2^26 = 67M messages per start; 64 starts fill msgUid's 32-bit sequence). */
const SEQ_PER_INCARNATION = 0x400_0000;

/**
 * The uid sequence of the n-th message of a producer's incarnation-th start. A start owns one
 * block of SEQ_PER_INCARNATION sequences: an n past it would reuse the next start's uids, an
 * assertion failure (as is a 65th start, which msgUid's sequence field cannot hold).
 */
export function sendSeq(incarnation: number, n: number): number {
  if (n >>> 0 !== n || n >= SEQ_PER_INCARNATION)
    fail(`message ${n} of one producer start overflows its ${SEQ_PER_INCARNATION} uids`);
  return incarnation * SEQ_PER_INCARNATION + n;
}

export interface ProducerOptions {
  readonly spec: ProducerGroupSpec;
  readonly config: ClientConfig;
  readonly namesrvs: readonly NodeId[];
  /** Unique per client node; message uids are msgUid(clientIndex, seq). */
  readonly clientIndex: number;
  readonly history: History;
  /** This instance's position in its group, 0-based (staggers the instances' arrivals; see Arrivals). */
  readonly instance?: number;
}

interface SendState {
  readonly row: number;
  readonly uid: number;
  /** Business key, '' for none. */
  readonly key: string;
  readonly startUs: Micros;
  attempts: number;
  attemptStartUs: Micros;
  lastBroker: string | undefined;
  maybeStored: boolean;
  routeTried: boolean;
  failure: { readonly broker: string; readonly reason: string } | undefined;
}

export class ProducerNode implements ClusterNode {
  private client: ClientInstance | undefined;
  private selector = new QueueSelector(0);
  private readonly faults = new LatencyFaultTolerance();
  private readonly inflight = new Map<number, SendState>();
  private parked: SendState[] = [];
  private arrivals: Arrivals | undefined;
  /** Sends started and not finished (RPC in flight, or parked for a route). */
  private active = 0;
  /** Arrivals waiting for a free sending slot, FIFO from `waitingHead`. */
  private waiting: SendState[] = [];
  private waitingHead = 0;
  private startingWaiting = false;
  private readonly failures = new SendFailureLog();
  private incarnation = 0;
  private seq = 0;
  /** Network accounting of one send: the body size (built once). */
  private readonly wire: { readonly bytes: number };

  constructor(private readonly opts: ProducerOptions) {
    this.wire = { bytes: opts.spec.messageBytes };
  }

  onStart(ctx: ClusterContext): void {
    const { spec, config } = this.opts;
    this.client = new ClientInstance(
      { clientId: `${ctx.host}@${ctx.id}`, namesrvs: this.opts.namesrvs, config, heartbeatSlaves: false },
      {
        onRouteQueryDone: (c, topic, update) => this.onRouteQueryDone(c, topic, update),
        heartbeat: () => ({ producerGroups: [spec.group], consumers: [] }),
      },
    );
    this.client.start(ctx);
    this.client.useTopic(spec.topic);
    this.selector = new QueueSelector(ctx.rng.int(0, 0x7ffffffe));
    this.incarnation = this.opts.history.nextIncarnation(this.opts.clientIndex);
    const phase = (this.opts.instance ?? 0) / Math.max(1, spec.instances);
    this.arrivals = new Arrivals(spec.rate, spec.startUs, spec.stopUs, config.workloadTickUs, ctx.now(), phase);
    this.armArrivals(ctx);
  }

  onMessage(): void {}

  onReply(
    ctx: ClusterContext,
    to: NodeId,
    request: WireMessage,
    outcome: RpcOutcome<WireMessage>,
    rpcId: number,
  ): void {
    if (this.client?.handleReply(ctx, to, request, outcome) === true) return;
    const s = this.inflight.get(rpcId);
    if (s === undefined) return;
    this.inflight.delete(rpcId);
    const r = outcome.ok && outcome.response.type === 'SEND_MESSAGE_RESPONSE' ? outcome.response : undefined;
    const verdict: AttemptVerdict =
      r !== undefined ? classifyResponse(r.code) : classifyTransport(outcome.ok ? 'timeout' : outcome.reason);
    this.recordLatency(ctx, s, ctx.now() - s.attemptStartUs, verdict.kind !== 'stored');
    if (verdict.kind === 'stored') {
      this.onStored(ctx, s, verdict.status, r);
      return;
    }
    s.maybeStored ||= verdict.maybeStored;
    s.failure = { broker: s.lastBroker ?? '', reason: verdict.reason };
    if (verdict.kind === 'retryable' && s.attempts < this.maxAttempts(verdict.transport)) this.attempt(ctx, s);
    else this.fail(ctx, s);
  }

  /** A stored status ends the send, unless retryAnotherBrokerWhenNotStoreOK asks to resend a non-OK one. */
  private onStored(ctx: ClusterContext, s: SendState, status: SendStatus, r: SendMessageResponse | undefined): void {
    if (
      status !== 'SEND_OK' &&
      this.opts.config.retryAnotherBrokerWhenNotStoreOK &&
      s.attempts < this.maxAttempts(false)
    ) {
      s.failure = { broker: s.lastBroker ?? '', reason: status };
      this.attempt(ctx, s);
      return;
    }
    this.finish(ctx, s, statusCode(status), {
      brokerName: s.lastBroker ?? '',
      queueId: r?.queueId ?? 0,
      queueOffset: r?.queueOffset ?? -1,
    });
  }

  onTimer(ctx: ClusterContext, name: ClusterTimer): void {
    this.client?.handleTimer(ctx, name);
  }

  /** The workload's next arrivals are due (armArrivals). */
  onInput(ctx: ClusterContext): void {
    this.onArrivals(ctx);
  }

  onChannelClosed(ctx: ClusterContext, peer: NodeId): void {
    this.client?.handleChannelClosed(ctx, peer);
  }

  onDiskDone(_ctx: ClusterContext, _done: DiskCompletion): void {}

  /** Sends in progress (at most maxInFlight), for tests and reports. */
  get sendsInProgress(): number {
    return this.active;
  }

  /** Arrivals waiting for a sending slot, for tests and reports. */
  get sendsWaiting(): number {
    return this.waiting.length - this.waitingHead;
  }

  /** The client core (routes, NameServer choice), for tests and selectors. */
  get instance(): ClientInstance | undefined {
    return this.client;
  }

  private armArrivals(ctx: ClusterContext): void {
    const wake = this.arrivals?.nextWakeUs() ?? -1;
    if (wake >= 0) ctx.scheduleInput(Math.max(0, wake - ctx.now()));
  }

  /** Every message due by now arrives: it starts at once if a sending slot is free, else waits for one. */
  private onArrivals(ctx: ClusterContext): void {
    const due = this.arrivals?.takeDue(ctx.now()) ?? 0;
    for (let i = 0; i < due; i++) {
      const s = this.arrive(ctx);
      if (this.active < this.maxInFlight()) this.startSend(ctx, s);
      else this.waiting.push(s);
    }
    this.armArrivals(ctx);
  }

  private maxInFlight(): number {
    return this.opts.spec.maxInFlight ?? this.opts.config.producerMaxInFlight;
  }

  /** A message arrives: it is offered (a history row) from this moment, whatever becomes of it. */
  private arrive(ctx: ClusterContext): SendState {
    const { spec, history } = this.opts;
    const keyIdx = nextKeyIndex(spec.keys, ctx.rng);
    const key = keyName(keyIdx);
    const uid = msgUid(this.opts.clientIndex, sendSeq(this.incarnation, this.seq++));
    const row = history.sendStarted({ uid, group: spec.group, topic: spec.topic, key: keyIdx, atUs: ctx.now() });
    return {
      row,
      uid,
      key,
      startUs: ctx.now(),
      attempts: 0,
      attemptStartUs: 0,
      lastBroker: undefined,
      maybeStored: false,
      routeTried: false,
      failure: undefined,
    };
  }

  private startSend(ctx: ClusterContext, s: SendState): void {
    this.active++;
    this.attempt(ctx, s);
  }

  /**
   * A slot freed: start waiting arrivals while slots are free. One that waited its whole
   * timeout fails unsent [R4 DPI send(msg, callback, timeout)]: "DEFAULT ASYNC send call timeout".
   */
  private startWaiting(ctx: ClusterContext): void {
    if (this.startingWaiting) return; // a oneway send finishes inside startSend: the outer loop goes on
    this.startingWaiting = true;
    while (this.waitingHead < this.waiting.length && this.active < this.maxInFlight()) {
      const s = this.waiting[this.waitingHead++];
      if (s === undefined) break;
      if (ctx.now() - s.startUs >= this.opts.config.sendMsgTimeoutUs) {
        this.active++;
        s.failure = { broker: '', reason: 'DEFAULT ASYNC send call timeout (waited for a sending slot)' };
        this.fail(ctx, s);
      } else this.startSend(ctx, s);
    }
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
    this.startingWaiting = false;
  }

  private maxAttempts(transport: boolean): number {
    const { spec, config } = this.opts;
    if (spec.ordered || spec.mode === 'oneway') return 1;
    if (spec.mode === 'async') return transport ? 1 + config.retryTimesWhenSendAsyncFailed : 1;
    return 1 + config.retryTimesWhenSendFailed;
  }

  /** One pass of sendDefaultImpl's loop: budget check, queue choice, address, RPC. */
  private attempt(ctx: ClusterContext, s: SendState): void {
    const client = this.client;
    if (client === undefined) return;
    const elapsed = ctx.now() - s.startUs;
    if (elapsed >= this.opts.config.sendMsgTimeoutUs) {
      s.failure = { broker: s.failure?.broker ?? s.lastBroker ?? '', reason: 'call timeout' };
      this.fail(ctx, s);
      return;
    }
    const info = client.routes.publishInfo(this.opts.spec.topic);
    if (info === undefined || info.queues.length === 0) {
      this.parkForRoute(ctx, s);
      return;
    }
    const mq = this.selectQueue(ctx, info.queues, s);
    const addr = mq === undefined ? undefined : client.routes.masterAddr(mq.brokerName);
    if (mq === undefined || addr === undefined) {
      // MQClientException "The broker[...] not exist": counts as an attempt, and the loop goes on.
      s.failure = { broker: mq?.brokerName ?? '', reason: 'broker address unknown' };
      s.attempts++;
      s.lastBroker = mq?.brokerName;
      if (s.attempts < this.maxAttempts(true)) this.attempt(ctx, s);
      else this.fail(ctx, s);
      return;
    }
    if (s.failure !== undefined)
      this.failures.report(ctx, this.opts.spec.topic, s.failure.broker, s.failure.reason, mq.brokerName);
    s.attempts++;
    s.attemptStartUs = ctx.now();
    s.lastBroker = mq.brokerName;
    const { spec } = this.opts;
    const req: SendMessage = {
      type: 'SEND_MESSAGE',
      producerGroup: spec.group,
      topic: spec.topic,
      queueId: mq.queueId,
      uid: s.uid,
      keys: s.key,
      bodyBytes: spec.messageBytes,
      bornTimestampUs: s.startUs,
      reconsumeTimes: 0,
      originUid: s.uid,
      originTopic: spec.topic,
      delayLevel: 0,
    };
    if (spec.mode === 'oneway') {
      ctx.send(addr, req, this.wire);
      this.finish(ctx, s, SendOutcome.ONEWAY, { brokerName: mq.brokerName, queueId: mq.queueId, queueOffset: -1 });
      return;
    }
    const rpcId = ctx.rpc(addr, req, this.opts.config.sendMsgTimeoutUs - elapsed, this.wire);
    this.inflight.set(rpcId, s);
  }

  private selectQueue(ctx: ClusterContext, queues: readonly MessageQueue[], s: SendState): MessageQueue | undefined {
    const { spec, config } = this.opts;
    if (spec.ordered) return QueueSelector.byKey(queues, s.key === '' ? String(s.uid) : s.key);
    if (config.bugRetrySameBroker && s.lastBroker !== undefined) {
      // Bug switch client.retry-same-broker: the retry goes back to the broker that just failed.
      const same = queues.filter((q) => q.brokerName === s.lastBroker);
      const pick = this.selector.select(same, undefined);
      if (pick !== undefined) return pick;
    }
    if (config.sendLatencyFaultEnable && !config.bugRetrySameBroker) {
      const routes = this.client?.routes;
      const rewrite: SharedQueueRewrite | undefined =
        config.bugFaultPickRewritesRoute && routes !== undefined
          ? {
              writeQueueNums: (b) => routes.writeQueueNums(spec.topic, b),
              store: (i, mq) => routes.rewritePublishQueue(spec.topic, i, mq),
            }
          : undefined;
      return this.selector.selectAvoidingFaults(queues, s.lastBroker, this.faults, ctx.now(), rewrite);
    }
    return this.selector.select(queues, s.lastBroker);
  }

  /** No publish info: fetch the route synchronously once, then give up with "No route info". */
  private parkForRoute(ctx: ClusterContext, s: SendState): void {
    const client = this.client;
    if (s.routeTried || client === undefined) {
      s.failure = { broker: '', reason: 'no route info of this topic' };
      this.fail(ctx, s);
      return;
    }
    s.routeTried = true;
    this.parked.push(s);
    client.updateRoute(ctx, this.opts.spec.topic);
  }

  private onRouteQueryDone(ctx: ClusterContext, topic: string, _update: RouteUpdate | undefined): void {
    if (topic !== this.opts.spec.topic || this.parked.length === 0) return;
    const waiting = this.parked;
    this.parked = [];
    for (const s of waiting) this.attempt(ctx, s);
  }

  private recordLatency(ctx: ClusterContext, s: SendState, latencyUs: Micros, isolation: boolean): void {
    if (!this.opts.config.sendLatencyFaultEnable || s.lastBroker === undefined) return;
    const wasAvailable = this.faults.isAvailable(s.lastBroker, ctx.now());
    const duration = this.faults.update(s.lastBroker, latencyUs, isolation, ctx.now());
    if (duration > 0 && wasAvailable)
      ctx.emit({ kind: 'client.broker-isolated', client: ctx.id, brokerName: s.lastBroker, durationUs: duration });
  }

  private fail(ctx: ClusterContext, s: SendState): void {
    const f = s.failure;
    if (f !== undefined) this.failures.report(ctx, this.opts.spec.topic, f.broker, f.reason, null);
    // The broker of the last attempt stays on the record (availability that follows faults excuses sends to a lost group).
    this.finish(ctx, s, s.maybeStored ? SendOutcome.UNKNOWN : SendOutcome.FAILED, {
      brokerName: s.lastBroker ?? '',
      queueId: 0,
      queueOffset: -1,
    });
  }

  private finish(
    ctx: ClusterContext,
    s: SendState,
    outcome: SendOutcomeCode,
    where: { brokerName: string; queueId: number; queueOffset: number },
  ): void {
    // Fields named, not spread: a spread copies through a generic path, once per message.
    this.opts.history.sendDone(s.row, {
      outcome,
      atUs: ctx.now(),
      attempts: s.attempts,
      brokerName: where.brokerName,
      queueId: where.queueId,
      queueOffset: where.queueOffset,
    });
    this.active--;
    if (this.waitingHead < this.waiting.length) this.startWaiting(ctx);
  }
}
