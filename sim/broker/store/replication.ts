// The byte-stream side of classic HA, reduced to whole records: what a
// master ships from an offset, and whether a batch a slave receives lines up
// with its own log end. RocketMQ ships raw bytes and the slave checks only
// that the pushed offset equals its max offset; rmqsim ships decoded records
// (so offsets must be record boundaries) and checks contiguity too.
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
  if (from === maxPhysicalOffset) return { ok: true, records: [], nextOffset: from };
  const first = log.indexOf(from);
  if (first < 0) return { ok: false, reason: 'OFFSET_NOT_ALIGNED', maxPhysicalOffset };
  const records: StoreRecord[] = [];
  let bytes = 0;
  let next = from;
  for (let i = first; i < log.recordCount; i++) {
    const size = log.sizeOf(i);
    if (records.length > 0 && bytes + size > maxBytes) break;
    records.push(log.record(i, interner));
    bytes += size;
    next = log.endOf(i);
  }
  return { ok: true, records, nextOffset: next };
}

/** Rejects a batch that does not start at the slave's log end or is not contiguous. */
export function checkReplicatedBatch(
  maxPhysicalOffset: number,
  from: number,
  records: readonly StoreRecord[],
): AppendReplicatedResult {
  if (from !== maxPhysicalOffset) return { ok: false, reason: 'OFFSET_MISMATCH', maxPhysicalOffset };
  let expected = from;
  for (const r of records) {
    if (r.commitLogOffset !== expected || r.sizeBytes <= 0)
      return { ok: false, reason: 'RECORD_NOT_CONTIGUOUS', maxPhysicalOffset };
    expected += r.sizeBytes;
  }
  return { ok: true, appended: 0, maxPhysicalOffset };
}
