// The consume side of a push consumer [R4 CMCS ConsumeMessageConcurrentlyService]
// [R4 CMOS ConsumeMessageOrderlyService]. RocketMQ's 20 consume threads become
// 20 slots; each consumption holds a slot for a sampled consume time (a timer)
// and then succeeds or fails with the workload's failure rate. Concurrent
// failures are sent back to the broker (retry topic with delay levels, DLQ
// after maxReconsumeTimes), else republished to %RETRY%group, else consumed
// again locally after 5 s. Orderly queues consume one message at a time while
// their broker lock is held and retry a failure in place after 1 s.
import type { RpcOutcome } from '../engine/index.js';
import type { ConsumerGroupSpec } from './spec.js';
import type {
  ClientTimer,
  ClusterContext,
  ClusterTimer,
  ConsumerSendMsgBack,
  MessageExt,
  SendMessage,
  WireMessage,
} from '../protocol/index.js';
import { retryTopic } from '../protocol/index.js';
import type { History } from '../history/index.js';
import type { ClientConfig } from './config.js';
import type { QueueEntry } from './queue-entry.js';
import { QueueSelector } from './queue-selector.js';
import type { RouteCache } from './route-cache.js';

export interface ConsumeHost {
  readonly routes: RouteCache;
  /** A message of the entry left the process queue: move the offset. */
  ackOffset(ctx: ClusterContext, entry: QueueEntry): void;
}

interface Task {
  readonly entry: QueueEntry;
  /** Concurrent: the message. Orderly: undefined (the head of entry.buffer). */
  readonly msg: MessageExt | undefined;
  /** Local re-consumptions so far (each adds one to reconsumeTimes). */
  local: number;
}

type Pending = { readonly kind: 'back' | 'republish'; readonly task: Task; readonly msg: MessageExt };

const SLOT = 'consume:';
const LATER = 'later:';
const SUSPEND = 'suspend:';

export class ConsumeService {
  private readonly slots: (Task | undefined)[];
  /** Timer name of each slot, built once (the hot path sets one per message). */
  private readonly slotTimers: ClientTimer[];
  private waiting: Task[] = [];
  private waitingHead = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly later = new Map<number, Task>();
  private readonly suspended = new Map<string, QueueEntry>();
  private laterSeq = 0;
  private readonly retrySelector = new QueueSelector(0);

  constructor(
    private readonly spec: ConsumerGroupSpec,
    private readonly config: ClientConfig,
    private readonly history: History,
    private readonly host: ConsumeHost,
  ) {
    this.slots = new Array<Task | undefined>(Math.max(1, spec.consumeThreads ?? config.consumeThreadMax)).fill(
      undefined,
    );
    this.slotTimers = this.slots.map((_, i): ClientTimer => `${SLOT}${i}`);
  }

  private get broadcasting(): boolean {
    return this.spec.model === 'BROADCASTING';
  }

  /** Pulled messages of one queue, in offset order. */
  submit(ctx: ClusterContext, entry: QueueEntry, msgs: readonly MessageExt[]): void {
    if (this.spec.orderly) {
      for (const m of msgs) entry.buffer.push(m);
      this.scheduleOrderly(ctx, entry);
      return;
    }
    for (const msg of msgs) this.waiting.push({ entry, msg, local: 0 });
    this.fill(ctx);
  }

  /** Orderly: the queue may be consumable now (lock gained, message arrived, suspension over). */
  scheduleOrderly(ctx: ClusterContext, entry: QueueEntry): void {
    const pq = entry.pq;
    if (pq.consuming || entry.dropped || entry.buffer.length === 0 || this.suspended.has(entry.key)) return;
    if (pq.lockedUntilUs <= ctx.now()) return;
    pq.consuming = true;
    this.waiting.push({ entry, msg: undefined, local: 0 });
    this.fill(ctx);
  }

  onTimer(ctx: ClusterContext, name: ClusterTimer): boolean {
    if (name.startsWith(SLOT)) {
      // The kernel hands back the name the slot armed (slotTimers[i]): found by identity, no parse per message.
      const armed: readonly string[] = this.slotTimers;
      const slot = armed.indexOf(name);
      this.finish(ctx, slot >= 0 ? slot : Number(name.slice(SLOT.length)));
      return true;
    }
    if (name.startsWith(LATER)) {
      const n = Number(name.slice(LATER.length));
      const t = this.later.get(n);
      this.later.delete(n);
      if (t !== undefined && !t.entry.dropped) {
        this.waiting.push(t);
        this.fill(ctx);
      }
      return true;
    }
    if (name.startsWith(SUSPEND)) {
      const key = name.slice(SUSPEND.length);
      const entry = this.suspended.get(key);
      this.suspended.delete(key);
      if (entry !== undefined) this.scheduleOrderly(ctx, entry);
      return true;
    }
    return false;
  }

  handleReply(ctx: ClusterContext, rpcId: number, outcome: RpcOutcome<WireMessage>): boolean {
    const p = this.pending.get(rpcId);
    if (p === undefined) return false;
    this.pending.delete(rpcId);
    const r = outcome.ok ? outcome.response : undefined;
    const ok =
      r !== undefined &&
      ((r.type === 'BROKER_ACK' && r.code === 'SUCCESS') || (r.type === 'SEND_MESSAGE_RESPONSE' && r.queueOffset >= 0));
    if (ok) this.done(ctx, p.task.entry, p.msg);
    else if (p.kind === 'back') this.republish(ctx, p.task, p.msg);
    else this.consumeLater(ctx, p.task);
    return true;
  }

  private fill(ctx: ClusterContext): void {
    for (let i = 0; i < this.slots.length && this.waitingHead < this.waiting.length; i++) {
      if (this.slots[i] !== undefined) continue;
      const t = this.takeWaiting();
      if (t === undefined) break;
      if (t.entry.dropped) {
        t.entry.pq.consuming = false;
        i--;
        continue;
      }
      this.slots[i] = t;
      ctx.setTimer(this.slotTimers[i] ?? `${SLOT}${i}`, Math.max(1, ctx.rng.exponential(this.spec.consumeTimeUs)));
    }
  }

  private takeWaiting(): Task | undefined {
    const t = this.waiting[this.waitingHead++];
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
    return t;
  }

  private finish(ctx: ClusterContext, slot: number): void {
    const t = this.slots[slot];
    this.slots[slot] = undefined;
    if (t === undefined) return;
    const msg = t.msg ?? t.entry.buffer[0];
    if (msg !== undefined) this.consumeOne(ctx, t, msg);
    else t.entry.pq.consuming = false;
    this.fill(ctx);
  }

  private consumeOne(ctx: ClusterContext, t: Task, msg: MessageExt): void {
    const ok = !ctx.rng.chance(this.spec.failureRate);
    const mq = t.entry.mq;
    this.history.consumed({
      uid: msg.originUid,
      group: this.spec.group,
      instance: ctx.id,
      topic: mq.topic,
      brokerName: mq.brokerName,
      queueId: mq.queueId,
      queueOffset: msg.queueOffset,
      attempt: msg.reconsumeTimes + (t.msg === undefined ? t.entry.headRetries : t.local),
      ok,
      atUs: ctx.now(),
    });
    if (t.msg === undefined) {
      this.afterOrderly(ctx, t.entry, ok);
      return;
    }
    if (t.entry.dropped) return; // ConsumeRequest: a dropped queue's results are not processed
    if (ok || this.broadcasting) this.done(ctx, t.entry, msg);
    else this.sendBack(ctx, t, msg);
  }

  private afterOrderly(ctx: ClusterContext, entry: QueueEntry, ok: boolean): void {
    entry.pq.consuming = false;
    if (entry.dropped) return;
    if (ok) {
      const head = entry.buffer.shift();
      entry.headRetries = 0;
      if (head !== undefined) this.done(ctx, entry, head);
      this.scheduleOrderly(ctx, entry);
      return;
    }
    // SUSPEND_CURRENT_QUEUE_A_MOMENT: the same message again after a pause, in place.
    entry.headRetries++;
    this.suspended.set(entry.key, entry);
    ctx.setTimer(`${SUSPEND}${entry.key}`, this.config.suspendCurrentQueueTimeUs);
  }

  private done(ctx: ClusterContext, entry: QueueEntry, msg: MessageExt): void {
    if (entry.pq.remove(msg.queueOffset)) this.host.ackOffset(ctx, entry);
  }

  /** CONSUMER_SEND_MSG_BACK to the master of the message's group; delay level 0 lets the broker choose. */
  private sendBack(ctx: ClusterContext, t: Task, msg: MessageExt): void {
    const addr = this.host.routes.masterAddr(msg.brokerName);
    if (addr === undefined) {
      this.republish(ctx, t, msg);
      return;
    }
    const req: ConsumerSendMsgBack = {
      type: 'CONSUMER_SEND_MSG_BACK',
      group: this.spec.group,
      msg: { ...msg, reconsumeTimes: msg.reconsumeTimes + t.local },
      delayLevel: 0,
      maxReconsumeTimes: this.config.maxReconsumeTimes,
    };
    this.pending.set(ctx.rpc(addr, req, this.config.sendBackTimeoutUs, { bytes: msg.bodyBytes }), {
      kind: 'back',
      task: t,
      msg,
    });
  }

  /** Send-back failed: the client's internal producer republishes to %RETRY%group with level 3 + reconsumeTimes. */
  private republish(ctx: ClusterContext, t: Task, msg: MessageExt): void {
    const topic = retryTopic(this.spec.group);
    const queues = this.host.routes.publishInfo(topic)?.queues ?? [];
    const mq = this.retrySelector.select(queues, undefined);
    const addr = mq === undefined ? undefined : this.host.routes.masterAddr(mq.brokerName);
    if (mq === undefined || addr === undefined) {
      this.consumeLater(ctx, t);
      return;
    }
    const times = msg.reconsumeTimes + t.local;
    const req: SendMessage = {
      type: 'SEND_MESSAGE',
      producerGroup: `CLIENT_INNER_PRODUCER`,
      topic,
      queueId: mq.queueId,
      uid: msg.uid,
      keys: msg.keys,
      bodyBytes: msg.bodyBytes,
      bornTimestampUs: ctx.now(),
      reconsumeTimes: times + 1,
      originUid: msg.originUid,
      originTopic: msg.originTopic,
      delayLevel: 3 + times,
    };
    this.pending.set(ctx.rpc(addr, req, this.config.rpcTimeoutUs, { bytes: msg.bodyBytes }), {
      kind: 'republish',
      task: t,
      msg,
    });
  }

  /** submitConsumeRequestLater: consume the message again locally after 5 s. */
  private consumeLater(ctx: ClusterContext, t: Task): void {
    t.local++;
    const n = this.laterSeq++;
    this.later.set(n, t);
    ctx.setTimer(`${LATER}${n}`, this.config.consumeLaterDelayUs);
  }
}
