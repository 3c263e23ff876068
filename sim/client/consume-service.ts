// The consume side of a push consumer [R4 CMCS ConsumeMessageConcurrentlyService]
// [R4 CMOS ConsumeMessageOrderlyService]. RocketMQ's 20 consume threads become
// 20 slots; each consumption holds a slot for a sampled consume time and then
// succeeds or fails with the workload's failure rate (both drawn when the
// message is handed to the pool). Concurrent
// failures are sent back to the broker (retry topic with delay levels, DLQ
// after maxReconsumeTimes), else republished to %RETRY%group, else consumed
// again locally after 5 s. Orderly queues consume one message at a time while
// their broker lock is held and retry a failure in place after 1 s.
//
// Completions are computed, not timed (issue 9): a thread finishes its message
// at start + consume time and takes the next waiting one at that instant, so
// the whole schedule is known. A completion whose effects stay inside the
// process (the history row at its exact time, the process queue, the local
// offset table) is applied when the process next does anything (catchUp, at
// the top of every handler), or when it stops or is observed (the engine's
// onSettle: crash, power loss, pause, end of runUntil). Only completions that
// act on the world (a failed concurrent consumption's send-back, every orderly
// one) get a timer at their instant, and while such a consumption waits in the
// pool every completion does, so it starts at a real instant too.
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
  readonly local: number;
  /** The sampled consume time, drawn when the task joins the pool. */
  readonly durationUs: number;
  /** The consumption's outcome, drawn with its duration. */
  readonly ok: boolean;
  /** Its completion must run at its instant (it sends or arms timers): see the file comment. */
  readonly timed: boolean;
}

type Pending = { readonly kind: 'back' | 'republish'; readonly task: Task; readonly msg: MessageExt };

const WAKE: ClientTimer = 'consume-wake';
const LATER = 'later:';
const SUSPEND = 'suspend:';

export class ConsumeService {
  private readonly slots: (Task | undefined)[];
  /** When each busy slot's task completes (process clock, ctx.now()). */
  private readonly endUs: Float64Array;
  private waiting: Task[] = [];
  private waitingHead = 0;
  /** Timed tasks among the waiting ones. */
  private timedWaiting = 0;
  /** Timed tasks in the slots: with none, and none waiting, arm has nothing to look for (the usual case). */
  private timedBusy = 0;
  /** Due time of the armed wake timer (process clock), -1 when none is known to be armed. */
  private wakeUs = -1;
  /**
   * No busy slot ends before this (process clock): every handler catches up, and most find nothing due,
   * so complete() returns without scanning the slots. Lowered by fill, exact after each scan.
   */
  private earliestEndUs = Number.POSITIVE_INFINITY;
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
    /** Every completion timed (tests: the reference the computed schedule is compared with). */
    private readonly timeEvery = false,
  ) {
    const threads = Math.max(1, spec.consumeThreads ?? config.consumeThreadMax);
    this.slots = new Array<Task | undefined>(threads).fill(undefined);
    this.endUs = new Float64Array(threads);
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
    for (const msg of msgs) this.enqueue(ctx, entry, msg, 0);
    this.fill(ctx.now());
    this.arm(ctx);
  }

  /** Orderly: the queue may be consumable now (lock gained, message arrived, suspension over). */
  scheduleOrderly(ctx: ClusterContext, entry: QueueEntry): void {
    const pq = entry.pq;
    if (pq.consuming || entry.dropped || entry.buffer.length === 0 || this.suspended.has(entry.key)) return;
    if (pq.lockedUntilUs <= ctx.now()) return;
    pq.consuming = true;
    this.enqueue(ctx, entry, undefined, 0);
    this.fill(ctx.now());
    this.arm(ctx);
  }

  /**
   * Applies every completion due by now, in time order, each at its own instant. Called first by
   * every handler of the consumer process, so what it does next sees the pool as it is now.
   */
  catchUp(ctx: ClusterContext): void {
    this.complete(ctx, ctx.now(), false);
  }

  /**
   * The engine's onSettle: the process stops (crash, power loss, pause) or is observed now. The
   * completions due by now happened; a timed one due exactly now is left to its own timer, and so
   * is every one while a timed task waits for a thread (each is then an event: see arm). Settling
   * only applies what the next event would: it arms nothing, or observing the process (step,
   * runUntil's end) would move the wake timer and the trace with it.
   */
  settle(ctx: ClusterContext): void {
    if (this.timedWaiting === 0) this.complete(ctx, ctx.now(), true);
  }

  /** After a pause: a consumption that would have ended while the process stood still ends now (its timer fires late). */
  resumed(ctx: ClusterContext): void {
    const now = ctx.now();
    for (let i = 0; i < this.slots.length; i++)
      if (this.slots[i] !== undefined && (this.endUs[i] as number) < now) this.endUs[i] = now;
    this.earliestEndUs = Number.NEGATIVE_INFINITY; // rescanned by the next complete()
    this.wakeUs = -1;
    this.arm(ctx);
  }

  /** The process clock moved by deltaUs (the engine settled first): consume times are durations, so their ends move with it. */
  clockMoved(deltaUs: number): void {
    for (let i = 0; i < this.slots.length; i++)
      if (this.slots[i] !== undefined) this.endUs[i] = (this.endUs[i] as number) + deltaUs;
    this.earliestEndUs += deltaUs;
    if (this.wakeUs >= 0) this.wakeUs += deltaUs;
  }

  onTimer(ctx: ClusterContext, name: ClusterTimer): boolean {
    if (name === WAKE) {
      this.wakeUs = -1;
      this.catchUp(ctx);
      this.arm(ctx);
      return true;
    }
    if (name.startsWith(LATER)) {
      const n = Number(name.slice(LATER.length));
      const t = this.later.get(n);
      this.later.delete(n);
      if (t !== undefined && !t.entry.dropped) {
        this.enqueue(ctx, t.entry, t.msg, t.local);
        this.fill(ctx.now());
        this.arm(ctx);
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

  /** A message joins the pool's queue with its consume time and outcome drawn now. */
  private enqueue(ctx: ClusterContext, entry: QueueEntry, msg: MessageExt | undefined, local: number): void {
    const durationUs = Math.max(1, ctx.rng.exponential(this.spec.consumeTimeUs));
    const ok = !ctx.rng.chance(this.spec.failureRate);
    const timed = this.timeEvery || this.spec.orderly || (!ok && !this.broadcasting);
    if (timed) this.timedWaiting++;
    this.waiting.push({ entry, msg, local, durationUs, ok, timed });
  }

  /** Free slots take waiting tasks, which start at `atUs`. */
  private fill(atUs: number): void {
    for (let i = 0; i < this.slots.length && this.waitingHead < this.waiting.length; i++) {
      if (this.slots[i] !== undefined) continue;
      const t = this.takeWaiting();
      if (t === undefined) break;
      if (t.timed) this.timedWaiting--;
      if (t.entry.dropped) {
        t.entry.pq.consuming = false;
        i--;
        continue;
      }
      this.slots[i] = t;
      if (t.timed) this.timedBusy++;
      this.endUs[i] = atUs + t.durationUs;
      if (atUs + t.durationUs < this.earliestEndUs) this.earliestEndUs = atUs + t.durationUs;
    }
  }

  /** Completes, in time order (ties by slot), every task that ends by `untilUs`; `settling` leaves timed ones due now to their timer. */
  private complete(ctx: ClusterContext, untilUs: number, settling: boolean): void {
    if (this.earliestEndUs > untilUs) return;
    for (;;) {
      let slot = -1;
      let end = untilUs;
      let earliest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < this.slots.length; i++) {
        const t = this.slots[i];
        if (t === undefined) continue;
        const e = this.endUs[i] as number;
        if (e < earliest) earliest = e;
        if (e > end || (slot >= 0 && e === end) || (settling && t.timed)) continue;
        slot = i;
        end = e;
      }
      if (slot < 0) {
        this.earliestEndUs = earliest;
        return;
      }
      // A timed completion runs at its event: its instant, or later when the process stood still.
      this.finish(ctx, slot, this.slots[slot]?.timed === true ? ctx.now() : end);
    }
  }

  /**
   * Arms the wake timer at the first completion that must run at its instant: a timed task's, or,
   * while a timed task waits for a thread, the next completion of any (it starts the timed task).
   */
  private arm(ctx: ClusterContext): void {
    const all = this.timedWaiting > 0;
    if (!all && this.timedBusy === 0) return;
    let wake = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.slots.length; i++) {
      const t = this.slots[i];
      if (t !== undefined && (all || t.timed)) wake = Math.min(wake, this.endUs[i] as number);
    }
    if (wake === Number.POSITIVE_INFINITY || wake === this.wakeUs) return;
    this.wakeUs = wake;
    ctx.setTimer(WAKE, Math.max(0, wake - ctx.now()));
  }

  private takeWaiting(): Task | undefined {
    const t = this.waiting[this.waitingHead++];
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
    return t;
  }

  /** The task of `slot` completes at `atUs` (now, or earlier for an untimed one); its thread takes the next. */
  private finish(ctx: ClusterContext, slot: number, atUs: number): void {
    const t = this.slots[slot];
    this.slots[slot] = undefined;
    if (t === undefined) return;
    if (t.timed) this.timedBusy--;
    const msg = t.msg ?? t.entry.buffer[0];
    if (msg !== undefined) this.consumeOne(ctx, t, msg, atUs);
    else t.entry.pq.consuming = false;
    this.fill(atUs);
  }

  private consumeOne(ctx: ClusterContext, t: Task, msg: MessageExt, atUs: number): void {
    const ok = t.ok;
    const mq = t.entry.mq;
    // The queue's place in the history, looked up at its first consumption (names are numbered in that order).
    t.entry.historyPlace ??= this.history.consumePlace({
      group: this.spec.group,
      instance: ctx.id,
      topic: mq.topic,
      brokerName: mq.brokerName,
      queueId: mq.queueId,
    });
    this.history.consumedAt(t.entry.historyPlace, {
      uid: msg.originUid,
      queueOffset: msg.queueOffset,
      attempt: msg.reconsumeTimes + (t.msg === undefined ? t.entry.headRetries : t.local),
      ok,
      atUs,
      storedUs: msg.storeTimestampUs,
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
    const n = this.laterSeq++;
    this.later.set(n, { ...t, local: t.local + 1 });
    ctx.setTimer(`${LATER}${n}`, this.config.consumeLaterDelayUs);
  }
}
