// A standalone DLedger member as a kernel node, for Raft tests, sweeps and
// the benchmark: the RaftDriver plus an optional built-in client that, while
// this member leads, appends an entry every clientIntervalUs (payload: the
// member's ordinal and the simulated time, unique per entry).
import type { DiskCompletion, NodeContext, NodeId, RpcOutcome, SimNode } from '../engine/index.js';
import { RaftDriver, type RaftHost } from './driver.js';
import type { RaftTimer } from './timers.js';
import type { RaftEvent } from './events.js';
import type { RaftMessage } from './messages.js';
import type { RaftConfig } from './config.js';
import type { AppendFailure, AppendHandle, AppendResult, PeerId, Role } from './types.js';

const T_CLIENT = 'client:append';
/** The driver's timers and the built-in client's. */
type RaftNodeTimer = RaftTimer | typeof T_CLIENT;
type RaftNodeContext = NodeContext<RaftMessage, RaftEvent, RaftNodeTimer>;

export interface RaftNodeOptions {
  readonly selfId: PeerId;
  readonly group: string;
  readonly peers: readonly PeerId[];
  readonly config: RaftConfig;
  /** 0 = no built-in client. */
  readonly clientIntervalUs: number;
  /** Bytes of each client entry. */
  readonly clientEntryBytes: number;
  /** Entries appended per client tick (default 1). */
  readonly clientBurst?: number;
}

/** Outcomes of the built-in client's appends, per incarnation. */
export interface ClientStats {
  proposed: number;
  committed: number;
  readonly failed: Partial<Record<AppendFailure, number>>;
}

export class RaftNode implements SimNode<RaftMessage, RaftEvent, RaftNodeTimer>, RaftHost {
  readonly driver: RaftDriver;
  readonly stats: ClientStats = { proposed: 0, committed: 0, failed: {} };
  private readonly ordinal: number;

  constructor(private readonly o: RaftNodeOptions) {
    this.driver = new RaftDriver({
      selfId: o.selfId,
      group: o.group,
      peers: o.peers,
      config: o.config,
      diskPrefix: `dledger/${o.group}/${o.selfId}`,
      host: this,
    });
    this.ordinal = [...o.peers].sort().indexOf(o.selfId);
  }

  onStart(ctx: RaftNodeContext): void {
    this.driver.start(ctx);
    if (this.o.clientIntervalUs > 0) ctx.setTimer(T_CLIENT, this.o.clientIntervalUs);
  }

  /** The driver's flush rounds are computed (flush-loop.ts): due ones run before the process stops or is observed. */
  onSettle(ctx: RaftNodeContext): void {
    this.driver.catchUp(ctx);
  }

  onResume(ctx: RaftNodeContext): void {
    this.driver.resumed(ctx);
  }

  onClockSkew(_ctx: RaftNodeContext, deltaUs: number): void {
    this.driver.clockMoved(deltaUs);
  }

  onMessage(ctx: RaftNodeContext, from: NodeId, msg: RaftMessage, rpcId: number): void {
    this.driver.handleMessage(ctx, from, msg, rpcId);
  }

  onReply(ctx: RaftNodeContext, to: NodeId, request: RaftMessage, outcome: RpcOutcome<RaftMessage>): void {
    this.driver.handleReply(ctx, to, request, outcome);
  }

  onTimer(ctx: RaftNodeContext, name: RaftNodeTimer): void {
    if (this.driver.handleTimer(ctx, name)) return;
    if (name !== T_CLIENT) return;
    ctx.setTimer(T_CLIENT, this.o.clientIntervalUs);
    const burst = this.o.clientBurst ?? 1;
    for (let i = 0; i < burst && this.driver.role === 'LEADER'; i++) {
      this.stats.proposed++;
      // Unique per entry: the member's ordinal and the time, with the position in the burst as a fraction.
      const payload = [this.ordinal, ctx.now() + i / burst];
      for (let f = 2; f < this.o.config.payloadFields; f++) payload.push(0);
      this.driver.append(ctx, payload.slice(0, this.o.config.payloadFields), this.o.clientEntryBytes);
    }
  }

  onChannelClosed(): void {
    // DLedger reconnects on the next request; nothing to do.
  }

  onDiskDone(ctx: RaftNodeContext, done: DiskCompletion): void {
    this.driver.handleDiskDone(ctx, done);
  }

  onAppendResult(_handle: AppendHandle, result: AppendResult): void {
    if (result.ok) this.stats.committed++;
    else this.stats.failed[result.reason] = (this.stats.failed[result.reason] ?? 0) + 1;
  }

  onRoleChange(_role: Role, _term: number, _leader: PeerId | undefined): void {
    // Role changes are traced as raft.role events by the core.
  }
}
