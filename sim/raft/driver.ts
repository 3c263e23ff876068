// The adapter that runs a RaftCore on the kernel, and the API a broker uses
// to embed a DLedger member in its own process (DLedger mode, §4.4). It
// owns the core and the member's files, feeds it inputs from the node's
// handlers and applies each Ready in the order ready.ts documents:
// events, persist (page cache, then fsyncs), send, gated sends once their
// fsyncs complete, timers, append results, commit and role notifications.
// A flush loop fsyncs the log every flushIntervalUs (DLedger's 10 ms flush);
// its rounds are computed, not timed, unless ackAfterFsync (flush-loop.ts):
// an embedding node calls catchUp first in every handler, settle, resumed
// and clockMoved (the engine's onSettle, onResume, onClockSkew).
//
// Usage from an embedding node (all methods take the node's context):
//   const raft = new RaftDriver({ selfId, group, peers, config, diskPrefix, host: this });
//   onStart:        raft.start(ctx)
//   onMessage:      if (raft.handleMessage(ctx, from, msg, rpcId)) return;
//   onReply:        if (raft.handleReply(ctx, to, request, outcome)) return;
//   onTimer:        if (raft.handleTimer(ctx, name)) return;   // names start with "raft:"
//   onDiskDone:     if (raft.handleDiskDone(ctx, done)) return;
//   first in every handler, and onSettle: raft.catchUp(ctx)
//   onResume: raft.resumed(ctx); onClockSkew: raft.clockMoved(deltaUs)
//   appends:        const handle = raft.append(ctx, payload, bytes); // result via host.onAppendResult
import {
  laterOf,
  type DiskCompletion,
  type DiskLog,
  type Message,
  type NodeContext,
  type NodeId,
  type RpcOutcome,
} from '../engine/index.js';
import type { RaftConfig } from './config.js';
import { RaftCore, type RaftInput } from './core.js';
import type { RaftEvent } from './events.js';
import { isRaftRequest, isRaftResponse, type PushRequest, type RaftMessage } from './messages.js';
import { PersistGates } from './gates.js';
import type { Outbound, Ready, TimerRequest } from './ready.js';
import {
  ENTRY_HEADER_BYTES,
  encodeHardState,
  logFields,
  logLayout,
  logPath,
  memoryLogReader,
  recover,
  termFilePath,
  writeEntry,
  type RaftLogReader,
} from './storage.js';
import { FlushSchedule } from './flush-loop.js';
import { StepInputs } from './step-inputs.js';
import { RAFT_TIMERS, T_DISK_RETRY, T_FLUSH, timerSlot, type RaftTimer } from './timers.js';
import {
  ENTRY_NOOP,
  type AppendHandle,
  type EntryBytes,
  type EntryData,
  type AppendResult,
  type PeerId,
  type Role,
} from './types.js';

/** The fsyncs of a step that issued none (most steps): shared, never added to. */
const NO_OPS: readonly number[] = Object.freeze([]);

/** A Raft member's context: it arms only RaftTimer names (an embedding node's context may take more). */
export type RaftContext = NodeContext<RaftMessage, RaftEvent, RaftTimer>;

/** What the embedding node hears from its Raft member. */
export interface RaftHost {
  onAppendResult(handle: AppendHandle, result: AppendResult): void;
  onRoleChange(role: Role, term: number, leader: PeerId | undefined): void;
  /** The committed index advanced (entries up to it may be dispatched). */
  onCommit?(committedIndex: number): void;
}

export interface RaftDriverOptions {
  readonly selfId: PeerId;
  readonly group: string;
  readonly peers: readonly PeerId[];
  readonly config: RaftConfig;
  /** Prefix of the member's files on its host's disk, e.g. "dledger/broker-a-0". */
  readonly diskPrefix: string;
  readonly host: RaftHost;
  /** Payload numbers are 32-bit refs (a DLedger broker's entries point into the run's shared records): 4 bytes each. */
  readonly payloadRefs?: boolean;
  /** Entry sizes follow from kind and payload (the log keeps none per entry; see EntryBytes). */
  readonly entryBytes?: EntryBytes;
}

export class RaftDriver {
  /** The last wall-clock reading given to the core (see clockUs). */
  private lastNowUs = 0;
  private core: RaftCore | undefined;
  private reader: RaftLogReader | undefined;
  private dlog: DiskLog | undefined;
  private readonly scratch: number[];
  /** In-flight log fsyncs: opId -> lowest log length seen since issue (a truncation shrinks what it can cover). */
  private readonly logSyncs = new Map<number, number>();
  /** The flush loop's fsync in flight, polled on the loop's next round (undefined: none, or an evented one). */
  private polledSync: number | undefined = undefined;
  private gates: PersistGates | undefined;
  private nextHandle = 1;
  /** A write failed (disk full) with the core already ahead of the disk: silent until space returns (see fence). */
  private fenced = false;
  /**
   * The core's timer deadlines on its own clock, so a wall-clock jump can re-arm them (see handleClockJump);
   * indexed by timerSlot, -1 for a timer not armed.
   */
  private readonly deadlines = new Float64Array(RAFT_TIMERS.length).fill(-1);
  private readonly flushes: FlushSchedule;
  private readonly inputs = new StepInputs();

  constructor(private readonly o: RaftDriverOptions) {
    this.scratch = new Array<number>(logFields(o.config.payloadFields)).fill(0);
    this.flushes = new FlushSchedule(o.config.flushIntervalUs, o.config.ackAfterFsync);
  }

  /**
   * Runs the flush rounds due by untilUs (<= now, default now), each at its instant (flush-loop.ts); first in
   * every handler, and on settle. An embedding node with computed work of its own on the same disk (the
   * broker's store flush ticks) interleaves the two in time order by catching up to each of its instants.
   */
  catchUp(ctx: RaftContext, untilUs: number = ctx.now()): void {
    for (let at = this.flushes.takeDue(untilUs); at >= 0; at = this.flushes.takeDue(untilUs)) this.flush(ctx, at);
  }

  /** After a pause (the engine's onResume). */
  resumed(ctx: RaftContext): void {
    this.flushes.resumed(ctx.now());
  }

  /** The process clock moved by deltaUs (the engine's onClockSkew). */
  clockMoved(deltaUs: number): void {
    this.flushes.clockMoved(deltaUs);
  }

  // ---- lifecycle and routing ---------------------------------------------------------------

  start(ctx: RaftContext): void {
    this.boot(ctx);
  }

  /** Loads the member from its files and starts its core (at process start, and after a disk-full fence). */
  private boot(ctx: RaftContext): void {
    const refs = this.o.payloadRefs ?? false;
    const rec = recover(ctx.disk, this.o.diskPrefix, this.o.config.payloadFields, refs, this.o.entryBytes);
    this.dlog = ctx.disk.log(
      logPath(this.o.diskPrefix),
      logFields(this.o.config.payloadFields),
      logLayout(refs, this.o.entryBytes),
    );
    const rng = ctx.rng;
    this.core = new RaftCore({
      selfId: this.o.selfId,
      group: this.o.group,
      peers: this.o.peers,
      config: this.o.config,
      draw: (lo, hi) => rng.int(lo, hi),
      hardState: rec.hardState,
      log: rec.log,
    });
    this.reader = memoryLogReader(rec.log);
    this.gates = new PersistGates(
      () => ctx.disk.fsync(termFilePath(this.o.diskPrefix)),
      (sends, events) => {
        for (let i = 0; i < events.length; i++) ctx.emit(events[i] as RaftEvent);
        for (let i = 0; i < sends.length; i++) this.transmit(ctx, sends[i] as Outbound);
      },
    );
    // What recovery read from the page cache may not be durable yet (a crash keeps the page cache): flush it.
    this.core.durableIndex = this.dlog.durableLength - 1;
    ctx.emit({
      kind: 'raft.recovered',
      node: this.o.selfId,
      group: this.o.group,
      term: rec.hardState.term,
      votedFor: rec.hardState.votedFor,
      ledgerEndIndex: rec.log.endIndex,
      ledgerEndTerm: rec.log.endTerm,
      tornRecords: rec.tornRecords,
    });
    this.step(ctx, { kind: 'start' });
    this.armFlush(ctx);
  }

  handleMessage(ctx: RaftContext, from: NodeId, msg: Message, rpcId: number): boolean {
    if (!isRaftRequest(msg)) {
      if (!isRaftResponse(msg)) return false;
      this.catchUp(ctx); // a response delivered as a request: nothing to step
      return true;
    }
    this.catchUp(ctx);
    if (msg.type === 'DLEDGER_PUSH' && this.refusePush(ctx, from, msg, rpcId)) return true;
    this.step(ctx, this.inputs.message(from, msg, rpcId));
    return true;
  }

  /**
   * A full disk refuses the entries, not the member: DLedger's appendAsFollower throws DISK_FULL and the
   * push is answered with that code, while heartbeats and votes go on (§4.3); the leader's dispatcher
   * pushes again after maxPushTimeOutMs, so the follower catches up once space returns.
   */
  private refusePush(ctx: RaftContext, from: NodeId, msg: PushRequest, rpcId: number): boolean {
    if (this.o.config.bugs.diskFullFencesMember || msg.entries.length === 0 || this.hasRoomFor(ctx, msg.entries))
      return false;
    if (this.core === undefined || this.fenced) return true;
    ctx.reply(
      from,
      rpcId,
      {
        type: 'DLEDGER_PUSH_RESPONSE',
        group: this.o.group,
        term: this.core.term,
        code: 'DISK_FULL',
        index: -1,
        beginIndex: this.core.log.length > 0 ? 0 : -1,
        endIndex: this.core.ledgerEndIndex,
      },
      { bytes: this.o.config.controlMessageBytes },
    );
    return true;
  }

  private hasRoomFor(ctx: RaftContext, entries: readonly { readonly bytes: number }[]): boolean {
    return ctx.disk.freeBytes() >= entries.reduce((sum, e) => sum + ENTRY_HEADER_BYTES + e.bytes, 0);
  }

  handleReply(ctx: RaftContext, to: NodeId, request: Message, outcome: RpcOutcome<Message>): boolean {
    if (!isRaftRequest(request)) return false;
    this.catchUp(ctx);
    const response = outcome.ok && isRaftResponse(outcome.response) ? outcome.response : undefined;
    this.step(ctx, this.inputs.outcome(to, request, response, outcome.ok ? undefined : outcome.reason));
    return true;
  }

  handleTimer(ctx: RaftContext, name: string): boolean {
    // One scan names the timer and finds its deadline's slot (a name outside RAFT_TIMERS is not the driver's).
    const slot = timerSlot(name);
    if (slot < 0) return false;
    this.catchUp(ctx);
    const timer = RAFT_TIMERS[slot] as RaftTimer;
    if (timer === T_FLUSH) this.flush(ctx, ctx.now());
    else if (timer === T_DISK_RETRY) this.retryAfterFence(ctx);
    else {
      this.deadlines[slot] = -1;
      this.step(ctx, this.inputs.timerFired(timer));
    }
    return true;
  }

  handleDiskDone(ctx: RaftContext, done: DiskCompletion): boolean {
    this.catchUp(ctx);
    if (done.path === logPath(this.o.diskPrefix)) this.onLogSynced(ctx, done);
    else if (done.path === termFilePath(this.o.diskPrefix)) this.gates?.termSynced(done);
    else return false;
    return true;
  }

  /** Proposes an entry; the outcome arrives through host.onAppendResult(handle, ...). */
  append(ctx: RaftContext, payload: readonly number[], bytes: number): AppendHandle {
    this.catchUp(ctx);
    const handle = this.nextHandle++;
    // DLedger's appendAsLeader checks the disk first and throws DISK_FULL; the member stays leader (§4.4).
    if (
      !this.o.config.bugs.diskFullFencesMember &&
      this.core?.role === 'LEADER' &&
      !this.hasRoomFor(ctx, [{ bytes }])
    ) {
      this.o.host.onAppendResult(handle, { ok: false, reason: 'DISK_FULL' });
      return handle;
    }
    this.step(ctx, { kind: 'append', handle, payload, bytes });
    return handle;
  }

  /**
   * The node's wall clock jumped. DLedger's state maintainer compares System.currentTimeMillis with the
   * times it recorded every 10 ms (§4.2), so a deadline the jump has passed acts at once (a follower whose
   * clock leaps past the heartbeat timeout turns candidate) and the rest come nearer; a step back is held
   * by clockUs. Re-arm every core timer against the new reading.
   */
  handleClockJump(ctx: RaftContext): void {
    if (this.fenced || this.core === undefined || this.o.config.bugs.ignoreClockJump) return;
    const now = this.clockUs(ctx);
    const armed = RAFT_TIMERS.filter((name) => (this.deadlines[timerSlot(name)] ?? -1) >= 0);
    for (const name of armed.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
      ctx.setTimer(name, Math.max(0, (this.deadlines[timerSlot(name)] ?? 0) - now));
  }

  /** Asks the leader to hand leadership to `to` (DLedger's leadershipTransfer admin call). */
  transferLeadership(ctx: RaftContext, to: PeerId): void {
    this.step(ctx, { kind: 'transfer', to });
  }

  // ---- read access -----------------------------------------------------------------------------

  get role(): Role | undefined {
    return this.core?.role;
  }

  get term(): number {
    return this.core?.term ?? -1;
  }

  get leaderId(): PeerId | undefined {
    return this.core?.leaderId;
  }

  get committedIndex(): number {
    return this.core?.committedIndex ?? -1;
  }

  get ledgerEndIndex(): number {
    return this.core?.ledgerEndIndex ?? -1;
  }

  entryTerm(i: number): number {
    return this.core?.log.termAt(i) ?? -1;
  }

  /** A new leader's no-op entries carry no payload; the broker skips them when dispatching. */
  isNoop(i: number): boolean {
    return this.core?.log.kindAt(i) === ENTRY_NOOP;
  }

  entryPayload(i: number, field: number): number {
    return this.core?.log.payloadAt(i, field) ?? 0;
  }

  entryBytes(i: number): number {
    return this.core?.log.bytesAt(i) ?? 0;
  }

  /** The live log for checkers, or undefined before start. */
  logReader(): RaftLogReader | undefined {
    return this.reader;
  }

  // ---- applying a Ready ----------------------------------------------------------------------

  /**
   * The core's clock: the node's wall clock, never going backwards. DLedger times its
   * heartbeats and elections with System.currentTimeMillis, so a wall clock stepped back
   * (clock-skew fault) stalls its elapsed-time checks until the clock catches up, and one
   * stepped forward makes them expire at once; holding the last reading models both.
   */
  private clockUs(ctx: RaftContext): number {
    // laterOf, not Math.max: the core's time fields are filled from this (~30 functions deoptimized at 2^31 us).
    this.lastNowUs = laterOf(this.lastNowUs, ctx.now());
    return this.lastNowUs;
  }

  private step(ctx: RaftContext, input: RaftInput): void {
    if (this.fenced || this.core === undefined) return;
    this.apply(ctx, this.core.step(this.clockUs(ctx), input));
  }

  // NB: hot path (every Raft step, several per message): indexed loops, so no iterator is allocated per list.
  private apply(ctx: RaftContext, r: Ready): void {
    const events = r.events;
    for (let i = 0; i < events.length; i++) ctx.emit(events[i] as RaftEvent);
    const ops = this.persist(ctx, r);
    // What persist wrote is now read from the disk log (log-payloads.ts), also after a failed write.
    this.core?.log.written();
    if (ops === undefined) return;
    const send = r.send;
    for (let i = 0; i < send.length; i++) this.transmit(ctx, send[i] as Outbound);
    if (r.sendAfterPersist.length > 0 || r.eventsAfterPersist.length > 0) {
      this.gates?.add(r.hardState !== undefined, ops, r.sendAfterPersist, r.eventsAfterPersist);
    }
    const timers = r.timers;
    for (let i = 0; i < timers.length; i++) {
      const t = timers[i] as TimerRequest;
      if (t.atUs === undefined) {
        ctx.cancelTimer(t.name);
        this.deadlines[timerSlot(t.name)] = -1;
      } else {
        ctx.setTimer(t.name, Math.max(0, t.atUs - this.clockUs(ctx)));
        this.deadlines[timerSlot(t.name)] = t.atUs;
      }
    }
    const host = this.o.host;
    const results = r.appendResults;
    for (let i = 0; i < results.length; i++) {
      const a = results[i] as Ready['appendResults'][number];
      host.onAppendResult(a.handle, a.result);
    }
    if (r.committedIndex !== undefined) host.onCommit?.(r.committedIndex);
    if (r.roleChange !== undefined) host.onRoleChange(r.roleChange.role, r.roleChange.term, r.roleChange.leader);
  }

  /** Page-cache writes, then the fsyncs the gated sends must wait for. Undefined when the disk is full (fenced). */
  private persist(ctx: RaftContext, r: Ready): readonly number[] | undefined {
    const dlog = this.dlog;
    if (dlog === undefined) return [];
    if (r.truncateFrom !== undefined && r.truncateFrom < dlog.length) {
      dlog.truncate(r.truncateFrom);
      for (const [op, len] of this.logSyncs) this.logSyncs.set(op, Math.min(len, r.truncateFrom));
    }
    const appends = r.appends;
    for (let i = 0; i < appends.length; i++) {
      if (!writeEntry(dlog, appends[i] as EntryData, this.scratch)) {
        this.fence(ctx);
        return undefined;
      }
    }
    if (r.hardState !== undefined) {
      if (!ctx.disk.writeFile(termFilePath(this.o.diskPrefix), encodeHardState(r.hardState))) {
        this.fence(ctx);
        return undefined;
      }
      this.gates?.termWritten();
    }
    const ops = r.syncLog ? [this.syncLog(ctx)] : NO_OPS;
    if (appends.length > 0) this.armFlush(ctx);
    return ops;
  }

  /**
   * A write failed although the pre-checks passed (a no-op entry, a longer currterm): the core is now ahead
   * of its files. The member goes silent and, once the disk has room again, reloads itself from its files
   * as a restarted DLedger would (what the core held beyond them is lost, as in a process crash; nothing
   * depending on it was sent, since sends wait for persistence). With the bug switch it stays silent until
   * the process restarts, which is what rmqsim did before issue 14.
   */
  private fence(ctx: RaftContext): void {
    this.fenced = true;
    // Cancelling a timer never armed changes nothing; T_FLUSH and T_DISK_RETRY are the driver's, not the core's.
    for (const name of RAFT_TIMERS) if (name !== T_FLUSH && name !== T_DISK_RETRY) ctx.cancelTimer(name);
    this.deadlines.fill(-1);
    ctx.emit({
      kind: 'raft.role',
      node: this.o.selfId,
      group: this.o.group,
      role: 'FOLLOWER',
      previous: this.role ?? 'CANDIDATE',
      term: this.term,
      leader: undefined,
      reason: 'DISK_FULL: member stops serving until its disk has room',
    });
    if (!this.o.config.bugs.diskFullFencesMember) ctx.setTimer(T_DISK_RETRY, this.o.config.diskFullRetryUs);
  }

  private retryAfterFence(ctx: RaftContext): void {
    if (!this.fenced) return;
    if (ctx.disk.freeBytes() < this.o.config.diskFullResumeBytes) {
      ctx.setTimer(T_DISK_RETRY, this.o.config.diskFullRetryUs);
      return;
    }
    this.fenced = false;
    this.logSyncs.clear();
    // A polled fsync still under way stays known, so the flush loop polls it away (dropping it
    // would leave it on the host's polled list for the rest of this incarnation).
    this.boot(ctx);
  }

  private transmit(ctx: RaftContext, o: Outbound): void {
    let bytes = this.o.config.controlMessageBytes;
    if (o.msg.type === 'DLEDGER_PUSH')
      for (let i = 0; i < o.msg.entries.length; i++) bytes += (o.msg.entries[i] as EntryData).bytes;
    switch (o.kind) {
      case 'request':
        ctx.rpc(o.to as NodeId, o.msg, o.timeoutUs, { bytes });
        return;
      case 'reply':
        ctx.reply(o.to as NodeId, o.rpcId, o.msg, { bytes });
        return;
      case 'one-way':
        ctx.send(o.to as NodeId, o.msg, { bytes });
        return;
      case 'unread':
        ctx.sendUnread(o.to as NodeId, o.msg, { bytes });
        return;
    }
  }

  // ---- fsyncs ------------------------------------------------------------------------------

  private syncLog(ctx: RaftContext): number {
    const op = ctx.disk.fsync(logPath(this.o.diskPrefix));
    this.logSyncs.set(op, this.dlog?.length ?? 0);
    return op;
  }

  /**
   * The flush loop's fsync, issued agoUs ago by a round computed late (flush-loop.ts). Unless sends
   * wait for it (ackAfterFsync), nothing happens at its completion but the durable index moving,
   * which only the loop's next round reads: it is polled then, with no completion event
   * (polled-fsync.ts; a failing disk still delivers one).
   */
  private flushLog(ctx: RaftContext, agoUs: number): void {
    if (this.o.config.ackAfterFsync) {
      this.syncLog(ctx);
      return;
    }
    const op = ctx.disk.fsyncPolled(logPath(this.o.diskPrefix), agoUs);
    this.logSyncs.set(op, this.dlog?.length ?? 0);
    this.polledSync = op;
  }

  /** The loop's polled fsync, if it completed by the round's instant (agoUs ago), completes here as onDiskDone would have. */
  private pollFlush(ctx: RaftContext, agoUs: number): void {
    const op = this.polledSync;
    if (op === undefined) return;
    const done = ctx.disk.pollFsync(op, agoUs);
    if (done === undefined) return;
    this.polledSync = undefined;
    this.onLogSynced(ctx, done);
  }

  private armFlush(ctx: RaftContext): void {
    this.flushes.arm(ctx);
  }

  /** DLedger's flush loop, its round at atUs (now, or earlier when computed late): fsync the log when it has unsynced records and no fsync is under way. */
  private flush(ctx: RaftContext, atUs: number): void {
    const dlog = this.dlog;
    if (dlog === undefined || this.fenced) return;
    const agoUs = ctx.now() - atUs;
    this.pollFlush(ctx, agoUs);
    if (dlog.length > dlog.durableLength && this.logSyncs.size === 0 && this.polledSync === undefined)
      this.flushLog(ctx, agoUs);
    if (dlog.length > dlog.durableLength || this.polledSync !== undefined) this.flushes.arm(ctx, atUs);
  }

  private onLogSynced(ctx: RaftContext, done: DiskCompletion): void {
    if (this.polledSync === done.opId) this.polledSync = undefined; // delivered as an event after all
    const minLen = this.logSyncs.get(done.opId);
    if (minLen === undefined) return;
    this.logSyncs.delete(done.opId);
    if (!done.ok) {
      // A failed fsync proves nothing: try again; gated sends wait for the new one.
      this.gates?.logOpDone(done.opId, this.syncLog(ctx));
      return;
    }
    this.step(ctx, { kind: 'persisted', durableIndex: Math.min(done.durable, minLen) - 1 });
    this.gates?.logOpDone(done.opId, undefined);
  }
}
