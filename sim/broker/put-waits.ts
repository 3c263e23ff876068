// Sends that were appended but not yet answered: they wait for the flush
// (SYNC_FLUSH group commit), for a slave's ack (SYNC_MASTER, §3.4) or for a
// quorum ack (DLedger, §4.3). The flush and replica waits run concurrently;
// the answer goes out when both are done, and a failed replica wait wins
// over a failed flush [R4 CL asyncPutMessage: flushResultFuture.thenCombine].
// Replica waits complete in end-offset order (appends are ordered), so they
// live in a FIFO; one named timer covers the oldest deadline.
// Models [R4 CL] GroupCommitRequest handling and [R4 HAS] GroupTransferService.
import { assert, type Micros, type NodeId } from '../engine/index.js';
import type { BrokerTimer } from '../protocol/index.js';
import type { PutMessageStatus } from './store/message-store.js';

export type WaitOutcome = 'wait' | PutMessageStatus;

/** Told a put's outcome when its waits are done; `remark` is the store's, when it refused the put. */
export type PutDone = (status: PutMessageStatus, remark?: string) => void;

export interface PendingPut {
  readonly from: NodeId;
  readonly rpcId: number;
  readonly uid: number;
  readonly queueId: number;
  readonly queueOffset: number;
  /** Physical offset just past the record: what a flush or a replica must reach. */
  readonly endOffset: number;
  readonly deadlineUs: Micros;
  flush: WaitOutcome;
  replica: WaitOutcome;
  /**
   * Told the outcome when the waits are done (a re-put or a send-back, which answer no SEND_MESSAGE).
   * Always present, undefined for a client's send: an optional field was spread in per put.
   */
  readonly done: PutDone | undefined;
}

/** Where finished puts go (the send processor answers the client). */
export type PutAnswer = (p: PendingPut, status: PutMessageStatus) => void;

export class PutWaits {
  private readonly byPutId = new Map<number, PendingPut>();
  /**
   * Replica waits in offset order: [head, tail). NB: emptied by moving head and tail back to 0, not by a
   * new array: it empties at nearly every commit, and each new array grew a new store on its next push
   * (the slots past tail keep answered puts until overwritten).
   */
  private fifo: PendingPut[] = [];
  private head = 0;
  private tail = 0;

  constructor(
    readonly timerName: BrokerTimer,
    private readonly answer: PutAnswer,
  ) {}

  get replicaWaiting(): number {
    return this.tail - this.head;
  }

  /**
   * Registers a put. `flushPutId` > 0 means the store will report the flush
   * through onPutDurable; `replica` is 'wait' when a slave or quorum ack is
   * awaited, else the replica outcome already known. Returns true when the
   * caller must (re)arm the timer at `nextDeadlineUs()`.
   */
  add(p: PendingPut, flushPutId: number): boolean {
    assert(p.flush === 'wait' || p.replica === 'wait', 'put-waits: nothing to wait for');
    if (p.flush === 'wait') this.byPutId.set(flushPutId, p);
    if (p.replica !== 'wait') return false;
    const last = this.fifo[this.tail - 1];
    assert(
      this.head === this.tail || last === undefined || last.endOffset <= p.endOffset,
      'put-waits: replica waits out of offset order',
    );
    this.fifo[this.tail++] = p;
    return this.replicaWaiting === 1;
  }

  onFlush(putId: number, status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT'): void {
    const p = this.byPutId.get(putId);
    if (p === undefined) return;
    this.byPutId.delete(putId);
    p.flush = status;
    this.maybeAnswer(p);
  }

  /** Replicas acked everything below `ackOffset`: completes the waits it covers with PUT_OK. */
  onReplicaProgress(ackOffset: number): void {
    while (this.head < this.tail) {
      const p = this.fifo[this.head] as PendingPut;
      if (p.endOffset > ackOffset) break;
      this.head++;
      p.replica = 'PUT_OK';
      this.maybeAnswer(p);
    }
    this.compact();
  }

  /** Completes every replica wait whose deadline passed with `status` (FLUSH_SLAVE_TIMEOUT, OS_PAGECACHE_BUSY). */
  expire(nowUs: Micros, status: PutMessageStatus): void {
    while (this.head < this.tail) {
      const p = this.fifo[this.head] as PendingPut;
      if (p.deadlineUs > nowUs) break;
      this.head++;
      p.replica = status;
      this.maybeAnswer(p);
    }
    this.compact();
  }

  /** Fails every replica wait at once (DLedger term change, role change). */
  failAll(status: PutMessageStatus): void {
    while (this.head < this.tail) {
      const p = this.fifo[this.head++] as PendingPut;
      p.replica = status;
      this.maybeAnswer(p);
    }
    this.compact();
  }

  /** Deadline of the oldest replica wait, or -1. */
  nextDeadlineUs(): Micros {
    return this.head < this.tail ? (this.fifo[this.head] as PendingPut).deadlineUs : -1;
  }

  private maybeAnswer(p: PendingPut): void {
    if (p.flush === 'wait' || p.replica === 'wait') return;
    const status = p.replica !== 'PUT_OK' ? p.replica : p.flush;
    this.answer(p, status);
  }

  private compact(): void {
    if (this.head === this.tail) {
      this.head = this.tail = 0;
    } else if (this.head > 1024 && this.head * 2 > this.tail) {
      this.fifo = this.fifo.slice(this.head, this.tail);
      this.tail -= this.head;
      this.head = 0;
    }
  }
}
