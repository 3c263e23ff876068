// The capacity model of one request kind on one broker: a FIFO in front of a
// single server with a fixed service time. A request that would wait longer
// than the limit is shed at once with SYSTEM_BUSY, which is what
// BrokerFastFailure does to requests that sat in the send queue longer than
// waitTimeMillsInSendQueue (§3.2) [R4 broker/latency/BrokerFastFailure.java].
// NB: RocketMQ answers SYSTEM_BUSY when the limit expires (a 10 ms scan);
// here the wait is known on arrival, so the answer goes out at once. A queue
// already holding its capacity rejects at once too, as the thread pool's
// bounded queue does (RejectedExecutionException -> "[OVERLOAD]system busy").
//
// Hot path: pending requests live in parallel arrays with a moving head, no
// per-request object beyond the message itself.
import { assert, type Micros, type NodeId } from '../engine/index.js';

export type Admission = 'run-now' | 'queued' | 'busy' | 'overload';

export class ServiceQueue<M> {
  private busyUntilUs: Micros = 0;
  private from: NodeId[] = [];
  private rpc: number[] = [];
  private msgs: M[] = [];
  private doneAtUs: Micros[] = [];
  private head = 0;
  /** Requests shed with SYSTEM_BUSY since start (a figure for reports). */
  shed = 0;

  /**
   * @param serviceTimeUs time the server spends on one request; 0 means unbounded capacity.
   * @param waitLimitUs longest allowed wait in the queue before service starts.
   * @param capacity most requests the queue holds (the thread pool's queue capacity).
   */
  constructor(readonly timerName: string, readonly serviceTimeUs: Micros, readonly waitLimitUs: Micros, readonly capacity = Number.POSITIVE_INFINITY) {
    assert(serviceTimeUs >= 0 && waitLimitUs >= 0, `${timerName}: negative capacity settings`);
  }

  get length(): number {
    return this.msgs.length - this.head;
  }

  /**
   * Admits a request that arrived at `nowUs`. 'run-now' means no capacity
   * model (handle it at once); 'queued' means it completes at `nextDueUs()`;
   * 'busy' means shed it (waited too long), 'overload' means the queue is full.
   */
  offer(nowUs: Micros, from: NodeId, rpcId: number, msg: M): Admission {
    if (this.serviceTimeUs === 0) return 'run-now';
    if (this.length >= this.capacity) {
      this.shed++;
      return 'overload';
    }
    const start = Math.max(nowUs, this.busyUntilUs);
    if (start - nowUs > this.waitLimitUs) {
      this.shed++;
      return 'busy';
    }
    this.busyUntilUs = start + this.serviceTimeUs;
    this.from.push(from);
    this.rpc.push(rpcId);
    this.msgs.push(msg);
    this.doneAtUs.push(this.busyUntilUs);
    return 'queued';
  }

  /** Completion time of the oldest queued request, or -1 when empty. */
  nextDueUs(): Micros {
    return this.head < this.doneAtUs.length ? (this.doneAtUs[this.head] as Micros) : -1;
  }

  /**
   * Removes and hands over every request whose service completed by `nowUs`,
   * in FIFO order. `handle` must be a method reference bound once, not a new closure.
   */
  drain(nowUs: Micros, handle: (from: NodeId, rpcId: number, msg: M) => void): void {
    while (this.head < this.doneAtUs.length && (this.doneAtUs[this.head] as Micros) <= nowUs) {
      const i = this.head++;
      handle(this.from[i] as NodeId, this.rpc[i] as number, this.msgs[i] as M);
    }
    if (this.head > 1024 && this.head * 2 > this.msgs.length) this.compact();
  }

  private compact(): void {
    this.from = this.from.slice(this.head);
    this.rpc = this.rpc.slice(this.head);
    this.msgs = this.msgs.slice(this.head);
    this.doneAtUs = this.doneAtUs.slice(this.head);
    this.head = 0;
  }
}
