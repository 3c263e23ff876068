// The broker's message store: one CommitLog (all topics, physical byte
// offsets) plus a ConsumeQueue per (topic, queueId), both on the host's
// simulated disk, with the flush services, dispatch, recovery and the reads
// that pulls, send-back and HA need. Crash semantics come from the disk
// model: a process crash keeps the page cache, power loss keeps what was
// fsynced (maybe with a torn tail that recovery truncates).
// Mirrors [R4 DMS] DefaultMessageStore, [R4 CL] CommitLog, [R4 CQ] ConsumeQueue
// (rocketmq-model.md §3.2, §3.3, §3.6, §3.7, §7(f)).
//
// How the broker drives it:
// - construct once per process incarnation, then `start(port)` (recovery);
// - forward `onTimer` names starting with `store:` to `handleTimer`, and every
//   `onDiskDone` to `handleDiskDone` (each returns false when it was not the store's);
// - `putMessage` on a master; `readForReplication` / `appendReplicated` for classic HA;
// - DLedger mode: construct with `confirmMode: 'manual'`. The leader appends with
//   `putMessage`, followers with `appendReplicated`; the broker raises the commit
//   position with `setConfirmOffset` (dispatch never exposes records beyond it, as
//   DLedgerCommitLog.getMaxOffset returns the committed position), and cuts a
//   divergent uncommitted suffix with `truncateTo`. (No separate appendCommitted.)
import { SimInvariantError, type DiskCompletion, type DiskView } from '../../engine/index.js';
import type { MessageExt } from '../../protocol/index.js';
import type { StoreBrokerRole, StoreConfig } from './config.js';
import type { Interner } from './interner.js';
import type {
  AppendReplicatedResult, GetMessageResult, PutMessageRequest, PutMessageResult, ReadForReplicationResult,
  RecoveryReport, StoreListener, StorePort, StorePositions, StoreRecord,
} from './types.js';

export type * from './types.js';

/** Prefix of every timer the store sets; the broker forwards these to handleTimer. */
export const STORE_TIMER_PREFIX = 'store:';

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

const notImplemented = (): never => {
  throw new SimInvariantError('not implemented');
};

export class MessageStore {
  constructor(readonly options: MessageStoreOptions) {}

  /**
   * Opens the logs and recovers (§3.6): with the abort file present, scans the
   * commit log, truncates a torn/corrupt tail, truncates consume-queue entries
   * at or beyond the recovered end (so queue offsets get reused), re-dispatches
   * records missing from the consume queues, then creates the abort file and
   * starts the flush timers. Call once, from the broker's onStart.
   */
  start(_port: StorePort): RecoveryReport {
    return notImplemented();
  }

  /** Clean shutdown: flushes and removes the abort marker so the next start recovers normally. */
  shutdown(_port: StorePort): void {
    notImplemented();
  }

  /**
   * Appends one message to the commit log (page cache) and dispatches it up to the
   * confirm offset. Refusals: SERVICE_NOT_AVAILABLE (role SLAVE, not started, disk
   * full), MESSAGE_ILLEGAL (body too large or bad queue). Under SYNC_FLUSH with
   * waitStoreMsgOK, the result has awaitingFlush = true and the final status comes
   * through listener.onPutDurable(putId, ...).
   */
  putMessage(_port: StorePort, _req: PutMessageRequest): PutMessageResult {
    return notImplemented();
  }

  /** A timer whose name starts with `store:` fired. Returns false if the name is not the store's. */
  handleTimer(_port: StorePort, _name: string): boolean {
    return notImplemented();
  }

  /** An fsync completed. Returns false if it was not one the store issued. */
  handleDiskDone(_port: StorePort, _done: DiskCompletion): boolean {
    return notImplemented();
  }

  /** §3.7 lookup of up to maxMsgNums messages of a queue from a logical offset. */
  getMessage(_topic: string, _queueId: number, _offset: number, _maxMsgNums: number): GetMessageResult {
    return notImplemented();
  }

  /** Next logical offset of the queue (its number of dispatched entries, plus its base); 0 if unknown. */
  maxOffsetInQueue(_topic: string, _queueId: number): number {
    return notImplemented();
  }

  /** Smallest logical offset still readable; 0 if unknown. */
  minOffsetInQueue(_topic: string, _queueId: number): number {
    return notImplemented();
  }

  /** True if the message at this logical offset lies within the in-memory window (§3.9 QUERY_CONSUMER_OFFSET). */
  isInMemory(_topic: string, _queueId: number, _offset: number): boolean {
    return notImplemented();
  }

  /** The message whose record starts at this physical offset (send-back, §3.10), if any. */
  lookupMessage(_commitLogOffset: number): MessageExt | undefined {
    return notImplemented();
  }

  /** Every queue known to the store, sorted by topic then queueId. */
  listQueues(): QueueInfo[] {
    return notImplemented();
  }

  /**
   * Master side of classic HA: records starting exactly at `fromPhysicalOffset`
   * (which must be a record boundary), at most maxBytes in total but at least one
   * record when any is available. Records are read up to the appended position
   * (unflushed data is shipped, as in RocketMQ).
   */
  readForReplication(_fromPhysicalOffset: number, _maxBytes: number): ReadForReplicationResult {
    return notImplemented();
  }

  /**
   * Slave side of classic HA (and DLedger followers): appends records shipped from
   * the master. `fromPhysicalOffset` must equal this store's max physical offset and
   * every record's commitLogOffset must follow the previous one, else the batch is
   * rejected whole (the real slave drops the connection). Records keep the master's
   * queue offsets and store timestamps. Allowed whatever the role.
   */
  appendReplicated(_port: StorePort, _fromPhysicalOffset: number, _records: readonly StoreRecord[]): AppendReplicatedResult {
    return notImplemented();
  }

  /**
   * DLedger ('manual' confirm mode): records ending at or before `offset` may be
   * dispatched. Never moves backwards; must be a record boundary <= appended.
   */
  setConfirmOffset(_port: StorePort, _offset: number): void {
    notImplemented();
  }

  /**
   * DLedger: drops every record starting at or after `physicalOffset` (a divergent,
   * uncommitted suffix); the cut must be a record boundary >= the dispatched position.
   * Queue offsets of the dropped records become free again.
   */
  truncateTo(_port: StorePort, _physicalOffset: number): void {
    notImplemented();
  }

  /**
   * Retention (deleteExpiredFiles): records before `physicalOffset` become unreadable,
   * consume-queue minimum offsets move past them. Persisted.
   */
  expireBefore(_port: StorePort, _physicalOffset: number): void {
    notImplemented();
  }

  /** SLAVE refuses puts with SERVICE_NOT_AVAILABLE; the broker sets this on role changes. */
  setBrokerRole(_role: StoreBrokerRole): void {
    notImplemented();
  }

  get brokerRole(): StoreBrokerRole {
    return notImplemented();
  }

  /** appended / flushed / confirmed / dispatched / minPhysical physical offsets. */
  get positions(): StorePositions {
    return notImplemented();
  }

  /** Number of records in the commit log (page cache). */
  get recordCount(): number {
    return notImplemented();
  }

  get config(): StoreConfig {
    return this.options.config;
  }
}
