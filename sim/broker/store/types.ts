// Public types of the broker's message store: the port through which it
// reaches time, timers and the disk, the listener the broker implements, and
// the request/result values of put, get, replication and recovery. Statuses
// use RocketMQ's names (PutMessageStatus, GetMessageStatus, AppendMessageStatus).
// Mirrors [R4 DMS] DefaultMessageStore's public surface and [R4 CL] CommitLog.
import type { DiskView, Micros } from '../../engine/index.js';
import type { MessageExt, MsgUid, StoreTimer } from '../../protocol/index.js';
import type { StoreConfig } from './config.js';
import type { Interner } from '../../engine/index.js';
import type { HaRecord } from '../../protocol/index.js';

/**
 * The store's narrow door to the world. The broker's NodeContext satisfies it.
 * The store's timers are all named `store:*`; the broker forwards their expiry
 * to `MessageStore.handleTimer` and every fsync completion to `handleDiskDone`.
 */
export interface StorePort {
  now(): Micros;
  setTimer(name: StoreTimer, delayUs: Micros): void;
  cancelTimer(name: StoreTimer): void;
  readonly disk: DiskView;
}

/** Callbacks the broker implements. Both are called synchronously from store methods. */
export interface StoreListener {
  /**
   * SYNC_FLUSH with wait: the final outcome of put `putId` (PUT_OK once its end
   * offset is fsynced; FLUSH_DISK_TIMEOUT after syncFlushTimeout or failed flushes).
   * Called from `handleDiskDone` / `handleTimer`. Never called for a put whose
   * result had `awaitingFlush: false`.
   */
  onPutDurable(putId: number, status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT'): void;
  /**
   * A message became pullable (dispatched to its consume queue); the broker
   * wakes held long-poll pulls of (topic, queueId) [R4 DMS ReputMessageService
   * -> NotifyMessageArrivingListener]. Optional.
   */
  onMessageArrived?(topic: string, queueId: number, queueOffset: number): void;
}

/** [R4 PutMessageStatus] store-level outcome of a put. */
export type PutMessageStatus =
  | 'PUT_OK'
  | 'FLUSH_DISK_TIMEOUT'
  | 'FLUSH_SLAVE_TIMEOUT'
  | 'SLAVE_NOT_AVAILABLE'
  | 'SERVICE_NOT_AVAILABLE'
  | 'CREATE_MAPEDFILE_FAILED'
  | 'MESSAGE_ILLEGAL'
  | 'PROPERTIES_SIZE_EXCEEDED'
  | 'OS_PAGECACHE_BUSY'
  | 'UNKNOWN_ERROR';

/** What the broker asks the store to append (the parts of MessageExtBrokerInner rmqsim models). */
export interface PutMessageRequest {
  readonly topic: string;
  readonly queueId: number;
  readonly uid: MsgUid;
  /** KEYS property; '' when none. */
  readonly keys: string;
  readonly bodyBytes: number;
  readonly bornTimestampUs: Micros;
  readonly reconsumeTimes: number;
  /** Retries: the original message's uid and topic; otherwise the message's own. */
  readonly originUid: MsgUid;
  readonly originTopic: string;
  /** Consume-queue tags code (tag hash; for the schedule topic, the delivery time). Default 0. */
  readonly tagsCode?: number;
  /** DELAY property (1..18); 0 = none. Default 0. */
  readonly delayLevel?: number;
  /** REAL_TOPIC / REAL_QID properties of a delayed or half message; '' / 0 when none. */
  readonly realTopic?: string;
  readonly realQueueId?: number;
  /** MessageSysFlag bits (transaction type etc.). Default 0. */
  readonly sysFlag?: number;
  /** WAIT property (waitStoreMsgOK): SYNC_FLUSH waits for the fsync. Default true. */
  readonly waitStoreMsgOK?: boolean;
}

export interface PutMessageResult {
  /**
   * PUT_OK when appended. If `awaitingFlush` is true the final status (PUT_OK or
   * FLUSH_DISK_TIMEOUT) arrives later through `StoreListener.onPutDurable(putId)`.
   * Failures (SERVICE_NOT_AVAILABLE, MESSAGE_ILLEGAL, ...) mean nothing was stored.
   */
  readonly status: PutMessageStatus;
  readonly awaitingFlush: boolean;
  /** Ticket for onPutDurable; 0 when not awaiting. */
  readonly putId: number;
  /** Physical offset where the record starts (the message's commitLogOffset); -1 when not stored. */
  readonly commitLogOffset: number;
  /** Physical offset just past the record: what a flush or a slave must reach to cover it; -1 when not stored. */
  readonly endOffset: number;
  /** Record size in the commit log; 0 when not stored. */
  readonly msgBytes: number;
  /** Logical offset in its consume queue; -1 when not stored. */
  readonly queueOffset: number;
  readonly storeTimestampUs: Micros;
  /** Why it was refused, for a learner ('' on success). */
  readonly remark: string;
}

/** [R4 GetMessageStatus]. */
export type GetMessageStatus =
  | 'FOUND'
  | 'NO_MATCHED_MESSAGE'
  | 'MESSAGE_WAS_REMOVING'
  | 'OFFSET_FOUND_NULL'
  | 'OFFSET_OVERFLOW_BADLY'
  | 'OFFSET_OVERFLOW_ONE'
  | 'OFFSET_TOO_SMALL'
  | 'NO_MATCHED_LOGIC_QUEUE'
  | 'NO_MESSAGE_IN_QUEUE';

/** [R4 GetMessageResult] what a pull reads from the store (§3.7); T: how each record is read (a MessageExt for a pull). */
export interface GetMessageResult<T = MessageExt> {
  readonly status: GetMessageStatus;
  /** Where the consumer should continue: after the last message returned, or the corrected offset. */
  readonly nextBeginOffset: number;
  readonly minOffset: number;
  readonly maxOffset: number;
  readonly messages: readonly T[];
  /** The pulled data lies more than accessMessageInMemoryMaxRatio of RAM behind the log end (§3.2). */
  readonly suggestPullingFromSlave: boolean;
}

/**
 * One stored record, decoded (a superset of MessageExt; also the unit of
 * replication). Defined once, on the wire, as HaRecord: the master ships
 * records to slaves as they are.
 */
export type StoreRecord = HaRecord;

/** Result of a recovery run at `start` (§3.6). */
export interface RecoveryReport {
  /** True when the abort file was present: the previous process did not shut down cleanly. */
  readonly abnormal: boolean;
  /** Records found valid in the commit log. */
  readonly records: number;
  /** Max physical offset after recovery. */
  readonly maxPhysicalOffset: number;
  /** Commit-log records dropped because their checksum failed (torn/corrupt tail) and everything after. */
  readonly truncatedRecords: number;
  readonly truncatedBytes: number;
  /** Consume-queue entries dropped because they pointed at or beyond the recovered log end. */
  readonly truncatedQueueEntries: number;
  /** Log records re-dispatched into consume queues that had lost (or never had) their entries. */
  readonly redispatched: number;
}

export type ReadForReplicationResult =
  | {
      readonly ok: true;
      /**
       * Bytes at the asked offset before the first record: the tail of a record that starts before it (the
       * offset fell mid-record, as a slave's can after its master lost power). 0 on the common path.
       */
      readonly headBytes: number;
      readonly records: readonly StoreRecord[];
      readonly nextOffset: number;
    }
  | {
      readonly ok: false;
      readonly reason: 'OFFSET_BEYOND_END' | 'OFFSET_EXPIRED';
      readonly maxPhysicalOffset: number;
    };

export type AppendReplicatedResult =
  | { readonly ok: true; readonly appended: number; readonly maxPhysicalOffset: number }
  | {
      readonly ok: false;
      readonly reason: 'OFFSET_MISMATCH' | 'RECORD_NOT_CONTIGUOUS' | 'DISK_FULL';
      readonly maxPhysicalOffset: number;
    };

/** Read-only positions of the store, all physical commit-log byte offsets. */
export interface StorePositions {
  /** End of the last appended record (max physical offset); page cache, not necessarily durable. */
  readonly appended: number;
  /** End of the last fsynced record: survives power loss. */
  readonly flushed: number;
  /** Dispatch may expose records ending at or before this offset (= appended unless confirm is manual). */
  readonly confirmed: number;
  /** End of the last record dispatched to its consume queue (pullable). */
  readonly dispatched: number;
  /** Start of the oldest record still readable (0 unless expired with expireBefore). */
  readonly minPhysical: number;
}

export interface MessageStoreOptions {
  /** Prefix of the store's disk paths, unique per broker process on a host, e.g. "broker-a-0". */
  readonly storeName: string;
  /** The broker group; stamped on every MessageExt the store returns. */
  readonly brokerName: string;
  /** The host's disk (the same one as port.disk). */
  readonly disk: DiskView;
  readonly config: StoreConfig;
  /** Shared by every broker of a run, so record numbers decode the same everywhere. */
  readonly interner: Interner;
  readonly listener?: StoreListener;
  /** Bug switch broker.overflow-corrects-to-min (apache/rocketmq#4215, fixed in 4.9.4); off by default. */
  readonly overflowCorrectsToMin?: boolean;
  /**
   * 'auto' (classic master or slave): confirmed = appended, records are dispatched
   * right after append. 'manual' (DLedger): dispatch stops at the offset set by
   * `setConfirmOffset` (the Raft committed position). Default 'auto'.
   */
  readonly confirmMode?: 'auto' | 'manual';
}

/** One (topic, queueId) as the store knows it. */
export interface QueueInfo {
  readonly topic: string;
  readonly queueId: number;
  readonly minOffset: number;
  readonly maxOffset: number;
}
