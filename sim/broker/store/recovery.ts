// Store recovery at process start (docs/model.md §3.6). RocketMQ's
// normal recovery re-scans the last files and its abnormal recovery (abort
// file present) re-validates from the checkpoint; rmqsim always runs the
// thorough version, because scanning the columnar log is cheap, and reports
// which of the two the real broker would have run. Steps:
// 1. validate the commit log and truncate at the first record whose checksum
//    fails (a torn or corrupted tail) or that is not a message (a classic
//    slave's gap) [R4 CL recoverAbnormally];
// 2. rebuild topicQueueTable (next queue offset per queue) from the records;
// 3. truncate consume-queue entries at or beyond the recovered end
//    [R4 DMS truncateDirtyLogicFiles], so those queue offsets are reused;
// 4. re-dispatch records the consume queues lack [R4 DMS ReputMessageService
//    restarting from the consume queues' max physical offset].
// Mirrors [R4 DMS] DefaultMessageStore.load/recover and [R4 CL] recoverNormally/Abnormally.
import { fail } from '../../base/index.js';
import type { CommitLog } from './commit-log.js';
import type { QueueTable } from './queue-table.js';
import type { RecoveryReport } from './types.js';

export interface RecoveryOutcome extends Omit<RecoveryReport, 'abnormal'> {
  /** Records counted as dispatched (every record ending at or before dispatchLimit). */
  readonly dispatchedRecords: number;
  /** Physical offset up to which records are dispatched after recovery. */
  readonly dispatchLimit: number;
}

/** 'auto': dispatch everything recovered; 'manual' (DLedger): only up to what the queues already exposed. */
export function recoverCommitLogAndQueues(
  commitLog: CommitLog,
  table: QueueTable,
  mode: 'auto' | 'manual',
): RecoveryOutcome {
  const bytesBefore = commitLog.maxOffset;
  let truncatedRecords = commitLog.log.recover();
  // A gap (a classic slave's bytes that are not a message, replication.ts) fails the check as a torn record does:
  // checkMessageAndReturnSize reads a bad magic code and recovery truncates the files there ([R4 CL] recoverNormally).
  const gap = commitLog.firstGapFrom(0);
  if (gap >= 0) {
    truncatedRecords += commitLog.recordCount - gap;
    commitLog.truncate(gap);
  }
  const maxPhy = commitLog.maxOffset;
  const n = commitLog.recordCount;
  for (let i = 0; i < n; i++) {
    const q = table.getOrCreate(commitLog.topicId(i), commitLog.queueId(i));
    q.nextPutOffset = Math.max(q.nextPutOffset, commitLog.queueOffset(i) + 1);
  }
  let truncatedQueueEntries = 0;
  let limit = mode === 'auto' ? maxPhy : 0;
  for (const q of table.all()) {
    // A consume queue's own torn tail (power loss mid-write) goes first, then entries past the log end.
    truncatedQueueEntries += q.log.recover() + q.truncateFrom(maxPhy);
    if (q.lastPhyEnd() > maxPhy)
      fail(`recovery: consume queue ${q.path} points to ${q.lastPhyEnd()}, past the commit log end ${maxPhy}`);
    if (q.length > 0) {
      const first = commitLog.indexOf(q.phy(0));
      q.baseOffset = q.minLogicOffset = first >= 0 ? commitLog.queueOffset(first) : 0;
      if (mode === 'manual') limit = Math.max(limit, q.lastPhyEnd());
    }
  }
  const toDispatch = commitLog.countEndingBy(limit);
  let redispatched = 0;
  let dispatchedRecords = 0;
  for (; dispatchedRecords < toDispatch; dispatchedRecords++) {
    const i = dispatchedRecords;
    const q = table.getOrCreate(commitLog.topicId(i), commitLog.queueId(i));
    const start = commitLog.startOf(i);
    if (start < q.lastPhyEnd()) continue;
    if (q.length === 0) q.baseOffset = q.minLogicOffset = commitLog.queueOffset(i);
    // NB: a full disk stops dispatch here; the store retries on the next append.
    if (!q.append(commitLog.refAt(i))) break;
    redispatched++;
  }
  table.markRecovered();
  return {
    records: n,
    maxPhysicalOffset: maxPhy,
    truncatedRecords,
    truncatedBytes: bytesBefore - maxPhy,
    truncatedQueueEntries,
    redispatched,
    dispatchedRecords,
    dispatchLimit: limit,
  };
}
