// FlushConsumeQueueService: every flushIntervalConsumeQueue (1 s) each
// consume queue with >= 2 dirty pages is fsynced; every 60 s each queue with
// anything dirty is. Consume queues flush independently of the commit log, so
// after power loss a queue may lag the log or run past its recovered end.
// Mirrors [R4 DMS] FlushConsumeQueueService (docs/model.md §3.3). The tick
// sleeps while every queue is clean and no fsync is under way; a dispatch
// into a queue wakes it on its grid.
import { GridTicker, type DiskCompletion } from '../../engine/index.js';
import type { StoreConfig } from './config.js';
import type { ConsumeQueue } from './consume-queue.js';
import type { QueueTable } from './queue-table.js';
import type { StorePort } from './types.js';

export const TIMER_FLUSH_CONSUME_QUEUE = 'store:flush-consumequeue';

export class QueueFlusher {
  private readonly inflight = new Map<number, ConsumeQueue>();
  private lastThoroughUs = 0;
  private readonly ticker: GridTicker;

  constructor(
    private readonly config: StoreConfig,
    private readonly table: QueueTable,
  ) {
    this.ticker = new GridTicker(TIMER_FLUSH_CONSUME_QUEUE, config.flushIntervalConsumeQueueUs);
  }

  start(port: StorePort): void {
    this.lastThoroughUs = port.now();
    this.ticker.start(port);
  }

  /** Entries were dispatched into consume queues: a sleeping tick re-arms (its thorough-flush clock kept up meanwhile). */
  wake(port: StorePort): void {
    const slept = this.ticker.wake(port);
    if (slept >= 0)
      this.lastThoroughUs = this.ticker.everyTickSince(
        this.lastThoroughUs,
        this.config.flushConsumeQueueThoroughIntervalUs,
        slept,
        port.now(),
      );
  }

  handleTimer(port: StorePort, name: string): boolean {
    if (name !== TIMER_FLUSH_CONSUME_QUEUE) return false;
    this.tick(port);
    this.ticker.next(port, this.inflight.size > 0 || this.anyUnflushed());
    return true;
  }

  private anyUnflushed(): boolean {
    for (const q of this.table.all()) if (q.hasUnflushed) return true;
    return false;
  }

  private tick(port: StorePort): void {
    let leastPages = this.config.flushConsumeQueueLeastPages;
    const now = port.now();
    if (now >= this.lastThoroughUs + this.config.flushConsumeQueueThoroughIntervalUs) {
      this.lastThoroughUs = now;
      leastPages = 0;
    }
    this.flush(port, leastPages);
  }

  /** Fsyncs every queue with at least `leastPages` dirty pages (0: anything dirty). */
  flush(port: StorePort, leastPages: number): void {
    const page = this.config.osPageSizeBytes;
    for (const q of this.table.all()) {
      if (q.flushOpId !== 0 || !q.hasUnflushed) continue;
      if (leastPages > 0 && q.dirtyPages(page) < leastPages) continue;
      q.flushOpId = port.disk.fsync(q.path);
      this.inflight.set(q.flushOpId, q);
    }
  }

  handleDiskDone(done: DiskCompletion): boolean {
    const q = this.inflight.get(done.opId);
    if (q === undefined) return false;
    this.inflight.delete(done.opId);
    q.flushOpId = 0;
    return true;
  }
}
