// FlushConsumeQueueService: every flushIntervalConsumeQueue (1 s) each
// consume queue with >= 2 dirty pages is fsynced; every 60 s each queue with
// anything dirty is. Consume queues flush independently of the commit log, so
// after power loss a queue may lag the log or run past its recovered end.
// Mirrors [R4 DMS] FlushConsumeQueueService (docs/model.md §3.3). The tick
// sleeps while every queue is clean and no fsync is under way; a dispatch
// into a queue wakes it on its grid. A queue's fsync completion only frees
// the queue for the next tick, which is when it is read: polled then
// (polled-fsync.ts), with no completion event. Like the commit log's, the
// ticks are computed (ComputedTicker; MessageStore.runTicks).
import { ComputedTicker, type DiskCompletion } from '../../engine/index.js';
import type { StoreConfig } from './config.js';
import type { ConsumeQueue } from './consume-queue.js';
import type { QueueTable } from './queue-table.js';
import type { StorePort } from './types.js';

export class QueueFlusher {
  private readonly inflight = new Map<number, ConsumeQueue>();
  private lastThoroughUs = 0;
  private readonly ticker: ComputedTicker;

  constructor(
    private readonly config: StoreConfig,
    private readonly table: QueueTable,
  ) {
    this.ticker = new ComputedTicker(config.flushIntervalConsumeQueueUs);
  }

  start(port: StorePort): void {
    this.lastThoroughUs = port.now();
    this.ticker.start(port.now());
  }

  /** The next tick (computed), -1 when none is due. */
  get nextTickUs(): number {
    return this.ticker.dueUs;
  }

  resumed(nowUs: number): void {
    this.ticker.resumed(nowUs);
  }

  clockMoved(deltaUs: number): void {
    this.ticker.clockMoved(deltaUs);
  }

  /** Entries were dispatched into consume queues: a sleeping tick re-arms (its thorough-flush clock kept up meanwhile). */
  wake(port: StorePort): void {
    const slept = this.ticker.wake(port.now());
    if (slept >= 0)
      this.lastThoroughUs = this.ticker.everyTickSince(
        this.lastThoroughUs,
        this.config.flushConsumeQueueThoroughIntervalUs,
        slept,
        port.now(),
      );
  }

  /** Runs the tick due at atUs (<= now, nothing dispatched since; MessageStore.runTicks). */
  tick(port: StorePort, atUs: number): void {
    let leastPages = this.config.flushConsumeQueueLeastPages;
    if (atUs >= this.lastThoroughUs + this.config.flushConsumeQueueThoroughIntervalUs) {
      this.lastThoroughUs = atUs;
      leastPages = 0;
    }
    this.flush(port, leastPages, port.now() - atUs);
    this.ticker.next(atUs, this.inflight.size > 0 || this.anyUnflushed());
  }

  private anyUnflushed(): boolean {
    for (const q of this.table.all()) if (q.hasUnflushed) return true;
    return false;
  }

  /**
   * Fsyncs every queue with at least `leastPages` dirty pages (0: anything dirty), after freeing
   * those whose fsync completed; agoUs > 0: as the tick of agoUs ago (nothing dispatched since).
   */
  flush(port: StorePort, leastPages: number, agoUs = 0): void {
    for (const [op, q] of this.inflight)
      if (port.disk.pollFsync(op, agoUs) !== undefined) {
        this.inflight.delete(op);
        q.flushOpId = 0;
      }
    const page = this.config.osPageSizeBytes;
    for (const q of this.table.all()) {
      if (q.flushOpId !== 0 || !q.hasUnflushed) continue;
      if (leastPages > 0 && q.dirtyPages(page) < leastPages) continue;
      q.flushOpId = port.disk.fsyncPolled(q.path, agoUs);
      this.inflight.set(q.flushOpId, q);
    }
  }

  /** A polled fsync the disk failed, delivered as an event after all. */
  handleDiskDone(done: DiskCompletion): boolean {
    const q = this.inflight.get(done.opId);
    if (q === undefined) return false;
    this.inflight.delete(done.opId);
    q.flushOpId = 0;
    return true;
  }
}
