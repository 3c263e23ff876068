// The store side of a pull (docs/model.md §3.7): classify the requested
// offset against the queue's [min, max), then read entries until the batch is
// full, and say whether the data is cold enough to suggest the slave.
// Mirrors [R4 DMS] DefaultMessageStore.getMessage, nextOffsetCorrection and
// isTheBatchFull.
import { fail } from '../../base/index.js';
import type { CommitLog } from './commit-log.js';
import type { StoreConfig } from './config.js';
import type { ConsumeQueue } from './consume-queue.js';
import type { Interner } from '../../engine/index.js';
import type { GetMessageResult, GetMessageStatus } from './types.js';

export interface GetMessageContext {
  readonly config: StoreConfig;
  readonly commitLog: CommitLog;
  readonly interner: Interner;
  readonly brokerName: string;
  readonly isSlave: boolean;
  /** Start of the oldest readable record (retention). */
  readonly minPhysical: number;
  /** Bug switch: before 4.9.4 an offset above max was corrected to 0 when the queue's min was 0 (apache/rocketmq#4215). */
  readonly overflowCorrectsToMin: boolean;
}

const NO_MESSAGES: readonly never[] = [];

/** How a lookup reads each record it returns: decoded as a pull returns it, or only the field a caller needs. */
export type RecordReader<T> = (log: CommitLog, i: number) => T;

/** Bytes behind the log end beyond which data counts as cold (accessMessageInMemoryMaxRatio of RAM). */
export const inMemoryWindowBytes = (config: StoreConfig): number =>
  Math.floor(config.physicalMemoryBytes * (config.accessMessageInMemoryMaxRatio / 100));

/** A slave never corrects a consumer's offset unless offsetCheckInSlave [R4 DMS nextOffsetCorrection]. */
function correction(ctx: GetMessageContext, oldOffset: number, newOffset: number): number {
  return !ctx.isSlave || ctx.config.offsetCheckInSlave ? newOffset : oldOffset;
}

function isBatchFull(
  ctx: GetMessageContext,
  sizePy: number,
  maxMsgNums: number,
  bufferTotal: number,
  count: number,
  inDisk: boolean,
): boolean {
  if (bufferTotal === 0 || count === 0) return false;
  if (maxMsgNums <= count) return true;
  const c = ctx.config;
  const maxBytes = inDisk ? c.maxTransferBytesOnMessageInDisk : c.maxTransferBytesOnMessageInMemory;
  const maxCount = inDisk ? c.maxTransferCountOnMessageInDisk : c.maxTransferCountOnMessageInMemory;
  return bufferTotal + sizePy > maxBytes || count > maxCount - 1;
}

function result(status: GetMessageStatus, next: number, min: number, max: number): GetMessageResult<never> {
  return {
    status,
    nextBeginOffset: next,
    minOffset: min,
    maxOffset: max,
    messages: NO_MESSAGES,
    suggestPullingFromSlave: false,
  };
}

export function getMessage<T>(
  ctx: GetMessageContext,
  q: ConsumeQueue | undefined,
  offset: number,
  maxMsgNums: number,
  read: RecordReader<T>,
): GetMessageResult<T> {
  // NB: RocketMQ creates an unknown queue on lookup, so it answers NO_MESSAGE_IN_QUEUE, not NO_MATCHED_LOGIC_QUEUE.
  if (q === undefined || q.maxOffset === 0) return result('NO_MESSAGE_IN_QUEUE', correction(ctx, offset, 0), 0, 0);
  const min = q.minLogicOffset;
  const max = q.maxOffset;
  if (offset < min) return result('OFFSET_TOO_SMALL', correction(ctx, offset, min), min, max);
  if (offset === max) return result('OFFSET_OVERFLOW_ONE', correction(ctx, offset, offset), min, max);
  // 4.9.4+ corrects an offset above max to max; before, to min when min was 0, replaying the whole queue (§7 f).
  if (offset > max)
    return result(
      'OFFSET_OVERFLOW_BADLY',
      correction(ctx, offset, ctx.overflowCorrectsToMin && min === 0 ? min : max),
      min,
      max,
    );
  return readEntries(ctx, q, offset, maxMsgNums, min, max, read);
}

function readEntries<T>(
  ctx: GetMessageContext,
  q: ConsumeQueue,
  offset: number,
  maxMsgNums: number,
  min: number,
  max: number,
  read: RecordReader<T>,
): GetMessageResult<T> {
  const log = ctx.commitLog;
  const maxOffsetPy = log.maxOffset;
  const memory = inMemoryWindowBytes(ctx.config);
  const maxFilterCount = Math.max(16_000, maxMsgNums * 20);
  const messages: T[] = [];
  let status: GetMessageStatus = 'NO_MATCHED_MESSAGE';
  let bufferTotal = 0;
  let maxPhyPulling = 0;
  let scanned = 0;
  for (let e = offset - q.baseOffset; e < q.length && scanned < maxFilterCount; e++, scanned++) {
    const phy = q.phy(e);
    const size = q.size(e);
    if (phy + size > maxOffsetPy)
      fail(`consume queue ${q.path}: entry ${e} ends at ${phy + size}, past the commit log end ${maxOffsetPy}`);
    maxPhyPulling = phy;
    if (isBatchFull(ctx, size, maxMsgNums, bufferTotal, messages.length, maxOffsetPy - phy > memory)) break;
    if (phy < ctx.minPhysical) {
      if (bufferTotal === 0) status = 'MESSAGE_WAS_REMOVING';
      continue;
    }
    const i = log.indexOf(phy);
    if (i < 0) {
      // NB: an index entry that points at no record (stale or corrupt): RocketMQ's "found null".
      if (bufferTotal === 0) status = 'OFFSET_FOUND_NULL';
      continue;
    }
    messages.push(read(log, i));
    bufferTotal += size;
    status = 'FOUND';
  }
  return {
    status,
    nextBeginOffset: offset + scanned,
    minOffset: min,
    maxOffset: max,
    messages,
    suggestPullingFromSlave: maxOffsetPy - maxPhyPulling > memory,
  };
}
