// The event loop's body: pop the earliest event, drop it if its process is
// gone, defer it if its process is paused, and hand it to the process's
// handler. One switch on the event kind; no closure or allocation per event
// on the delivery and timer paths (engine-performance.md).
import { fail } from '../base/index.js';
import type { Kernel } from './kernel.js';
import { admitDelivery, deliver, failRpc, failRpcsOnChannel, scanRpcDeadlines } from './messaging.js';
import type { DiskCompletion, Message } from './node.js';
import {
  CHANNEL_CLOSED,
  CONTROL,
  DELIVER,
  DISK_DONE,
  RPC_REFUSED,
  RPC_SCAN,
  RPC_TIMEOUT,
  TIMER,
  type ControlAction,
  type NodeState,
  type PendingFsync,
} from './node-state.js';
import { applyFsync } from './node-ops.js';
import { timerComesUp } from './timers.js';

export function processNext<M extends Message, E>(k: Kernel<M, E>): void {
  const queue = k.queue;
  const time = queue.peekTime();
  const slot = queue.pop();
  k.clock = time;
  k.processed++;
  const kind = queue.kind[slot] as number;
  if (kind === CONTROL) {
    const action = queue.payload[slot] as ControlAction;
    queue.release(slot);
    action();
    return;
  }
  if (kind === RPC_SCAN) {
    queue.release(slot);
    scanRpcDeadlines(k);
    return;
  }
  const node = k.nodeAt(queue.node[slot] as number);
  if (kind === DISK_DONE) applyFsync(queue.payload[slot] as PendingFsync);
  if (kind === DELIVER) {
    if (!admitDelivery(k, node, slot)) {
      queue.release(slot);
      return;
    }
  } else if (!node.up || node.incarnation !== queue.c[slot]) {
    queue.release(slot); // the process this event belonged to is gone
    return;
  }
  if (node.paused) {
    node.deferred.push(slot);
    return;
  }
  dispatch(k, node, kind, slot);
  queue.release(slot);
}

function dispatch<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>, kind: number, slot: number): void {
  const q = k.queue;
  const instance = node.instance;
  const ctx = node.ctx;
  if (instance === undefined || ctx === undefined) fail(`${node.id} is up without an instance`);
  switch (kind) {
    case DELIVER:
      deliver(k, node, instance, ctx, q.a[slot] as number, q.b[slot] as number, q.payload[slot] as M);
      return;
    case TIMER: {
      const idx = q.a[slot] as number;
      if (!timerComesUp(k, node, idx, q.b[slot] as number)) return;
      k.counters.timersFired++;
      const name = node.timerNames[idx] ?? '';
      k.hasher.record(k.clock, TIMER);
      k.hasher.mixInt(node.index);
      k.hasher.mixInt(idx);
      if (k.hotSinks.length > 0) k.traceHot({ kind: 'timer', node: node.id, name });
      instance.onTimer(ctx, name);
      return;
    }
    case RPC_TIMEOUT:
      failRpc(k, q.a[slot] as number, 'timeout');
      return;
    case RPC_REFUSED:
      failRpc(k, q.a[slot] as number, 'refused');
      return;
    case CHANNEL_CLOSED: {
      const peer = k.nodeAt(q.a[slot] as number);
      k.net.unlink(node.index, peer.index);
      k.traceKernel({ kind: 'channel-closed', node: node.id, peer: peer.id });
      failRpcsOnChannel(k, node.index, peer.index);
      if (node.instance === instance) instance.onChannelClosed(ctx, peer.id);
      return;
    }
    case DISK_DONE: {
      const op = q.payload[slot] as PendingFsync;
      const done: DiskCompletion = {
        op: 'fsync',
        path: op.token.path,
        opId: op.opId,
        ok: !op.host.disk.failFsync,
        durable: op.token.upTo,
      };
      instance.onDiskDone(ctx, done);
      return;
    }
    default:
      fail(`unknown event kind ${kind}`);
  }
}
