// Dispatch: turning appended commit-log records into consume-queue entries,
// which is what makes a message pullable. Records are dispatched strictly in
// log order up to a bound (the appended end for a classic broker, the Raft
// committed position in DLedger mode), and never past a gap (see below). Mirrors [R4 DMS] ReputMessageService
// and CommitLogDispatcherBuildConsumeQueue.
import { GAP_TOPIC_ID, type CommitLog } from './commit-log.js';
import { F_QUEUE_OFFSET, F_TOPIC } from './record-codec.js';
import type { Interner } from '../../engine/index.js';
import type { QueueTable } from './queue-table.js';
import type { StoreListener } from './types.js';

export class ReputService {
  /** Records dispatched so far: always a prefix of the commit log. */
  dispatchedRecords = 0;

  constructor(
    private readonly commitLog: CommitLog,
    private readonly queues: QueueTable,
    private readonly interner: Interner,
    private readonly listener: StoreListener | undefined,
  ) {}

  /** Physical offset just past the last dispatched record. */
  get dispatchedOffset(): number {
    return this.dispatchedRecords === 0 ? 0 : this.commitLog.endOf(this.dispatchedRecords - 1);
  }

  /**
   * Dispatches every record ending at or before `limit`.
   * NB: RocketMQ's ReputMessageService tails the log with ~1 ms sleeps, so a
   * message becomes pullable ~1 ms after its append; rmqsim dispatches at once.
   */
  dispatchUpTo(limit: number): void {
    const log = this.commitLog;
    const arena = log.arena;
    const n = log.recordCount;
    while (this.dispatchedRecords < n) {
      const i = this.dispatchedRecords;
      if (log.endOf(i) > limit) return;
      // The record's fields straight from its arena row (one ref read, not one per field).
      const ref = log.refAt(i);
      const topicId = arena.get(ref, F_TOPIC);
      // A gap (bytes that are not a message, on a classic slave that HA resumed mid-record) stops dispatch for
      // good: checkMessageAndReturnSize reads a bad magic code (size -1) and a slave's doReput sets doNext = false
      // without moving reputFromOffset ([R4 DMS] ReputMessageService.doReput; only a master or DLedger skips).
      if (topicId === GAP_TOPIC_ID) return;
      const q = this.queues.ofRecord(arena, ref);
      const qo = arena.get(ref, F_QUEUE_OFFSET);
      if (q.length === 0) q.baseOffset = q.minLogicOffset = qo;
      // NB: a queue offset below the queue's max was dispatched already. One above it is what
      // RocketMQ logs as "[BUG]logic queue order maybe wrong" and still lands at the max: not an
      // assertion, because a classic slave ahead of a master that lost power takes the master's
      // re-numbered records once the master's log passes its offset (sync-master-short-outage).
      if (q.length === 0 || qo >= q.maxOffset) {
        // A full disk stops dispatch here; the next append retries.
        if (!q.append(ref)) return;
        this.listener?.onMessageArrived?.(this.interner.str(q.topicId), q.queueId, qo);
      }
      this.dispatchedRecords++;
    }
  }
}
