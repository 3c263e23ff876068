// The capacity model of one request kind on one broker: a FIFO in front of a
// pool of servers (the processor's threads) with a fixed service time. A request that would wait longer
// than the limit is shed at once with SYSTEM_BUSY, which is what
// BrokerFastFailure does to requests that sat in the send queue longer than
// waitTimeMillsInSendQueue (§3.2) [R4 broker/latency/BrokerFastFailure.java].
// NB: RocketMQ answers SYSTEM_BUSY when the limit expires (a 10 ms scan);
// here the wait is known on arrival, so the answer goes out at once. A queue
// already holding its capacity rejects at once too, as the thread pool's
// bounded queue does (RejectedExecutionException -> "[OVERLOAD]system busy").
//
// A request is handled when its service starts (the thread takes it and
// appends under putMessageLock); the server then stays busy for the service
// time, which is what bounds throughput and delays the requests behind it.
// So a request reaching an idle server runs at once with no event of its
// own (issue 9: a timer per request was 3 of 18 events per message at
// 1,000 msg/s, where the server is almost always idle), and only requests
// that must wait for the server are queued, each until its service starts.
//
// With k servers and one service time, a FIFO request starts when it arrives
// or when the request k places ahead of it finishes, whichever is later (that
// server is the first to free up), so a ring of the last k finish times is
// the whole server state. Pulls run on a pool of many threads, so a burst of
// pulls (every held pull woken by one dispatch) starts at once.
//
// Hot path: waiting requests live in parallel arrays with a moving head, no
// per-request object beyond the message itself.
import { assert, type Micros, type NodeId } from '../engine/index.js';
import type { BrokerTimer } from '../protocol/index.js';

export type Admission = 'run-now' | 'queued' | 'busy' | 'overload';

export class ServiceQueue<M> {
  /** Finish time of the last `servers` requests admitted, oldest at `nextServer` (a ring). */
  private readonly freeAtUs: Float64Array;
  private nextServer = 0;
  private from: NodeId[] = [];
  private rpc: number[] = [];
  private msgs: M[] = [];
  private startAtUs: Micros[] = [];
  private head = 0;
  /** The last wall-clock reading given (see followClock). */
  private lastNowUs: Micros = Number.NEGATIVE_INFINITY;
  /** Requests shed with SYSTEM_BUSY since start (a figure for reports). */
  shed = 0;

  /**
   * @param serviceTimeUs time the server spends on one request; 0 means unbounded capacity.
   * @param waitLimitUs longest allowed wait in the queue before service starts.
   * @param capacity most requests the queue holds (the thread pool's queue capacity).
   * @param servers threads serving the queue, each taking one request at a time.
   */
  constructor(
    readonly timerName: BrokerTimer,
    readonly serviceTimeUs: Micros,
    readonly waitLimitUs: Micros,
    readonly capacity = Number.POSITIVE_INFINITY,
    servers = 1,
  ) {
    assert(serviceTimeUs >= 0 && waitLimitUs >= 0, `${timerName}: negative capacity settings`);
    assert(Number.isInteger(servers) && servers >= 1, `${timerName}: ${servers} servers`);
    this.freeAtUs = new Float64Array(servers);
  }

  /** Requests waiting for the server (the one in service has left the queue, as in a thread pool's). */
  get length(): number {
    return this.msgs.length - this.head;
  }

  /**
   * Admits a request that arrived at `nowUs`. 'run-now' means handle it now
   * (no capacity model, or the server was idle and starts on it); 'queued'
   * means it waits and starts at `nextDueUs()` or later; 'busy' means shed it
   * (it would wait too long), 'overload' means the queue is full.
   */
  offer(nowUs: Micros, from: NodeId, rpcId: number, msg: M): Admission {
    if (this.serviceTimeUs === 0) return 'run-now';
    this.followClock(nowUs);
    if (this.length >= this.capacity) {
      this.shed++;
      return 'overload';
    }
    const server = this.nextServer;
    const start = Math.max(nowUs, this.freeAtUs[server] as Micros);
    if (start - nowUs > this.waitLimitUs) {
      this.shed++;
      return 'busy';
    }
    this.freeAtUs[server] = start + this.serviceTimeUs;
    this.nextServer = server + 1 === this.freeAtUs.length ? 0 : server + 1;
    if (start === nowUs && this.head === this.msgs.length) return 'run-now';
    this.from.push(from);
    this.rpc.push(rpcId);
    this.msgs.push(msg);
    this.startAtUs.push(start);
    return 'queued';
  }

  /** When the oldest waiting request starts its service, or -1 when none waits. */
  nextDueUs(): Micros {
    return this.head < this.startAtUs.length ? (this.startAtUs[this.head] as Micros) : -1;
  }

  /**
   * Removes and hands over every waiting request whose service started by
   * `nowUs`, in FIFO order. `handle` must be a method reference bound once, not a new closure.
   */
  drain(nowUs: Micros, handle: (from: NodeId, rpcId: number, msg: M) => void): void {
    this.followClock(nowUs);
    while (this.head < this.startAtUs.length && (this.startAtUs[this.head] as Micros) <= nowUs) {
      const i = this.head++;
      handle(this.from[i] as NodeId, this.rpc[i] as number, this.msgs[i] as M);
    }
    if (this.head > 1024 && this.head * 2 > this.msgs.length) this.compact();
  }

  /**
   * The queue times the server's work, a duration, on the broker's wall clock. When that clock steps back
   * (a clock-skew fault ending), the work ahead moves back with it, keeping what it had left at the last
   * reading (a step cannot be told from the time between two readings): otherwise every request would look
   * like it must wait out the step and be shed with SYSTEM_BUSY. RocketMQ's BrokerFastFailure measures now
   * minus the request's arrival time, which a step back makes smaller, never larger (§3.2).
   */
  private followClock(nowUs: Micros): void {
    const stepBackUs = this.lastNowUs - nowUs;
    this.lastNowUs = nowUs;
    if (stepBackUs <= 0) return;
    for (let k = 0; k < this.freeAtUs.length; k++) this.freeAtUs[k] = (this.freeAtUs[k] as Micros) - stepBackUs;
    for (let i = this.head; i < this.startAtUs.length; i++)
      this.startAtUs[i] = (this.startAtUs[i] as Micros) - stepBackUs;
  }

  private compact(): void {
    this.from = this.from.slice(this.head);
    this.rpc = this.rpc.slice(this.head);
    this.msgs = this.msgs.slice(this.head);
    this.startAtUs = this.startAtUs.slice(this.head);
    this.head = 0;
  }
}
