// The commit log's flush services. ASYNC_FLUSH: FlushRealTimeService wakes
// every 500 ms and fsyncs when >= 4 pages are dirty, or whatever is dirty
// every 10 s. SYNC_FLUSH: GroupCommitService fsyncs as soon as a put wakes
// it (and every 10 ms while data is dirty); a waiting put completes when its
// end offset is durable, or with FLUSH_DISK_TIMEOUT after two failed fsyncs
// of its round or after syncFlushTimeout (FlushDiskWatcher). Waiting puts sit
// in a FIFO of parallel arrays: flushes, failures and timeouts always
// complete a prefix of it. Mirrors [R4 CL] FlushRealTimeService,
// GroupCommitService and [R4 FDW] FlushDiskWatcher (docs/model.md §3.3).
// The 500 ms tick sleeps while nothing is dirty and no fsync is under way
// (it would find nothing to do) and the next append wakes it on its grid.
// An ASYNC_FLUSH fsync's completion only frees the service for its next tick,
// which is when it reads it: it is polled then (polled-fsync.ts), with no
// completion event; the flushed offset reads the disk, which applies it at
// its instant. So the tick acts on nothing outside the process, and the log it
// reads is written only by the process's handlers: its ticks are computed
// (ComputedTicker), run by the store's owner first in each of its handlers
// (MessageStore.runTicks). GroupCommitService's completions answer puts: events.
import { ComputedTicker, type DiskCompletion } from '../../engine/index.js';
import type { CommitLog } from './commit-log.js';
import type { StoreConfig } from './config.js';
import type { StoreListener, StorePort } from './types.js';

export const TIMER_GROUP_COMMIT = 'store:group-commit';
export const TIMER_FLUSH_WATCH = 'store:flush-watch';

export class CommitLogFlusher {
  private readonly putIds: number[] = [];
  private readonly ends: number[] = [];
  private readonly deadlines: number[] = [];
  private head = 0;
  /** FIFO index (exclusive) of the requests the current group-commit round serves. */
  private roundEnd = 0;
  private attempts = 0;
  private inflightOp = 0;
  private nextPutId = 1;
  private lastThoroughUs = 0;
  private watchArmed = false;
  private readonly ticker: ComputedTicker;

  constructor(
    private readonly config: StoreConfig,
    private readonly commitLog: CommitLog,
    private readonly listener: StoreListener | undefined,
  ) {
    this.ticker = new ComputedTicker(config.flushIntervalCommitLogUs);
  }

  get isSync(): boolean {
    return this.config.flushDiskType === 'SYNC_FLUSH';
  }

  /** Puts still waiting for their fsync. */
  get waiting(): number {
    return this.putIds.length - this.head;
  }

  start(port: StorePort): void {
    this.lastThoroughUs = port.now();
    if (!this.isSync) this.ticker.start(port.now());
  }

  /** The next FlushRealTimeService tick (computed), -1 when none is due. */
  get nextTickUs(): number {
    return this.ticker.dueUs;
  }

  /** Runs the tick due at atUs (<= now, nothing written since; MessageStore.runTicks). */
  tick(port: StorePort, atUs: number): void {
    const agoUs = port.now() - atUs;
    this.pollAsync(port, agoUs);
    if (this.inflightOp === 0) this.asyncFlush(port, atUs, agoUs);
    this.ticker.next(atUs, this.inflightOp !== 0 || this.isDirty());
  }

  resumed(nowUs: number): void {
    this.ticker.resumed(nowUs);
  }

  clockMoved(deltaUs: number): void {
    this.ticker.clockMoved(deltaUs);
  }

  /** After an append under SYNC_FLUSH: wakes the group commit; returns a put id when the caller waits, else 0. */
  onAppended(port: StorePort, endOffset: number, wait: boolean): number {
    if (!this.isSync) {
      this.wakeAsync(port);
      return 0;
    }
    let putId = 0;
    if (wait) {
      putId = this.nextPutId++;
      this.putIds.push(putId);
      this.ends.push(endOffset);
      this.deadlines.push(port.now() + this.config.syncFlushTimeoutUs);
      if (!this.watchArmed) this.armWatch(port);
    }
    if (this.inflightOp === 0) this.startRound(port);
    return putId;
  }

  handleTimer(port: StorePort, name: string): boolean {
    switch (name) {
      case TIMER_GROUP_COMMIT:
        if (this.inflightOp === 0 && this.isDirty()) this.startRound(port);
        return true;
      case TIMER_FLUSH_WATCH:
        this.watchArmed = false;
        this.expire(port);
        return true;
      default:
        return false;
    }
  }

  /** An ASYNC_FLUSH fsync (polled) completed by agoUs ago frees the service. */
  private pollAsync(port: StorePort, agoUs = 0): void {
    if (this.isSync || this.inflightOp === 0) return;
    if (port.disk.pollFsync(this.inflightOp, agoUs) !== undefined) this.inflightOp = 0;
  }

  handleDiskDone(port: StorePort, done: DiskCompletion): boolean {
    // Sync rounds, and a polled fsync the disk failed (delivered as an event after all).
    if (done.opId !== this.inflightOp) return false;
    this.inflightOp = 0;
    if (!this.isSync) return true;
    const flushed = this.commitLog.flushedOffset;
    this.completeWhile((i) => (this.ends[i] as number) <= flushed, 'PUT_OK');
    if (!done.ok && this.head < this.roundEnd) {
      if (++this.attempts < this.config.groupCommitFlushAttempts) {
        this.issue(port);
        return true;
      }
      const roundEnd = this.roundEnd;
      this.completeWhile((i) => i < roundEnd, 'FLUSH_DISK_TIMEOUT');
    }
    if (this.waiting > 0) this.startRound(port);
    else if (this.isDirty()) port.setTimer(TIMER_GROUP_COMMIT, this.config.groupCommitIntervalUs);
    return true;
  }

  /** Clean shutdown: one last fsync of whatever is dirty. */
  flushNow(port: StorePort): void {
    this.pollAsync(port);
    if (this.inflightOp === 0 && this.isDirty()) this.issue(port);
  }

  private isDirty(): boolean {
    return this.commitLog.maxOffset > this.commitLog.flushedOffset;
  }

  /** Data to flush appeared: a sleeping tick re-arms, having done its "thorough every 10 s" bookkeeping meanwhile. */
  private wakeAsync(port: StorePort): void {
    const slept = this.ticker.wake(port.now());
    if (slept >= 0)
      this.lastThoroughUs = this.ticker.everyTickSince(
        this.lastThoroughUs,
        this.config.flushCommitLogThoroughIntervalUs,
        slept,
        port.now(),
      );
  }

  private asyncFlush(port: StorePort, atUs: number, agoUs: number): void {
    let leastPages = this.config.flushCommitLogLeastPages;
    if (atUs >= this.lastThoroughUs + this.config.flushCommitLogThoroughIntervalUs) {
      this.lastThoroughUs = atUs;
      leastPages = 0;
    }
    const page = this.config.osPageSizeBytes;
    const write = this.commitLog.maxOffset;
    const flushed = this.commitLog.flushedOffset;
    const able = leastPages > 0 ? Math.floor(write / page) - Math.floor(flushed / page) >= leastPages : write > flushed;
    if (able) this.issue(port, agoUs);
  }

  private startRound(port: StorePort): void {
    this.roundEnd = this.putIds.length;
    this.attempts = 0;
    port.cancelTimer(TIMER_GROUP_COMMIT);
    this.issue(port);
  }

  private issue(port: StorePort, agoUs = 0): void {
    const path = this.commitLog.path;
    this.inflightOp = this.isSync ? port.disk.fsync(path) : port.disk.fsyncPolled(path, agoUs);
  }

  private armWatch(port: StorePort): void {
    const deadline = this.deadlines[this.head];
    if (deadline === undefined) return;
    port.setTimer(TIMER_FLUSH_WATCH, Math.max(0, deadline - port.now()));
    this.watchArmed = true;
  }

  private expire(port: StorePort): void {
    const now = port.now();
    this.completeWhile((i) => (this.deadlines[i] as number) <= now, 'FLUSH_DISK_TIMEOUT');
    this.armWatch(port);
  }

  /** Completes waiting puts from the head while `pred` holds for their FIFO index. */
  private completeWhile(pred: (i: number) => boolean, status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT'): void {
    while (this.head < this.putIds.length && pred(this.head)) {
      const putId = this.putIds[this.head] as number;
      this.head++;
      this.listener?.onPutDurable(putId, status);
    }
    this.compact();
  }

  private compact(): void {
    if (this.head < 1024 || this.head * 2 < this.putIds.length) return;
    this.putIds.splice(0, this.head);
    this.ends.splice(0, this.head);
    this.deadlines.splice(0, this.head);
    this.roundEnd = Math.max(0, this.roundEnd - this.head);
    this.head = 0;
  }
}
