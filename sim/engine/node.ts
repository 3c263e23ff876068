// The contract between the kernel and a simulated process. A node is a class
// with one door to the world, its NodeContext: time, randomness, timers,
// network, disk and trace all go through it, and nothing else (style.md #3).
// Handlers are synchronous; the kernel calls exactly one per event.
import type { DiskView } from './disk.js';
import type { RandomStream } from './rng.js';
import type { Micros } from './time.js';

declare const nodeIdBrand: unique symbol;
declare const hostIdBrand: unique symbol;
/** Name of a simulated process, e.g. "ns-1", "broker-a-0", "producer-1". */
export type NodeId = string & { readonly [nodeIdBrand]: true };
/** Name of a simulated machine; one or more nodes live on it and share its disk. */
export type HostId = string & { readonly [hostIdBrand]: true };

export const nodeId = (name: string): NodeId => name as NodeId;
export const hostId = (name: string): HostId => name as HostId;

/** Every message carries a string tag; protocols narrow on it (RocketMQ request-code names). */
export interface Message {
  readonly type: string;
}

/**
 * Why an RPC failed on the caller's side:
 * - timeout: no response within the caller's timeout (dead host, partition, slow peer);
 * - closed: the channel closed while waiting (peer process died, RST);
 * - refused: the peer host answered but no process listens (connection refused).
 */
export type RpcFailure = 'timeout' | 'closed' | 'refused';

export type RpcOutcome<M extends Message> =
  { readonly ok: true; readonly response: M } | { readonly ok: false; readonly reason: RpcFailure };

/** A disk operation that completed asynchronously (fsync). */
export interface DiskCompletion {
  readonly op: 'fsync';
  readonly path: string;
  /** The id returned when the operation was issued. */
  readonly opId: number;
  readonly ok: boolean;
  /** Records (logs) or 1 (files) that are durable after this completion. */
  readonly durable: number;
}

export interface SendOptions {
  /** Payload size, for latency-by-size and accounting; 0 when omitted. */
  readonly bytes?: number;
}

/**
 * A node's door to the world. T is the set of timer names the node may arm: the engine takes any
 * string; a protocol narrows it to its union so that a misspelt timer name does not compile.
 */
export interface NodeContext<M extends Message, E, T extends string = string> {
  readonly id: NodeId;
  readonly host: HostId;
  /** The node's own random stream; a restarted process continues the same stream. */
  readonly rng: RandomStream;
  readonly disk: DiskView;
  now(): Micros;
  /** Sets (or resets) the named timer to fire after delayUs. */
  setTimer(name: T, delayUs: Micros): void;
  cancelTimer(name: T): void;
  hasTimer(name: T): boolean;
  /** Time until the named timer fires (a duration: clock skew does not move it), or -1 when it is not armed. */
  timerDelay(name: T): Micros;
  /**
   * Schedules the process's next workload input (an open-loop arrival) after delayUs, replacing
   * any one scheduled: SimNode.onInput runs then. The outside world's act, so no event (inputs.ts).
   */
  scheduleInput(delayUs: Micros): void;
  /** One-way message over the FIFO channel to `to`. */
  send(to: NodeId, msg: M, options?: SendOptions): void;
  /** Request/response; the outcome arrives later through SimNode.onReply. Returns the RPC id. */
  rpc(to: NodeId, request: M, timeoutUs: Micros, options?: SendOptions): number;
  /** Answers a request received with a non-zero rpcId. */
  reply(to: NodeId, rpcId: number, response: M, options?: SendOptions): void;
  /**
   * Answers a one-way message whose sender reads no answer (DLedger's idle COMMIT push): the answer
   * travels like any message (the link's latency draw, FIFO order, partitions, loss, holds) but
   * raises no event at the receiver, as an fsync nobody waits for raises none.
   */
  sendUnread(to: NodeId, msg: M, options?: SendOptions): void;
  /** Records a domain event: it enters the trace hash and reaches every observer. */
  emit(event: E): void;
}

/** A simulated process; T is its timer names (see NodeContext). */
export interface SimNode<M extends Message, E, T extends string = string> {
  onStart(ctx: NodeContext<M, E, T>): void;
  /** A one-way message (rpcId 0) or a request (rpcId > 0, answer with ctx.reply). */
  onMessage(ctx: NodeContext<M, E, T>, from: NodeId, msg: M, rpcId: number): void;
  /** The outcome of an RPC this node sent; `request` is the object it passed to ctx.rpc. */
  onReply(ctx: NodeContext<M, E, T>, to: NodeId, request: M, outcome: RpcOutcome<M>, rpcId: number): void;
  onTimer(ctx: NodeContext<M, E, T>, name: T): void;
  /** The TCP channel to `peer` closed (its process died on a live host, or a reset). */
  onChannelClosed(ctx: NodeContext<M, E, T>, peer: NodeId): void;
  onDiskDone(ctx: NodeContext<M, E, T>, done: DiskCompletion): void;
  /**
   * Optional: the process's wall clock (ctx.now()) just jumped forward by deltaUs (clock-skew fault).
   * Kernel timers are durations and do not move; a node that times things by wall-clock readings
   * (DLedger does) re-arms here.
   */
  onClockJump?(ctx: NodeContext<M, E, T>, deltaUs: Micros): void;
  /**
   * Optional: the process stops running now (crash, power loss, pause) or is about to be observed
   * (runUntil or step returns). A node that computes work of its own past lazily, instead of one event per
   * step (a consume thread's completions), brings it up to ctx.now() here, with the effects it
   * would have had at their instants. It must not depend on being called: only events drive it.
   */
  onSettle?(ctx: NodeContext<M, E, T>): void;
  /**
   * Optional: the process's wall clock moved by deltaUs (either way, paused or not; after onSettle
   * on the old clock). A node keeping future instants on ctx.now()'s scale moves them with it.
   */
  onClockSkew?(ctx: NodeContext<M, E, T>, deltaUs: Micros): void;
  /** Optional: the input scheduled with ctx.scheduleInput comes now. */
  onInput?(ctx: NodeContext<M, E, T>): void;
  /** Optional: the process runs again after a pause; what it computes lazily comes due late, as its timers do. */
  onResume?(ctx: NodeContext<M, E, T>): void;
}

/** Builds a fresh process instance; called at first start and at every restart. */
export type NodeFactory<M extends Message, E> = () => SimNode<M, E>;
