// Process and host lifecycle, defined once against the one clock (style.md #8):
// - crash: the process dies on a live host. Its timers, pending RPCs and
//   undelivered inbound messages are gone; connected peers learn "channel
//   closed" after the data already in flight (the OS sends RST/FIN);
// - power loss: every process of the host dies with no RST; the disk loses
//   its page cache (unsynced writes), maybe tearing a log's tail;
// - restart: a fresh instance from the factory; it sees only the disk;
// - pause: nothing of the node runs; its events wait and fire late on resume.
import { assert } from '../base/index.js';
import { Context } from './context.js';
import type { Kernel } from './kernel.js';
import type { Message } from './node.js';
import { sendClose } from './messaging.js';
import { losePolledFsyncs } from './polled-fsync.js';
import { dropInput, resumeInput } from './inputs.js';
import type { HostState, NodeState } from './node-state.js';
import type { LifecycleChange } from './trace.js';

export function startNode<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>, what: LifecycleChange): void {
  if (node.up || !node.host.up) return;
  node.incarnation++;
  node.up = true;
  node.paused = false;
  node.timerIndex = new Map();
  node.timerNames = [];
  node.timerGen = [];
  node.timerDue = [];
  node.timerQueued = [];
  const instance = node.factory();
  const ctx = new Context(k, node);
  node.instance = instance;
  node.ctx = ctx;
  k.traceKernel({ kind: 'lifecycle', node: node.id, what });
  instance.onStart(ctx);
}

/** The node's lazily computed past catches up to now (SimNode.onSettle): before it stops, or before it is observed. */
export function settle<M extends Message, E>(node: NodeState<M, E>): void {
  if (!node.up || node.paused || node.ctx === undefined) return;
  node.instance?.onSettle?.(node.ctx);
}

/** The host's processes settle: before a fault on its disk, what they compute lazily (fsyncs issued by a late flush round) happened on the disk as it was. */
export function settleHost<M extends Message, E>(k: Kernel<M, E>, h: HostState): void {
  for (const i of h.nodes) settle(k.nodeAt(i));
}

/** Every running node settles (runUntil is about to return: its caller may read what they wrote). */
export function settleAll<M extends Message, E>(k: Kernel<M, E>): void {
  for (const node of k.nodes) settle(node);
}

/** The process is gone: new incarnation, its memory, deferred events and outgoing RPCs dropped. */
function kill<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): void {
  settle(node);
  node.up = false;
  node.paused = false;
  node.incarnation++;
  node.instance = undefined;
  node.ctx = undefined;
  node.inputLate = false;
  dropInput(k, node);
  for (const slot of node.deferred) k.queue.release(slot);
  node.deferred = [];
  for (const p of k.pending.inIdOrder()) if (p.caller === node.index) k.pending.delete(p.id);
}

export function crash<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): void {
  if (!node.up) return;
  kill(k, node);
  k.traceKernel({ kind: 'lifecycle', node: node.id, what: 'crash' });
  // The host is up, so the OS closes the process's sockets: every connected peer sees RST.
  for (const peer of k.net.takePeers(node.index, k.nodes.length)) {
    const p = k.nodeAt(peer);
    if (!p.up || k.net.isBlocked(node.index, peer)) continue;
    sendClose(k, node.index, peer, p.incarnation);
  }
}

export function restart<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): void {
  assert(node.host.up, `cannot restart ${node.id}: host ${node.host.id} is powered off`);
  if (node.up) crash(k, node);
  startNode(k, node, 'restart');
}

export function powerLoss<M extends Message, E>(k: Kernel<M, E>, h: HostState): void {
  if (!h.up) return;
  settleHost(k, h);
  losePolledFsyncs(k, h);
  for (const i of h.nodes) {
    const node = k.nodeAt(i);
    if (!node.up) continue;
    kill(k, node);
    // No RST: peers keep believing the connection is open until their own timeouts.
    for (let p = 0; p < k.nodes.length; p++) k.net.unlink(node.index, p);
  }
  h.up = false;
  h.powerEpoch++;
  h.disk.powerLoss(k.diskRng(h));
  k.traceKernel({ kind: 'lifecycle', node: h.id, what: 'power-loss' });
}

export function powerOn<M extends Message, E>(k: Kernel<M, E>, h: HostState): void {
  if (h.up) return;
  h.up = true;
  k.traceKernel({ kind: 'lifecycle', node: h.id, what: 'power-on' });
  for (const i of h.nodes) {
    const node = k.nodeAt(i);
    if (!node.up) startNode(k, node, 'restart');
  }
}

export function pause<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): void {
  if (!node.up || node.paused) return;
  settle(node);
  node.paused = true;
  k.traceKernel({ kind: 'lifecycle', node: node.id, what: 'pause' });
}

export function resume<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): void {
  if (!node.paused) return;
  node.paused = false;
  if (node.up && node.ctx !== undefined) node.instance?.onResume?.(node.ctx);
  k.traceKernel({ kind: 'lifecycle', node: node.id, what: 'resume' });
  // Everything that arrived meanwhile runs now, late, in its original order.
  const deferred = node.deferred;
  node.deferred = [];
  for (const slot of deferred) k.queue.pushSlot(k.clock, slot);
  resumeInput(k, node); // after them: an input due during the pause came after what was already waiting
}

/** Closes the TCP connection between a and b: both sides see "channel closed" after the data in flight. */
export function resetConnection<M extends Message, E>(k: Kernel<M, E>, a: NodeState<M, E>, b: NodeState<M, E>): void {
  k.net.unlink(a.index, b.index);
  for (const [obs, peer] of [
    [a, b],
    [b, a],
  ] as const) {
    if (obs.up) sendClose(k, peer.index, obs.index, obs.incarnation);
  }
}
