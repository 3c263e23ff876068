// The broker's message store: one CommitLog (all topics, physical byte
// offsets) plus a ConsumeQueue per (topic, queueId), both on the host's
// simulated disk, with the flush services, dispatch, recovery and the reads
// that pulls, send-back and HA need. Crash semantics come from the disk
// model: a process crash keeps the page cache, power loss keeps what was
// fsynced (maybe with a torn tail that recovery truncates).
// Mirrors [R4 DMS] DefaultMessageStore, [R4 CL] CommitLog, [R4 CQ] ConsumeQueue
// (docs/model.md §3.2, §3.3, §3.6, §3.7, §7(f)).
//
// How the broker drives it:
// - construct once per process incarnation, then `start(port)` (recovery);
// - forward `onTimer` names starting with `store:` to `handleTimer`, and every
//   `onDiskDone` to `handleDiskDone` (each returns false when it was not the store's);
// - run the flush services' computed ticks due by now with `runTicks` first in
//   every handler and when the process settles, and pass on `resumed` and
//   `clockMoved` (DLedger's flush rounds share the host's disk stream: a DLedger
//   broker interleaves both in time order, BrokerNode.catchUp);
// - `putMessage` on a master; `readForReplication` / `appendReplicated` for classic HA;
// - DLedger mode: construct with `confirmMode: 'manual'`. The leader appends with
//   `putMessage`, followers with `appendReplicated`; the broker raises the commit
//   position with `setConfirmOffset` (dispatch never exposes records beyond it, as
//   DLedgerCommitLog.getMaxOffset returns the committed position), and cuts a
//   divergent uncommitted suffix with `truncateTo`. (No separate appendCommitted.)
import { assert, fail, type DiskCompletion } from '../../engine/index.js';
import type { MessageExt } from '../../protocol/index.js';
import { CommitLog } from './commit-log.js';
import type { StoreBrokerRole, StoreConfig } from './config.js';
import { ReputService } from './reput-service.js';
import { CommitLogFlusher } from './flush-service.js';
import { getMessage, inMemoryWindowBytes, type GetMessageContext, type RecordReader } from './get-message.js';
import { QueueTable } from './queue-table.js';
import { QueueFlusher } from './queue-flusher.js';
import { recoverCommitLogAndQueues } from './recovery.js';
import { checkReplicatedBatch, readForReplication } from './replication.js';
import { fieldsFromRecord, fieldsFromRequest, refused, validatePut } from './put.js';
import { F_PHY, F_SIZE } from './message-arena.js';
import { emptyRecordFields, encodedSize } from './record-codec.js';
import type {
  AppendReplicatedResult,
  GetMessageResult,
  MessageStoreOptions,
  PutMessageRequest,
  PutMessageResult,
  QueueInfo,
  ReadForReplicationResult,
  RecoveryReport,
  StorePort,
  StorePositions,
  StoreRecord,
} from './types.js';

export type * from './types.js';

/** Prefix of every timer the store sets; the broker forwards these to handleTimer. */
export const STORE_TIMER_PREFIX = 'store:';

/** Content of the abort marker file while the store runs, and after a clean shutdown ([R4 DMS] abort file). */
const ABORT_RUNNING = 'running',
  ABORT_CLEAN = 'clean';

const readUid: RecordReader<number> = (log, i) => log.uid(i);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class MessageStore {
  private readonly commitLog: CommitLog;
  private readonly queues: QueueTable;
  private readonly flusher: CommitLogFlusher;
  private readonly queueFlusher: QueueFlusher;
  private readonly dispatcher: ReputService;
  private readonly fields = emptyRecordFields();
  private readonly lookupCtx: Mutable<GetMessageContext>;
  /** Reads a pulled record as a MessageExt (bound once: every pull reads through it). */
  private readonly readExt: RecordReader<MessageExt> = (log, i) =>
    log.messageExt(i, this.options.interner, this.options.brokerName);
  private readonly manualConfirm: boolean;
  private readonly abortPath: string;
  private readonly minPhysicalPath: string;
  private role: StoreBrokerRole;
  private started = false;
  /** 'manual' mode: dispatch bound (Raft committed position). */
  private confirmOffset = 0;
  private minPhysical = 0;

  constructor(readonly options: MessageStoreOptions) {
    const { storeName, disk, config, interner } = options;
    this.commitLog = new CommitLog(disk, `${storeName}/commitlog`, interner);
    this.queues = new QueueTable(disk, storeName, interner);
    this.flusher = new CommitLogFlusher(config, this.commitLog, options.listener);
    this.queueFlusher = new QueueFlusher(config, this.queues);
    this.dispatcher = new ReputService(this.commitLog, this.queues, interner, options.listener);
    this.manualConfirm = options.confirmMode === 'manual';
    this.abortPath = `${storeName}/abort`;
    this.minPhysicalPath = `${storeName}/min-physical-offset`;
    this.role = config.brokerRole;
    this.lookupCtx = {
      config,
      commitLog: this.commitLog,
      interner,
      brokerName: options.brokerName,
      isSlave: this.role === 'SLAVE',
      minPhysical: 0,
      overflowCorrectsToMin: options.overflowCorrectsToMin === true,
    };
  }

  /**
   * Opens the logs and recovers (§3.6, recovery.ts): truncates a torn/corrupt
   * commit-log tail, truncates consume-queue entries at or beyond the recovered
   * end (so queue offsets get reused), re-dispatches records missing from the
   * consume queues, then writes the abort marker and starts the flush timers.
   * Call once, from the broker's onStart.
   */
  start(port: StorePort): RecoveryReport {
    assert(!this.started, `store ${this.options.storeName} started twice`);
    const disk = this.options.disk;
    const abnormal = disk.readFile(this.abortPath) === ABORT_RUNNING;
    this.minPhysical = Number(disk.readFile(this.minPhysicalPath) ?? '0');
    const out = recoverCommitLogAndQueues(this.commitLog, this.queues, this.manualConfirm ? 'manual' : 'auto');
    this.dispatcher.dispatchedRecords = out.dispatchedRecords;
    this.confirmOffset = out.dispatchLimit;
    this.queues.correctMinOffsets(this.minPhysical);
    disk.writeFile(this.abortPath, ABORT_RUNNING);
    disk.fsync(this.abortPath);
    this.flusher.start(port);
    this.queueFlusher.start(port);
    this.started = true;
    const { dispatchedRecords: _d, dispatchLimit: _l, ...report } = out;
    return { abnormal, ...report };
  }

  /** Clean shutdown: flushes everything and marks the abort file clean; later puts are refused. */
  shutdown(port: StorePort): void {
    this.flusher.flushNow(port);
    this.queueFlusher.flush(port, 0);
    this.options.disk.writeFile(this.abortPath, ABORT_CLEAN);
    this.options.disk.fsync(this.abortPath);
    this.started = false;
  }

  /**
   * Appends one message to the commit log (page cache) and dispatches it up to the confirm
   * offset. Refusals: SERVICE_NOT_AVAILABLE (role SLAVE, not started, disk full),
   * MESSAGE_ILLEGAL (too large, bad topic or fields). Under SYNC_FLUSH with waitStoreMsgOK
   * (default) awaitingFlush is true: the final status comes via listener.onPutDurable(putId).
   */
  putMessage(port: StorePort, req: PutMessageRequest): PutMessageResult {
    const now = port.now();
    if (!this.started) return refused('SERVICE_NOT_AVAILABLE', 'message store is not running', now);
    if (this.role === 'SLAVE') return refused('SERVICE_NOT_AVAILABLE', 'message store is a SLAVE', now);
    const illegal = validatePut(req, this.config) || fieldsFromRequest(req, this.options.interner, now, this.fields);
    if (illegal !== '') return refused('MESSAGE_ILLEGAL', illegal, now);
    const q = this.queues.getOrCreate(this.fields.topicId, req.queueId);
    this.fields.queueOffset = q.nextPutOffset;
    const bytes = encodedSize(req.bodyBytes, req.topic, req.keys, req.realTopic ?? '', req.delayLevel ?? 0);
    const i = this.commitLog.append(this.fields, bytes);
    if (i < 0) return refused('SERVICE_NOT_AVAILABLE', 'disk full', now);
    q.nextPutOffset++;
    this.dispatch(port);
    const end = this.commitLog.endOf(i);
    const putId = this.flusher.onAppended(port, end, req.waitStoreMsgOK ?? true);
    return {
      status: 'PUT_OK',
      awaitingFlush: putId !== 0,
      putId,
      commitLogOffset: end - bytes,
      endOffset: end,
      msgBytes: bytes,
      queueOffset: this.fields.queueOffset,
      storeTimestampUs: now,
      remark: '',
    };
  }

  /** A timer fired; false if the name is not the store's (`store:*`). */
  handleTimer(port: StorePort, name: string): boolean {
    if (!name.startsWith(STORE_TIMER_PREFIX)) return false;
    if (!this.started) return true;
    if (!this.flusher.handleTimer(port, name)) fail(`store ${this.options.storeName}: unknown timer ${name}`);
    return true;
  }

  /** The flush services' next computed tick, -1 when none is due (asleep, or the store is not running). */
  get nextTickUs(): number {
    if (!this.started) return -1;
    const a = this.flusher.nextTickUs;
    const b = this.queueFlusher.nextTickUs;
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /** Runs every computed flush tick due by untilUs (<= now), in time order, the commit log's first at a tie. */
  runTicks(port: StorePort, untilUs: number = port.now()): void {
    for (let t = this.nextTickUs; t >= 0 && t <= untilUs; t = this.nextTickUs) {
      if (this.flusher.nextTickUs === t) this.flusher.tick(port, t);
      else this.queueFlusher.tick(port, t);
    }
  }

  /** After a pause: ticks due while the process stood still run at the resume. */
  resumed(nowUs: number): void {
    this.flusher.resumed(nowUs);
    this.queueFlusher.resumed(nowUs);
  }

  /** The process clock moved by deltaUs: the next ticks move with it. */
  clockMoved(deltaUs: number): void {
    this.flusher.clockMoved(deltaUs);
    this.queueFlusher.clockMoved(deltaUs);
  }

  /** An fsync completed. Returns false if it was not of one of the store's files. */
  handleDiskDone(port: StorePort, done: DiskCompletion): boolean {
    if (!done.path.startsWith(`${this.options.storeName}/`)) return false;
    if (!this.flusher.handleDiskDone(port, done)) this.queueFlusher.handleDiskDone(done);
    return true;
  }

  /** §3.7 lookup of up to maxMsgNums messages of a queue from a logical offset (get-message.ts). */
  getMessage(topic: string, queueId: number, offset: number, maxMsgNums: number): GetMessageResult {
    return this.lookup(topic, queueId, offset, maxMsgNums, this.readExt);
  }

  /**
   * The uid of the message a pull of one message at this logical offset would return, without
   * decoding it (checkers ask this of every acked message on every member at the end of a run).
   */
  uidAt(topic: string, queueId: number, offset: number): number | undefined {
    return this.lookup(topic, queueId, offset, 1, readUid).messages[0];
  }

  private lookup<T>(
    topic: string,
    queueId: number,
    offset: number,
    maxMsgNums: number,
    read: RecordReader<T>,
  ): GetMessageResult<T> {
    // One context per store, brought up to date per lookup (every pull looks up, often twice).
    const ctx = this.lookupCtx;
    ctx.isSlave = this.role === 'SLAVE';
    ctx.minPhysical = this.minPhysical;
    return getMessage(ctx, this.queues.findByName(topic, queueId), offset, maxMsgNums, read);
  }

  /** Logical offset after the queue's last dispatched entry; 0 if unknown. */
  maxOffsetInQueue(topic: string, queueId: number): number {
    return this.queues.findByName(topic, queueId)?.maxOffset ?? 0;
  }

  /** Smallest logical offset still readable; 0 if unknown. */
  minOffsetInQueue(topic: string, queueId: number): number {
    return this.queues.findByName(topic, queueId)?.minLogicOffset ?? 0;
  }

  /** True if the message at this logical offset lies within the in-memory window (§3.9 QUERY_CONSUMER_OFFSET). */
  isInMemory(topic: string, queueId: number, offset: number): boolean {
    const q = this.queues.findByName(topic, queueId);
    if (q === undefined || offset < q.minLogicOffset || offset >= q.maxOffset) return false;
    return this.commitLog.maxOffset - q.phy(offset - q.baseOffset) <= inMemoryWindowBytes(this.config);
  }

  /** The message whose record starts at this physical offset (send-back, §3.10), if readable. */
  lookupMessage(commitLogOffset: number): MessageExt | undefined {
    const i = this.readableIndex(commitLogOffset);
    return i < 0 ? undefined : this.commitLog.messageExt(i, this.options.interner, this.options.brokerName);
  }

  /** The full record at this physical offset (delay/transaction properties included), if readable. */
  lookupRecord(commitLogOffset: number): StoreRecord | undefined {
    const i = this.readableIndex(commitLogOffset);
    return i < 0 ? undefined : this.commitLog.record(i, this.options.interner);
  }

  /** Every queue known to the store, sorted by topic then queueId. */
  listQueues(): QueueInfo[] {
    return this.queues.infos();
  }

  /**
   * Master side of classic HA: records starting exactly at `fromPhysicalOffset`
   * (a record boundary), at most maxBytes in total but at least one record when
   * any is available. Reads up to the appended position: unflushed data ships too.
   */
  readForReplication(fromPhysicalOffset: number, maxBytes: number): ReadForReplicationResult {
    return readForReplication(this.commitLog, this.options.interner, this.minPhysical, fromPhysicalOffset, maxBytes);
  }

  /**
   * Slave side of classic HA (and DLedger followers): appends records shipped from
   * the master. `fromPhysicalOffset` must equal this store's max physical offset and
   * the records must be contiguous from it, else the batch is rejected whole (the
   * real slave drops the connection). Records keep the master's queue offsets,
   * store timestamps and sizes. Allowed whatever the role. `headBytes` (classic
   * HA resumed mid-record, replication.ts) are stored first as one gap: bytes
   * that are not a message, at which dispatch and recovery stop.
   */
  appendReplicated(
    port: StorePort,
    fromPhysicalOffset: number,
    records: readonly StoreRecord[],
    headBytes = 0,
  ): AppendReplicatedResult {
    const checked = checkReplicatedBatch(this.commitLog.maxOffset, fromPhysicalOffset, headBytes, records);
    if (!checked.ok) return checked;
    if (headBytes > 0 && this.commitLog.appendGap(headBytes) < 0)
      return { ok: false, reason: 'DISK_FULL', maxPhysicalOffset: this.commitLog.maxOffset };
    let appended = 0;
    for (const r of records) {
      const why = fieldsFromRecord(r, this.options.interner, this.fields);
      if (why !== '') assert(false, `replicated record at ${r.commitLogOffset} cannot be stored: ${why}`);
      if (this.commitLog.append(this.fields, r.sizeBytes) < 0) break;
      const q = this.queues.getOrCreate(this.fields.topicId, r.queueId);
      q.nextPutOffset = Math.max(q.nextPutOffset, r.queueOffset + 1);
      appended++;
    }
    this.dispatch(port);
    if (appended > 0 || headBytes > 0) this.flusher.onAppended(port, this.commitLog.maxOffset, false);
    const maxPhysicalOffset = this.commitLog.maxOffset;
    return appended === records.length
      ? { ok: true, appended, maxPhysicalOffset }
      : { ok: false, reason: 'DISK_FULL', maxPhysicalOffset };
  }

  /** The arena ref of the record starting at `physicalOffset` (what a DLedger entry carries). */
  recordRefAt(physicalOffset: number): number {
    const log = this.commitLog;
    const last = log.recordCount - 1;
    const i = last >= 0 && log.startOf(last) === physicalOffset ? last : log.indexOf(physicalOffset);
    if (i < 0) assert(false, `no record starts at ${physicalOffset}`);
    return log.refAt(i);
  }

  /**
   * DLedger followers: appendReplicated of the one record `ref` of the run's
   * MessageArena (its fields, offset and size as the storing master wrote them),
   * kept by reference instead of copied. Same checks and effects as appendReplicated.
   */
  appendReplicatedRef(port: StorePort, ref: number): AppendReplicatedResult {
    const log = this.commitLog;
    const from = log.arena.get(ref, F_PHY);
    const size = log.arena.get(ref, F_SIZE);
    if (from !== log.maxOffset) return { ok: false, reason: 'OFFSET_MISMATCH', maxPhysicalOffset: log.maxOffset };
    if (size <= 0) return { ok: false, reason: 'RECORD_NOT_CONTIGUOUS', maxPhysicalOffset: log.maxOffset };
    const i = log.appendRef(ref, size);
    if (i >= 0) {
      const q = this.queues.getOrCreate(log.topicId(i), log.queueId(i));
      q.nextPutOffset = Math.max(q.nextPutOffset, log.queueOffset(i) + 1);
    }
    this.dispatch(port);
    if (i >= 0) this.flusher.onAppended(port, log.maxOffset, false);
    const maxPhysicalOffset = log.maxOffset;
    return i >= 0
      ? { ok: true, appended: 1, maxPhysicalOffset }
      : { ok: false, reason: 'DISK_FULL', maxPhysicalOffset };
  }

  /**
   * DLedger ('manual' confirm mode): records ending at or before `offset` may be
   * dispatched. Lower values are ignored; must be a record boundary <= appended.
   */
  setConfirmOffset(port: StorePort, offset: number): void {
    assert(this.manualConfirm, 'setConfirmOffset needs confirmMode manual');
    if (offset > this.commitLog.maxOffset)
      assert(false, `confirm offset ${offset} beyond the log end ${this.commitLog.maxOffset}`);
    if (offset <= this.confirmOffset) return;
    if (offset !== this.commitLog.maxOffset && this.commitLog.indexOf(offset) < 0)
      assert(false, `confirm offset ${offset} is not a record boundary`);
    this.confirmOffset = offset;
    this.dispatch(port);
  }

  /**
   * DLedger: drops every record starting at or after `physicalOffset` (a divergent,
   * uncommitted suffix); the cut must be a record boundary >= the dispatched position.
   * Queue offsets of the dropped records become free again.
   */
  truncateTo(_port: StorePort, physicalOffset: number): void {
    const log = this.commitLog;
    if (physicalOffset >= log.maxOffset) return;
    assert(
      physicalOffset >= this.dispatcher.dispatchedOffset,
      `cannot truncate below the dispatched position (${physicalOffset})`,
    );
    const cut = log.indexOf(physicalOffset);
    assert(cut >= 0, `truncate offset ${physicalOffset} is not a record boundary`);
    this.queues.releaseQueueOffsets(log, cut);
    log.truncate(cut);
    if (this.dispatcher.dispatchedOffset > log.maxOffset)
      fail(`truncate to ${physicalOffset}: consume queues would point past the log end`);
  }

  /**
   * Retention (deleteExpiredFiles): records before `physicalOffset` become unreadable
   * and consume-queue minimum offsets move past them. Persisted.
   */
  expireBefore(port: StorePort, physicalOffset: number): void {
    assert(physicalOffset <= this.commitLog.maxOffset, `cannot expire beyond the log end (${physicalOffset})`);
    if (physicalOffset <= this.minPhysical) return;
    this.minPhysical = physicalOffset;
    this.options.disk.writeFile(this.minPhysicalPath, String(physicalOffset));
    port.disk.fsync(this.minPhysicalPath);
    this.queues.correctMinOffsets(this.minPhysical);
  }

  /** SLAVE refuses puts with SERVICE_NOT_AVAILABLE (and never corrects pull offsets); set on role changes. */
  setBrokerRole(role: StoreBrokerRole): void {
    this.role = role;
  }
  get brokerRole(): StoreBrokerRole {
    return this.role;
  }

  get config(): StoreConfig {
    return this.options.config;
  }

  /** appended / flushed / confirmed / dispatched / minPhysical physical offsets. */
  get positions(): StorePositions {
    const appended = this.commitLog.maxOffset;
    const confirmed = this.manualConfirm ? this.confirmOffset : appended;
    return {
      appended,
      flushed: this.commitLog.flushedOffset,
      confirmed,
      dispatched: this.dispatcher.dispatchedOffset,
      minPhysical: this.minPhysical,
    };
  }

  /** positions.appended without building the positions (hot: the DLedger apply loop reads it per entry). */
  get appendedOffset(): number {
    return this.commitLog.maxOffset;
  }

  /** Number of records in the commit log (page cache). */
  get recordCount(): number {
    return this.commitLog.recordCount;
  }

  /** SYNC_FLUSH puts still waiting for their fsync. */
  get waitingForFlush(): number {
    return this.flusher.waiting;
  }
  private dispatch(port: StorePort): void {
    // Compared by count, not offset (records have sizes > 0): the offset is a log read, twice per call.
    const before = this.dispatcher.dispatchedRecords;
    this.dispatcher.dispatchUpTo(this.manualConfirm ? this.confirmOffset : this.commitLog.maxOffset);
    if (this.dispatcher.dispatchedRecords !== before) this.queueFlusher.wake(port);
  }

  private readableIndex(commitLogOffset: number): number {
    const i = commitLogOffset < this.minPhysical ? -1 : this.commitLog.indexOf(commitLogOffset);
    return i >= 0 && this.commitLog.isGap(i) ? -1 : i;
  }

  /**
   * Where dispatch stopped for good at a gap (bytes that are not a message), or -1. A classic slave's
   * ReputMessageService that reads a bad magic code does not move on (`doNext = false`; only a master or a DLedger
   * store skips ahead): its consume queues stop growing until a restart's recovery truncates the log there
   * ([R4 DMS] ReputMessageService.doReput, [R4 CL] recoverNormally).
   */
  get reputStoppedAt(): number {
    const next = this.dispatcher.dispatchedRecords;
    return next < this.commitLog.recordCount && this.commitLog.isGap(next) ? this.commitLog.startOf(next) : -1;
  }

  /** Whether the commit log holds message `uid` past a stopped dispatch (bytes acked by HA but never served). */
  holdsPastReputStop(uid: number): boolean {
    const log = this.commitLog;
    if (this.reputStoppedAt < 0) return false;
    for (let i = this.dispatcher.dispatchedRecords + 1; i < log.recordCount; i++)
      if (!log.isGap(i) && log.uid(i) === uid) return true;
    return false;
  }
}
