// Messages and RPCs between processes: sending over a FIFO channel (or
// dropping on a partition or packet loss, or parking on a held link until it
// is released), closing a channel behind its data, deciding at arrival
// whether the message reaches its process (host down, connection refused, a
// restart since), delivering requests, replies and late replies, and failing
// RPCs on timeout, refusal or channel close.
import { fail } from '../base/index.js';
import type { Context } from './context.js';
import type { Kernel } from './kernel.js';
import type { Message, NodeId, RpcFailure, SimNode } from './node.js';
import { CHANNEL_CLOSED, DELIVER, RPC_REFUSED, RPC_SCAN, RPC_TIMEOUT, type NodeState } from './node-state.js';
import type { Micros } from './time.js';

/**
 * Sends over the channel from -> to; rpc: 0 one-way, > 0 request id, < 0 reply to rpc -rpc. `heard` false:
 * a one-way answer its receiver reads nothing of (NodeContext.sendUnread), which travels and reaches no one.
 */
export function transmit<M extends Message, E>(
  k: Kernel<M, E>,
  from: NodeState<M, E>,
  toName: NodeId,
  msg: M,
  rpc: number,
  bytes: number,
  heard: boolean,
): void {
  transmitTo(k, from, k.node(toName), msg, rpc, bytes, heard);
}

function transmitTo<M extends Message, E>(
  k: Kernel<M, E>,
  from: NodeState<M, E>,
  to: NodeState<M, E>,
  msg: M,
  rpc: number,
  bytes: number,
  heard: boolean,
): void {
  k.counters.bytesSent += bytes;
  travel(k, from.index, to.index, msg, rpc, to.incarnation, heard);
}

/**
 * Puts a message on the channel from -> to, for the given incarnation of its receiver: dropped by
 * a partition or packet loss, parked while the link is held, else scheduled FIFO (maybe twice).
 * An unheard message (`heard` false) takes the same draws and keeps the channel's FIFO order, but
 * raises no delivery.
 */
function travel<M extends Message, E>(
  k: Kernel<M, E>,
  from: number,
  to: number,
  msg: M,
  rpc: number,
  toIncarnation: number,
  heard: boolean,
): void {
  if (k.net.isHealthy(from, to) && k.holds.active === 0) {
    // The common case, one check: no fault over the link, no link held.
    const arrival = k.net.fifoArrival(from, to, k.clock);
    if (heard) k.queue.push(arrival, DELIVER, to, from, rpc, toIncarnation, msg);
    return;
  }
  // A fault over the link, or some link held: partition, hold, jitter, loss, reordering, duplication.
  if (k.net.isBlocked(from, to)) {
    k.drop(from, to, msg, 'partition');
    return;
  }
  if (k.holds.active > 0 && k.holds.isHeld(from, to)) {
    k.holds.park(from, to, { kind: 'message', msg, rpc, toIncarnation, heard });
    return;
  }
  const arrival = k.net.arrivalTime(from, to, k.clock);
  if (arrival < 0) {
    k.drop(from, to, msg, 'loss');
    return;
  }
  if (heard) k.queue.push(arrival, DELIVER, to, from, rpc, toIncarnation, msg);
  if (k.net.duplicates(from, to)) {
    const again = k.net.arrivalTime(from, to, k.clock);
    if (heard && again >= 0) k.queue.push(again, DELIVER, to, from, rpc, toIncarnation, msg);
  }
}

/**
 * The connection from -> to closes on the closer's side: the observer `to` learns it after the
 * data already sent on it (a FIN or RST travels on the connection), and after what waits on a held link.
 */
export function sendClose<M extends Message, E>(
  k: Kernel<M, E>,
  from: number,
  to: number,
  observerIncarnation: number,
): void {
  if (k.holds.active > 0 && k.holds.isHeld(from, to)) {
    k.holds.park(from, to, { kind: 'close', observerIncarnation });
    return;
  }
  k.queue.push(k.net.fifoArrival(from, to, k.clock), CHANNEL_CLOSED, to, from, 0, observerIncarnation, undefined);
}

/** One hold over from -> to ends: when the link is free, what waited on it travels now, in the order it was sent. */
export function releaseHold<M extends Message, E>(k: Kernel<M, E>, from: number, to: number): number {
  const parked = k.holds.release(from, to);
  for (const p of parked) {
    if (p.kind === 'message') travel(k, from, to, p.msg, p.rpc, p.toIncarnation, p.heard);
    else sendClose(k, from, to, p.observerIncarnation);
  }
  return parked.length;
}

export function startRpc<M extends Message, E>(
  k: Kernel<M, E>,
  from: NodeState<M, E>,
  to: NodeId,
  request: M,
  timeoutUs: Micros,
  bytes: number,
): number {
  if (!(timeoutUs > 0)) fail(`${from.id}: rpc ${request.type} needs a positive timeout`);
  const id = k.nextRpcId++;
  const target = k.node(to);
  k.pending.add({ id, caller: from.index, callerIncarnation: from.incarnation, to: target.index, request });
  const deadline = k.clock + timeoutUs;
  if (k.deadlines.add(id, deadline)) k.queue.push(deadline, RPC_SCAN, -1, 0, 0, 0, undefined);
  transmitTo(k, from, target, request, id, bytes, true);
  k.counters.rpcs++;
  return id;
}

/** Decides whether the message in `slot`, arriving now, reaches its process; traces and drops it otherwise. */
export function admitDelivery<M extends Message, E>(k: Kernel<M, E>, to: NodeState<M, E>, slot: number): boolean {
  const q = k.queue;
  const from = q.a[slot] as number;
  const rpc = q.b[slot] as number;
  const msg = q.payload[slot] as M;
  if (k.net.isBlocked(from, to.index)) return k.drop(from, to.index, msg, 'partition');
  if (!to.host.up) return k.drop(from, to.index, msg, 'host-down');
  if (!to.up) {
    // Connection refused: the caller of a request hears about it one network delay later (the RST travels back).
    if (rpc > 0)
      q.push(
        k.clock + k.net.signalDelay(to.index, from),
        RPC_REFUSED,
        from,
        rpc,
        0,
        k.nodeAt(from).incarnation,
        undefined,
      );
    return k.drop(from, to.index, msg, 'refused');
  }
  if (to.incarnation !== q.c[slot]) return k.drop(from, to.index, msg, 'stale');
  return true;
}

export function deliver<M extends Message, E>(
  k: Kernel<M, E>,
  to: NodeState<M, E>,
  instance: SimNode<M, E>,
  ctx: Context<M, E>,
  fromIndex: number,
  rpc: number,
  msg: M,
): void {
  const from = k.nodeAt(fromIndex);
  k.net.link(fromIndex, to.index);
  k.counters.delivered++;
  // Hot path: four mixing rounds carry time, kind, both ends, message type and rpc id.
  k.hasher.record(k.clock, DELIVER);
  k.hasher.mixInt(fromIndex * 65_599 + to.index);
  k.hasher.mixInt(k.typeId(msg.type) * 1_000_003 + rpc);
  if (k.hotSinks.length > 0) k.traceHot({ kind: 'deliver', from: from.id, to: to.id, type: msg.type, rpc });
  if (rpc >= 0) {
    instance.onMessage(ctx, from.id, msg, rpc);
    return;
  }
  const id = -rpc;
  const p = k.pending.get(id);
  if (p === undefined || p.caller !== to.index || p.callerIncarnation !== to.incarnation) {
    k.traceKernel({ kind: 'drop', from: from.id, to: to.id, type: msg.type, reason: 'late-reply' });
    return;
  }
  k.pending.delete(id);
  instance.onReply(ctx, from.id, p.request, { ok: true, response: msg }, id);
}

/** The RPC_SCAN event: times out every pending RPC whose deadline has come, then books the next scan. */
export function scanRpcDeadlines<M extends Message, E>(k: Kernel<M, E>): void {
  const next = k.deadlines.scan(k.clock, k.isPendingRpc, (id) => expireRpc(k, id));
  if (next >= 0 && next !== Infinity) k.queue.push(next, RPC_SCAN, -1, 0, 0, 0, undefined);
}

function expireRpc<M extends Message, E>(k: Kernel<M, E>, id: number): void {
  const p = k.pending.get(id);
  if (p === undefined) return;
  const caller = k.nodeAt(p.caller);
  // A paused caller's timeout waits with its other events and fires on resume.
  if (caller.paused) k.queue.push(k.clock, RPC_TIMEOUT, p.caller, id, 0, p.callerIncarnation, undefined);
  else failRpc(k, id, 'timeout');
}

/** Fails a pending RPC (timeout, refused, closed); nothing if it was answered already or its caller died. */
export function failRpc<M extends Message, E>(k: Kernel<M, E>, id: number, reason: RpcFailure): void {
  const p = k.pending.get(id);
  if (p === undefined) return;
  k.pending.delete(id);
  const caller = k.nodeAt(p.caller);
  const to = k.nodeAt(p.to);
  if (
    !caller.up ||
    caller.incarnation !== p.callerIncarnation ||
    caller.instance === undefined ||
    caller.ctx === undefined
  )
    return;
  k.counters.rpcFailures++;
  k.traceKernel({ kind: 'rpc-failed', node: caller.id, to: to.id, type: p.request.type, reason });
  caller.instance.onReply(caller.ctx, to.id, p.request, { ok: false, reason }, id);
}

/** The channel between `node` and `peer` closed: every RPC from node to peer fails with 'closed'. */
export function failRpcsOnChannel<M extends Message, E>(k: Kernel<M, E>, node: number, peer: number): void {
  for (const p of k.pending.inIdOrder()) {
    if (p.caller === node && p.to === peer) failRpc(k, p.id, 'closed');
  }
}
