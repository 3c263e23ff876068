// DLedger mode (§4.3, §4.4): the commit log replicated by the group's Raft.
// The broker embeds a RaftDriver. On the leader a send is appended to the
// local store (not yet visible) and proposed; it is answered once the Raft
// commit index covers it (SYNC_MASTER-like), or with SYSTEM_ERROR ("broker
// busy") when no quorum acked within 2.5 s. Every member applies committed
// entries to its store in index order (followers append the replicated
// record) and raises the store's confirm offset, so consumers never see an
// uncommitted entry. Leaving leadership truncates the store's uncommitted
// tail; the old leader's Raft log is truncated by the new leader's
// COMPARE/TRUNCATE when it rejoins.
// Role handling [R4 DRCH]: brokerId -1 until a role is known; FOLLOWER (and
// CANDIDATE when not yet SLAVE) -> changeToSlave(selfIndex + 1); LEADER ->
// poll every 100 ms until still leader and committed == ledger end (and all
// applied), then changeToMaster (id 0, SYNC_MASTER, oneway registration).
import type { DiskCompletion, NodeId, RpcOutcome } from '../engine/index.js';
import type { ClusterTimer, WireMessage } from '../protocol/index.js';
import {
  ENTRY_DATA,
  RaftDriver,
  resolveRaftConfig,
  type AppendFailure,
  type AppendHandle,
  type AppendResult,
  type PeerId,
  type RaftConfigOverrides,
  type RaftHost,
  type Role,
} from '../raft/index.js';
import type { BrokerCore } from './broker-core.js';
import { encodeRecordRef, RECORD_FIELDS, recordRefOf, type PayloadReader } from './dledger-record.js';
import type { WaitOutcome } from './put-waits.js';
import type { BrokerRoleServices } from './role-services.js';
import type { Replication, SendProcessor } from './send-processor.js';
import { messageArenaOf, type MessageArena } from './store/message-arena.js';
import { F_META, F_QUEUE_OFFSET, F_TOPIC, F_UID, metaQueueId } from './store/record-codec.js';
import type { PutMessageRequest, PutMessageResult, PutMessageStatus } from './store/message-store.js';

export interface DLedgerBrokerOptions {
  /** Raft config overrides (payloadFields is always RECORD_FIELDS). */
  readonly raft?: RaftConfigOverrides;
}

export const DLEDGER_READY_TIMER = 'dledger-ready';

/** §4.4 [R4 DCL]: DLedger append failure -> store status (wire SERVICE_NOT_AVAILABLE or SYSTEM_ERROR). */
export function appendFailureStatus(reason: AppendFailure): PutMessageStatus {
  switch (reason) {
    case 'NOT_LEADER':
    case 'DISK_FULL':
      return 'SERVICE_NOT_AVAILABLE';
    case 'WAIT_QUORUM_ACK_TIMEOUT':
    case 'LEADER_PENDING_FULL':
      return 'OS_PAGECACHE_BUSY';
    case 'LEADER_TRANSFERRING': // not in DLedgerCommitLog's list: "anything else" -> UNKNOWN_ERROR (wire SYSTEM_ERROR)
    case 'TERM_CHANGED':
      return 'UNKNOWN_ERROR';
  }
}

export class DLedgerBroker implements Replication, RaftHost {
  readonly raft: RaftDriver;
  readonly timeoutStatus: PutMessageStatus = 'OS_PAGECACHE_BUSY';
  readonly waitUs: number;
  /** Next Raft index to apply to the store. */
  private nextApply = 0;
  private readonly scratch: number[] = new Array<number>(RECORD_FIELDS).fill(0);
  private readIndex = 0;
  private readonly reader: PayloadReader = (f) => this.raft.entryPayload(this.readIndex, f);
  /** True while an append is being proposed: failures reported meanwhile are synchronous refusals. */
  private proposing = false;
  private readonly syncFailures = new Map<AppendHandle, AppendFailure>();
  private readonly selfIndex: number;
  /** The run's shared records: an entry's payload is a ref into it. */
  private readonly arena: MessageArena;

  constructor(
    private readonly core: BrokerCore,
    private readonly send: SendProcessor,
    private readonly roles: BrokerRoleServices,
    options: DLedgerBrokerOptions,
  ) {
    const mode = core.config.mode;
    if (mode.kind !== 'dledger') throw new Error('DLedgerBroker needs DLedger mode');
    this.selfIndex = mode.selfIndex;
    this.arena = messageArenaOf(core.interner);
    const config = resolveRaftConfig({ ...options.raft, payloadFields: RECORD_FIELDS });
    this.waitUs = config.maxWaitAckTimeUs;
    this.raft = new RaftDriver({
      selfId: core.name,
      group: mode.group,
      peers: mode.peers,
      config,
      diskPrefix: `dledger/${core.name}`,
      host: this,
      payloadRefs: true,
      // An entry's size is its record's, which the arena keeps once for every member (no size per entry).
      entryBytes: (kind, ref) => (kind === ENTRY_DATA ? this.arena.sizeOf(ref) : 0),
    });
  }

  /**
   * Whether Raft entry `i` stores message `uid` at topic#queueId@queueOffset (for checkers that look an acked
   * message up in the log). Its copies for a retry (sendMessageBack, then the schedule's re-put) carry the same uid.
   */
  entryStores(i: number, m: { uid: number; topic: string; queueId: number; queueOffset: number }): boolean {
    const ref = this.raft.entryPayload(i, 0);
    const a = this.arena;
    return (
      a.get(ref, F_UID) === m.uid &&
      a.get(ref, F_QUEUE_OFFSET) === m.queueOffset &&
      metaQueueId(a.get(ref, F_META)) === m.queueId &&
      this.core.interner.str(a.get(ref, F_TOPIC)) === m.topic
    );
  }

  start(): void {
    // An uncommitted tail left by a crash is dropped; committed records come back from the Raft log.
    this.truncateUnconfirmed('restart: records beyond the last confirmed offset wait for the Raft commit again');
    this.raft.start(this.core.ctx);
    this.nextApply = this.firstUnapplied();
  }

  // ---- Replication: the leader's put path ----

  onAppended(req: PutMessageRequest, put: PutMessageResult, wait: boolean): WaitOutcome {
    const core = this.core;
    this.proposing = true;
    const handle = this.raft.append(
      core.ctx,
      encodeRecordRef(core.store.recordRefAt(put.commitLogOffset), this.scratch),
      put.msgBytes,
    );
    this.proposing = false;
    const failed = this.syncFailures.get(handle);
    this.syncFailures.clear();
    if (failed !== undefined) {
      core.store.truncateTo(core.ctx, put.commitLogOffset);
      return appendFailureStatus(failed);
    }
    if (!wait || core.config.bugs.dledgerAckBeforeQuorum) return 'PUT_OK';
    return 'wait';
  }

  // ---- RaftHost ----

  onAppendResult(handle: AppendHandle, result: AppendResult): void {
    // Quorum success is seen through onCommit; the 2.5 s timeout through the put waits' own deadline.
    if (!result.ok && this.proposing) this.syncFailures.set(handle, result.reason);
  }

  onCommit(committedIndex: number): void {
    this.apply(committedIndex);
  }

  onRoleChange(role: Role, term: number, leader: PeerId | undefined): void {
    const core = this.core;
    if (role !== 'LEADER') {
      core.ctx.cancelTimer(DLEDGER_READY_TIMER);
      this.leaveLeadership();
    }
    if (role === 'FOLLOWER') {
      this.roles.changeToSlave(this.selfIndex + 1, `DLedger follower of ${leader ?? '?'} in term ${term}`);
    } else if (role === 'CANDIDATE') {
      if (core.role !== 'SLAVE')
        this.roles.changeToSlave(this.selfIndex + 1, `DLedger candidate in term ${term}: no longer master`);
    } else {
      core.ctx.setTimer(DLEDGER_READY_TIMER, 0);
    }
  }

  // ---- node routing ----

  onMessage(from: NodeId, msg: WireMessage, rpcId: number): void {
    this.raft.handleMessage(this.core.ctx, from, msg, rpcId);
  }

  /** False when the reply is not to a DLedger request. */
  onReply(to: NodeId, request: WireMessage, outcome: RpcOutcome<WireMessage>, _rpcId: number): boolean {
    return this.raft.handleReply(this.core.ctx, to, request, outcome);
  }

  /** False when the timer is not DLedger's. */
  onTimer(name: ClusterTimer): boolean {
    if (name !== DLEDGER_READY_TIMER) return this.raft.handleTimer(this.core.ctx, name);
    this.checkReady();
    return true;
  }

  onDiskDone(done: DiskCompletion): void {
    this.raft.handleDiskDone(this.core.ctx, done);
  }

  onClockJump(): void {
    this.raft.handleClockJump(this.core.ctx);
  }

  /** DLedger's computed flush rounds due by untilUs (RaftDriver.catchUp): first in every broker handler, and on settle. */
  catchUp(untilUs?: number): void {
    this.raft.catchUp(this.core.ctx, untilUs);
  }

  resumed(): void {
    this.raft.resumed(this.core.ctx);
  }

  clockMoved(deltaUs: number): void {
    this.raft.clockMoved(deltaUs);
  }

  /** [R4 DRCH] a new leader becomes master once everything in its ledger is committed and applied. */
  private checkReady(): void {
    const core = this.core;
    if (this.raft.role !== 'LEADER') return;
    const ready = this.raft.ledgerEndIndex === this.raft.committedIndex && this.nextApply > this.raft.committedIndex;
    if (!ready) {
      core.ctx.setTimer(DLEDGER_READY_TIMER, core.config.timings.dledgerReadyPollUs);
      return;
    }
    if (core.isMaster) return;
    this.roles.changeToMaster(
      `DLedger leader in term ${this.raft.term}: committed index ${this.raft.committedIndex} == ledger end, dispatch caught up`,
    );
  }

  /** Applies committed entries in order: appends missing records, then raises the confirm offset. */
  private apply(committedIndex: number): void {
    const { store, ctx } = this.core;
    let confirm = -1;
    for (; this.nextApply <= committedIndex; this.nextApply++) {
      const i = this.nextApply;
      if (this.raft.isNoop(i)) continue;
      this.readIndex = i;
      const ref = recordRefOf(this.reader);
      const end = this.arena.endOf(ref);
      if (end > store.appendedOffset) {
        const r = store.appendReplicatedRef(ctx, ref);
        if (!r.ok) break; // a gap or a full disk: retried on the next commit
      }
      confirm = end;
    }
    if (confirm < 0) return;
    store.setConfirmOffset(ctx, confirm);
    this.send.waits.onReplicaProgress(confirm);
    this.send.rearm();
  }

  /** Stepping down: pending sends fail, the uncommitted local tail goes. */
  private leaveLeadership(): void {
    this.send.waits.failAll('UNKNOWN_ERROR');
    this.send.rearm();
    this.truncateUnconfirmed(
      'no longer leader: uncommitted appends leave the store (the Raft log keeps them until the new leader decides)',
    );
  }

  private truncateUnconfirmed(reason: string): void {
    const { store, ctx } = this.core;
    const { appended, confirmed } = store.positions;
    if (appended <= confirmed) return;
    store.truncateTo(ctx, confirmed);
    this.core.emit({ kind: 'broker.truncated', broker: this.core.name, fromOffset: confirmed, reason });
  }

  /** After a restart: the first Raft entry whose record is not in the store yet. */
  private firstUnapplied(): number {
    const appended = this.core.store.positions.appended;
    for (let i = this.raft.ledgerEndIndex; i >= 0; i--) {
      if (this.raft.isNoop(i)) continue;
      this.readIndex = i;
      if (this.arena.endOf(recordRefOf(this.reader)) <= appended) return i + 1;
    }
    return 0;
  }
}
