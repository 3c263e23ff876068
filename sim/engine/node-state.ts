// Kernel-internal bookkeeping of hosts, processes, in-flight RPCs and fsyncs,
// and the event kinds of the queue's pool. Not part of the public API.
import type { FsyncToken, HostDisk } from './disk.js';
import type { HostId, Message, NodeFactory, NodeId, SimNode } from './node.js';
import type { RandomStream } from './rng.js';
import type { Micros } from './time.js';
import type { Context } from './context.js';
import type { PolledFsync } from './polled-fsync.js';

// Event kinds (the `kind` column of the queue's pool).
export const DELIVER = 1; // node = to, a = from, b = rpc (0 one-way, >0 request, <0 reply), c = dest incarnation
export const TIMER = 2; // node, a = timer index, b = generation, c = incarnation
export const RPC_TIMEOUT = 3; // node = caller, a = rpc id, c = caller incarnation (only a paused caller's expiry, deferred)
export const CHANNEL_CLOSED = 4; // node = observer, a = peer that closed, c = observer incarnation
export const CONTROL = 5; // payload = action
export const DISK_DONE = 6; // node, c = incarnation, payload = PendingFsync
export const RPC_REFUSED = 7; // node = caller, a = rpc id, c = caller incarnation
export const RPC_SCAN = 8; // kernel-wide: fail the RPCs whose deadline has come (rpc-timeouts.ts)

export type ControlAction = () => void;

export interface PendingFsync {
  readonly host: HostState;
  readonly powerEpoch: number;
  readonly opId: number;
  readonly token: FsyncToken;
}

export type Payload<M> = M | ControlAction | PendingFsync;

export interface PendingRpc<M> {
  readonly id: number;
  readonly caller: number;
  readonly callerIncarnation: number;
  readonly to: number;
  readonly request: M;
}

export interface HostState {
  readonly id: HostId;
  readonly disk: HostDisk;
  readonly nodes: number[];
  up: boolean;
  /** Bumped at every power loss; an fsync issued before it never completes. */
  powerEpoch: number;
  /** The host's own disk stream, derived on first use (Kernel.diskRng). */
  diskRng: RandomStream | undefined;
  /** Fsyncs in flight or completed whose issuer polls for the result (polled-fsync.ts). */
  readonly polled: PolledFsync[];
}

export interface NodeState<M extends Message, E> {
  readonly index: number;
  readonly id: NodeId;
  readonly host: HostState;
  readonly factory: NodeFactory<M, E>;
  readonly rng: RandomStream;
  instance: SimNode<M, E> | undefined;
  ctx: Context<M, E> | undefined;
  incarnation: number;
  up: boolean;
  paused: boolean;
  /** Offset of this process's wall clock from true time (clock-skew fault); timers are unaffected. */
  clockSkewUs: Micros;
  /** Event slots that arrived while paused, in arrival order. */
  deferred: number[];
  timerIndex: Map<string, number>;
  timerNames: string[];
  /** Generation of each timer's live queue event; an event of an older generation is stale. */
  timerGen: number[];
  /** When each timer should fire, -1 when it is not armed. */
  timerDue: Micros[];
  /** Time of each timer's live queue event, -1 when none is queued (timers.ts). */
  timerQueued: Micros[];
  /** When the process's next input comes (inputs.ts), -1 when none is scheduled. */
  inputDueUs: Micros;
  /** The input's place among events of the same instant (a queue sequence number). */
  inputSeq: number;
  /** An input came while the process was paused: it comes on resume. */
  inputLate: boolean;
}
