// Long polling (§3.7): pulls that found nothing wait here until a message
// arrives for their queue (a master's dispatch notifies at once; a slave's
// does not), or until the 5 s re-check finds new data or their suspend time
// is over; then they are run again without the right to be suspended.
// Models [R4 PRHS] PullRequestHoldService and NotifyMessageArrivingListener.
import type { Micros, NodeId } from '../engine/index.js';
import type { PullMessage } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';

export const PULL_HOLD_TIMER = 'pull-hold';

interface Held {
  readonly from: NodeId;
  readonly rpcId: number;
  readonly req: PullMessage;
  readonly deadlineUs: Micros;
}

/** One queue's held pulls, found by topic and queue id (every put notifies, every empty pull suspends). */
interface QueueHold {
  /** "topic@queueId", the key of the re-check order. */
  readonly key: string;
  list: Held[];
}

/** Who re-runs a woken pull (the pull processor). */
export interface PullRunner {
  handle(from: NodeId, rpcId: number, req: PullMessage, brokerAllowSuspend: boolean): void;
}

const isDue = (h: Held, below: number, now: Micros): boolean => h.req.queueOffset < below || now >= h.deadlineUs;

export class PullHoldService {
  /** The queues holding pulls: its insertion order is the 5 s re-check's wake order. */
  private readonly held = new Map<string, QueueHold>();
  /** topic -> queue id -> that queue's hold, made at its first suspended pull and kept (one lookup per put). */
  private readonly byTopic = new Map<string, QueueHold[]>();
  private count = 0;

  constructor(
    private readonly core: BrokerCore,
    private readonly runner: PullRunner,
  ) {}

  get size(): number {
    return this.count;
  }

  suspend(from: NodeId, rpcId: number, req: PullMessage, deadlineUs: Micros): void {
    const q = this.holdOf(req.topic, req.queueId);
    if (q.list.length === 0) this.held.set(q.key, q);
    q.list.push({ from, rpcId, req, deadlineUs });
    this.count++;
    if (!this.core.ctx.hasTimer(PULL_HOLD_TIMER)) this.core.ctx.setTimer(PULL_HOLD_TIMER, this.checkIntervalUs());
  }

  /** A message reached a consume queue: wake the pulls of that queue that can now see it. */
  onMessageArrived(topic: string, queueId: number, queueOffset: number): void {
    if (this.count === 0) return;
    const q = this.byTopic.get(topic)?.[queueId];
    if (q === undefined || q.list.length === 0) return;
    // Due: the arrived offset reached the pull's (no deadline test: -Infinity is never past one).
    this.wake(q, queueOffset + 1, Number.NEGATIVE_INFINITY);
  }

  /** The periodic re-check [R4 PRHS checkHoldRequest]. */
  onTimer(): void {
    const now = this.core.ctx.now();
    for (const q of [...this.held.values()]) {
      if (q.list.length === 0) continue;
      const first = q.list[0] as Held;
      const max = this.core.store.maxOffsetInQueue(first.req.topic, first.req.queueId);
      this.wake(q, max, now);
    }
    if (this.count > 0) this.core.ctx.setTimer(PULL_HOLD_TIMER, this.checkIntervalUs());
  }

  private holdOf(topic: string, queueId: number): QueueHold {
    let byId = this.byTopic.get(topic);
    if (byId === undefined) {
      byId = [];
      this.byTopic.set(topic, byId);
    }
    let q = byId[queueId];
    if (q === undefined) {
      q = { key: `${topic}@${queueId}`, list: [] };
      byId[queueId] = q;
    }
    return q;
  }

  /**
   * Re-runs the held pulls of queue `q` that are due: their offset is below `below` (data there
   * now), or `now` is past their deadline. Hot path (every put wakes its queue's pulls): no
   * closure, and no new lists when every held pull goes, the usual case.
   */
  private wake(q: QueueHold, below: number, now: Micros): void {
    const list = q.list;
    let due = 0;
    for (let i = 0; i < list.length; i++) if (isDue(list[i] as Held, below, now)) due++;
    if (due === 0) return;
    let go = list;
    if (due === list.length) {
      this.held.delete(q.key);
      q.list = [];
    } else {
      const stay: Held[] = [];
      const some: Held[] = [];
      for (let i = 0; i < list.length; i++) {
        const h = list[i] as Held;
        (isDue(h, below, now) ? some : stay).push(h);
      }
      q.list = stay;
      go = some;
    }
    this.count -= due;
    for (let i = 0; i < go.length; i++) {
      const h = go[i] as Held;
      this.runner.handle(h.from, h.rpcId, h.req, false);
    }
  }

  private checkIntervalUs(): Micros {
    // [R4 BCFG] shortPollingTimeMills = 1 s when long polling is off.
    return this.core.config.longPollingEnable ? this.core.config.timings.longPollingCheckIntervalUs : 1_000_000;
  }
}
