// What a node's context does besides messaging and timers (timers.ts):
// asynchronous fsync of its host's disk, and its skewed wall clock. Called by
// Context; the effects are queue events.
import type { Kernel } from './kernel.js';
import type { Message } from './node.js';
import { DISK_DONE, type NodeState, type PendingFsync } from './node-state.js';
import type { Micros } from './time.js';

/** An fsync of `path` issued agoUs ago (covering what was written by then): its op, and when it completes. */
export function issueFsync<M extends Message, E>(
  k: Kernel<M, E>,
  node: NodeState<M, E>,
  path: string,
  agoUs: Micros,
): { readonly op: PendingFsync; readonly dueUs: Micros } {
  const host = node.host;
  const op: PendingFsync = {
    host,
    powerEpoch: host.powerEpoch,
    opId: k.nextDiskOp++,
    token: host.disk.beginFsync(path),
  };
  return { op, dueUs: k.clock - agoUs + host.disk.sampleFsyncUs(k.diskRng(host)) };
}

/**
 * Issues an fsync; it completes after a sampled latency (DISK_DONE) covering what was written by now.
 * agoUs > 0 (a polled fsync of a round computed late, while the disk fails fsyncs): it counts from
 * then, but its completion is an event, which cannot be in the past: no earlier than now.
 */
export function startFsync<M extends Message, E>(
  k: Kernel<M, E>,
  node: NodeState<M, E>,
  path: string,
  agoUs = 0,
): number {
  const { op, dueUs } = issueFsync(k, node, path, agoUs);
  k.queue.push(Math.max(k.clock, dueUs), DISK_DONE, node.index, op.opId, 0, node.incarnation, op);
  return op.opId;
}

/** The OS completes an fsync even if the process that asked died meanwhile; power loss cancels it. */
export function applyFsync(op: PendingFsync): void {
  op.host.disk.endFsync(op.token, op.host.powerEpoch === op.powerEpoch && !op.host.disk.failFsync);
}

/** The node's own reading of the clock (true time + its clock-skew fault). */
export function nodeNow<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): Micros {
  return k.clock + node.clockSkewUs;
}
