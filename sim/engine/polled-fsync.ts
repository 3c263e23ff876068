// Fsyncs whose completion the issuing process polls instead of receiving as an
// event: DLedger's flush loop looks at the last flush when it next wakes, so a
// completion event of its own would only record what the next round reads
// anyway (issue 9). The OS still completes each at its own instant: the kernel
// applies the due ones before anything can observe the disk's durable state (a
// poll, a process opening a log, the host's power loss, a failed-fsync fault
// toggling). A fault that makes fsyncs fail turns those still in flight into
// ordinary completions (DISK_DONE), so a failure always arrives as an event.
import { fail } from '../base/index.js';
import type { Kernel } from './kernel.js';
import type { DiskCompletion, Message } from './node.js';
import { applyFsync, issueFsync, startFsync } from './node-ops.js';
import { DISK_DONE, type HostState, type NodeState, type PendingFsync } from './node-state.js';
import type { Micros } from './time.js';

export interface PolledFsync {
  readonly op: PendingFsync;
  readonly dueUs: Micros;
  readonly node: number;
  readonly incarnation: number;
  /** Set when the fsync completed (applied to the disk). */
  ok: boolean | undefined;
  /** Nobody polls it (DiskView.fsyncDetached): forgotten once completed. */
  readonly detached: boolean;
}

/**
 * Issues an fsync whose completion is read with pollFsync; an ordinary one while the disk fails
 * fsyncs. agoUs > 0: it was issued that long ago by a round its process computes late (DLedger's
 * flush loop, sim/raft/flush-loop.ts), which wrote nothing since and settles before a power loss
 * or a disk fault (lifecycle.ts settleHost), so the token and the sample are what they were then.
 */
export function startPolledFsync<M extends Message, E>(
  k: Kernel<M, E>,
  node: NodeState<M, E>,
  path: string,
  agoUs: Micros = 0,
  detached = false,
): number {
  // Hot path (every flush round): the message is built only on failure.
  if (!(agoUs >= 0 && agoUs <= k.clock)) fail(`${node.id}: fsync issued ${agoUs} us ago`);
  if (node.host.disk.failFsync) return startFsync(k, node, path, agoUs);
  const { op, dueUs } = issueFsync(k, node, path, agoUs);
  node.host.polled.push({ op, dueUs, node: node.index, incarnation: node.incarnation, ok: undefined, detached });
  return op.opId;
}

/** Applies every polled fsync of the host that is due by now; forgets the completed ones nobody can poll any more. */
export function completeDueFsyncs<M extends Message, E>(k: Kernel<M, E>, host: HostState): void {
  const list = host.polled;
  if (list.length === 0) return;
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as PolledFsync;
    if (p.ok === undefined && p.dueUs <= k.clock) {
      applyFsync(p.op);
      p.ok = host.powerEpoch === p.op.powerEpoch && !host.disk.failFsync;
    }
    const issuer = k.nodeAt(p.node);
    if (p.ok !== undefined && (p.detached || !issuer.up || issuer.incarnation !== p.incarnation)) continue;
    list[kept++] = p;
  }
  // Only when one went: the `length` setter is a slow V8 builtin even when nothing changes.
  if (kept !== list.length) list.length = kept;
}

/** The completion of a polled fsync of this process, once it has completed by agoUs ago (then forgotten); undefined before. */
export function pollFsync<M extends Message, E>(
  k: Kernel<M, E>,
  node: NodeState<M, E>,
  opId: number,
  agoUs: Micros = 0,
): DiskCompletion | undefined {
  const host = node.host;
  completeDueFsyncs(k, host);
  const i = host.polled.findIndex((p) => p.op.opId === opId);
  const p = host.polled[i];
  if (p === undefined || p.ok === undefined || p.dueUs > k.clock - agoUs) return undefined;
  host.polled.splice(i, 1);
  return { op: 'fsync', path: p.op.token.path, opId, ok: p.ok, durable: p.op.token.upTo };
}

/** Before fsyncs start failing (or stop): the due ones complete as they were; the rest complete as events. */
export function deliverPolledFsyncs<M extends Message, E>(k: Kernel<M, E>, host: HostState): void {
  completeDueFsyncs(k, host);
  const list = host.polled;
  let kept = 0;
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as PolledFsync;
    if (p.ok === undefined) k.queue.push(p.dueUs, DISK_DONE, p.node, p.op.opId, 0, p.incarnation, p.op);
    else list[kept++] = p;
  }
  list.length = kept;
}

/** Power loss: the due ones completed before it; the rest never will. */
export function losePolledFsyncs<M extends Message, E>(k: Kernel<M, E>, host: HostState): void {
  completeDueFsyncs(k, host);
  for (const p of host.polled) if (p.ok === undefined) host.disk.endFsync(p.op.token, false);
  host.polled.length = 0;
}
