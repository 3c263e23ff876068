// What a node's context does besides messaging: named timers (lazy
// cancellation by generation), asynchronous fsync of its host's disk, and
// its skewed wall clock. Called by Context; the effects are queue events.
import { fail } from '../base/index.js';
import type { Kernel } from './kernel.js';
import type { Message } from './node.js';
import { DISK_DONE, TIMER, type NodeState, type PendingFsync } from './node-state.js';
import type { Micros } from './time.js';

export function setTimer<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>, name: string, delayUs: Micros): void {
  if (!(delayUs >= 0 && Number.isFinite(delayUs))) fail(`${node.id}: timer ${name} with bad delay ${delayUs}`);
  let idx = node.timerIndex.get(name);
  if (idx === undefined) {
    idx = node.timerNames.length;
    node.timerIndex.set(name, idx);
    node.timerNames.push(name);
    node.timerGen.push(0);
    node.timerArmed.push(false);
  }
  const gen = (node.timerGen[idx] ?? 0) + 1;
  node.timerGen[idx] = gen;
  node.timerArmed[idx] = true;
  k.queue.push(k.clock + Math.round(delayUs), TIMER, node.index, idx, gen, node.incarnation, undefined);
}

export function cancelTimer<M extends Message, E>(node: NodeState<M, E>, name: string): void {
  const idx = node.timerIndex.get(name);
  if (idx === undefined) return;
  // Lazy cancellation: the queued event stays and is skipped by its stale generation.
  node.timerGen[idx] = (node.timerGen[idx] ?? 0) + 1;
  node.timerArmed[idx] = false;
}

export function hasTimer<M extends Message, E>(node: NodeState<M, E>, name: string): boolean {
  const idx = node.timerIndex.get(name);
  return idx !== undefined && node.timerArmed[idx] === true;
}

/** Issues an fsync; it completes after a sampled latency (DISK_DONE) covering what was written by now. */
export function startFsync<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>, path: string): number {
  const disk = node.host.disk;
  const opId = k.nextDiskOp++;
  const op: PendingFsync = { host: node.host, powerEpoch: node.host.powerEpoch, opId, token: disk.beginFsync(path) };
  k.queue.push(k.clock + disk.sampleFsyncUs(k.diskRng), DISK_DONE, node.index, opId, 0, node.incarnation, op);
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
