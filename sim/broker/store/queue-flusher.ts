// FlushConsumeQueueService: every flushIntervalConsumeQueue (1 s) each
// consume queue with >= 2 dirty pages is fsynced; every 60 s each queue with
// anything dirty is. Consume queues flush independently of the commit log, so
// after power loss a queue may lag the log or run past its recovered end.
// Mirrors [R4 DMS] FlushConsumeQueueService (docs/model.md §3.3).
import type { DiskCompletion } from '../../engine/index.js';
import type { StoreConfig } from './config.js';
import type { ConsumeQueue } from './consume-queue.js';
import type { QueueTable } from './queue-table.js';
import type { StorePort } from './types.js';

export const TIMER_FLUSH_CONSUME_QUEUE = 'store:flush-consumequeue';

export class QueueFlusher {
  private readonly inflight = new Map<number, ConsumeQueue>();
  private lastThoroughUs = 0;

  constructor(private readonly config: StoreConfig, private readonly table: QueueTable) {}

  start(port: StorePort): void {
    this.lastThoroughUs = port.now();
    port.setTimer(TIMER_FLUSH_CONSUME_QUEUE, this.config.flushIntervalConsumeQueueUs);
  }

  handleTimer(port: StorePort, name: string): boolean {
    if (name !== TIMER_FLUSH_CONSUME_QUEUE) return false;
    port.setTimer(TIMER_FLUSH_CONSUME_QUEUE, this.config.flushIntervalConsumeQueueUs);
    let leastPages = this.config.flushConsumeQueueLeastPages;
    const now = port.now();
    if (now >= this.lastThoroughUs + this.config.flushConsumeQueueThoroughIntervalUs) {
      this.lastThoroughUs = now;
      leastPages = 0;
    }
    this.flush(port, leastPages);
    return true;
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
