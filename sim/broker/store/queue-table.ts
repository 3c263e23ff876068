// The store's consume queues by (topic, queueId), plus the per-queue
// topicQueueTable (next queue offset for puts). Insertion order is
// deterministic (recovery scan order, then first put/dispatch), and listings
// are sorted by topic name then queue id. Mirrors [R4 DMS] consumeQueueTable
// and [R4 CL] topicQueueTable.
import type { DiskView } from '../../engine/index.js';
import { queueKeyOf, type CommitLog } from './commit-log.js';
import { ConsumeQueue } from './consume-queue.js';
import { messageArenaOf, type MessageArena } from './message-arena.js';
import { F_META, F_TOPIC, metaQueueId } from './record-codec.js';
import type { Interner } from '../../engine/index.js';
import type { QueueInfo } from './types.js';

export class QueueTable {
  private readonly queues = new Map<number, ConsumeQueue>();
  /** ofRecord's queues by arena combination id (queues are never dropped from the table). */
  private readonly byCombination: (ConsumeQueue | undefined)[] = [];
  /** After recovery every queue with records is open; any queue opened later has no record left. */
  private recovered = false;

  constructor(
    private readonly disk: DiskView,
    private readonly storeName: string,
    private readonly interner: Interner,
  ) {}

  find(topicId: number, queueId: number): ConsumeQueue | undefined {
    return this.queues.get(queueKeyOf(topicId, queueId));
  }

  findByName(topic: string, queueId: number): ConsumeQueue | undefined {
    const topicId = this.interner.peek(topic);
    return topicId < 0 ? undefined : this.queues.get(queueKeyOf(topicId, queueId));
  }

  /**
   * The queue, opened on first use. NB: a queue first opened after recovery has
   * no record in the commit log, so whatever its file still holds is stale (its
   * records were lost or truncated) and is dropped, like RocketMQ's
   * truncateDirtyLogicFiles at recovery.
   */
  getOrCreate(topicId: number, queueId: number): ConsumeQueue {
    const key = queueKeyOf(topicId, queueId);
    let q = this.queues.get(key);
    if (q === undefined) {
      const path = `${this.storeName}/consumequeue/${this.interner.str(topicId)}/${queueId}`;
      q = new ConsumeQueue(this.disk, path, topicId, queueId, messageArenaOf(this.interner));
      this.queues.set(key, q);
      if (this.recovered) q.clear();
    }
    return q;
  }

  /**
   * The queue of the record at arena ref `ref` (getOrCreate of its topic and queue id), found by the record's
   * arena combination, which names its topic and queue id: dispatch asks once per record, a Map lookup less.
   */
  ofRecord(arena: MessageArena, ref: number): ConsumeQueue {
    const combo = arena.combinationOf(ref);
    let q = this.byCombination[combo];
    if (q === undefined) {
      q = this.getOrCreate(arena.get(ref, F_TOPIC), metaQueueId(arena.get(ref, F_META)));
      this.byCombination[combo] = q;
    }
    return q;
  }

  markRecovered(): void {
    this.recovered = true;
  }

  /** Every queue in deterministic insertion order (for flushing and recovery). */
  all(): IterableIterator<ConsumeQueue> {
    return this.queues.values();
  }

  /** [R4 CQ correctMinOffset] each queue's min offset skips entries of records before minPhysical. */
  correctMinOffsets(minPhysical: number): void {
    if (minPhysical === 0) return;
    for (const q of this.queues.values()) {
      let lo = 0;
      let hi = q.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (q.phy(mid) < minPhysical) lo = mid + 1;
        else hi = mid;
      }
      q.minLogicOffset = q.baseOffset + lo;
    }
  }

  /** A suffix of the log from record `cut` on is about to go: its queue offsets become free again. */
  releaseQueueOffsets(log: CommitLog, cut: number): void {
    for (let i = log.recordCount - 1; i >= cut; i--) {
      const q = this.find(log.topicId(i), log.queueId(i));
      if (q !== undefined) q.nextPutOffset = Math.min(q.nextPutOffset, log.queueOffset(i));
    }
  }

  /** Every queue's offsets, sorted by topic name, then queue id. */
  infos(): QueueInfo[] {
    return this.sorted().map((q) => ({
      topic: this.interner.str(q.topicId),
      queueId: q.queueId,
      minOffset: q.minLogicOffset,
      maxOffset: q.maxOffset,
    }));
  }

  /** Every queue sorted by topic name, then queue id (for listings). */
  sorted(): ConsumeQueue[] {
    const list = [...this.queues.values()];
    list.sort((a, b) => {
      const ta = this.interner.str(a.topicId);
      const tb = this.interner.str(b.topicId);
      if (ta !== tb) return ta < tb ? -1 : 1;
      return a.queueId - b.queueId;
    });
    return list;
  }
}
