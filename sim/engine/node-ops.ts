// What a node's context does besides messaging and timers (timers.ts):
// asynchronous fsync of its host's disk, and its skewed wall clock. Called by
// Context; the effects are queue events.
import type { Kernel } from './kernel.js';
import type { Message } from './node.js';
import { DISK_DONE, type NodeState, type PendingFsync } from './node-state.js';
import type { Micros } from './time.js';

/**
 * Issues an fsync; it completes after a sampled latency (DISK_DONE) covering what was written by now.
 * agoUs > 0 (a polled fsync of a round computed late, while the disk fails fsyncs): it counts from
 * then, but its completion is an event, which cannot be in the past: no earlier than now.
 */
export function startFsync<M extends Message, E>(
  k: Kernel<M, E>,
  node: NodeState<M, E>,
  path: string,
  agoUs: Micros = 0,
): number {
  const disk = node.host.disk;
  const opId = k.nextDiskOp++;
  const op: PendingFsync = { host: node.host, powerEpoch: node.host.powerEpoch, opId, token: disk.beginFsync(path) };
  k.queue.push(
    Math.max(k.clock, k.clock - agoUs + disk.sampleFsyncUs(k.diskRng(node.host))),
    DISK_DONE,
    node.index,
    opId,
    0,
    node.incarnation,
    op,
  );
  return opId;
}

/** The OS completes an fsync even if the process that asked died meanwhile; power loss cancels it. */
export function applyFsync(op: PendingFsync): void {
  op.host.disk.endFsync(op.token, op.host.powerEpoch === op.powerEpoch && !op.host.disk.failFsync);
}

/** The node's own reading of the clock (true time + its clock-skew fault). */
export function nodeNow<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): Micros {
  return k.clock + node.clockSkewUs;
}
