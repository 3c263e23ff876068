// The byte-stream side of classic HA: what a master ships from an offset,
// and whether a batch a slave receives lines up with its own log end.
// RocketMQ ships raw bytes by physical offset: the master's
// WriteSocketService sends from whatever offset the slave reported
// (getCommitLogData returns null until the master's log passes it), and the
// slave's HAClient checks only that the pushed offset equals its max offset
// (dispatchReadRequest, `slavePhyOffset != masterPhyOffset`). rmqsim ships
// decoded records, so the common case costs one record per message; when the
// slave's offset falls inside one of the master's records (the slave was ahead
// of a master that lost its unflushed tail, §3.4), the batch starts with
// `headBytes`: the tail of that record, which the slave stores as a gap (bytes
// that are not a message, CommitLog.appendGap).
// Mirrors [R4 HAC] WriteSocketService and [R4 HAS] HAClient.dispatchReadRequest.
import type { CommitLog } from './commit-log.js';
import type { Interner } from '../../engine/index.js';
import type { AppendReplicatedResult, ReadForReplicationResult, StoreRecord } from './types.js';

export function readForReplication(
  log: CommitLog,
  interner: Interner,
  minPhysical: number,
  from: number,
  maxBytes: number,
): ReadForReplicationResult {
  const maxPhysicalOffset = log.maxOffset;
  if (from > maxPhysicalOffset) return { ok: false, reason: 'OFFSET_BEYOND_END', maxPhysicalOffset };
  if (from < minPhysical) return { ok: false, reason: 'OFFSET_EXPIRED', maxPhysicalOffset };
  if (from === maxPhysicalOffset) return { ok: true, headBytes: 0, records: [], nextOffset: from };
  // The record starting at `from` (the common path), else the one holding it, whose tail ships as raw bytes.
  const at = log.indexOf(from);
  const holder = at >= 0 ? at : log.countEndingBy(from);
  const headBytes = at >= 0 ? 0 : log.endOf(holder) - from;
  const records: StoreRecord[] = [];
  let bytes = headBytes;
  let next = from + headBytes;
  for (let i = headBytes === 0 ? holder : holder + 1; i < log.recordCount; i++) {
    const size = log.sizeOf(i);
    // NB: a classic master never holds a gap (only a slave stores one, and a classic slave never becomes master).
    if (bytes > 0 && bytes + size > maxBytes) break;
    records.push(log.record(i, interner));
    bytes += size;
    next = log.endOf(i);
  }
  return { ok: true, headBytes, records, nextOffset: next };
}

/** Rejects a batch that does not start at the slave's log end or is not contiguous (after its head bytes). */
export function checkReplicatedBatch(
  maxPhysicalOffset: number,
  from: number,
  headBytes: number,
  records: readonly StoreRecord[],
): AppendReplicatedResult {
  if (from !== maxPhysicalOffset) return { ok: false, reason: 'OFFSET_MISMATCH', maxPhysicalOffset };
  let expected = from + headBytes;
  for (const r of records) {
    if (r.commitLogOffset !== expected || r.sizeBytes <= 0)
      return { ok: false, reason: 'RECORD_NOT_CONTIGUOUS', maxPhysicalOffset };
    expected += r.sizeBytes;
  }
  return { ok: true, appended: 0, maxPhysicalOffset };
}
