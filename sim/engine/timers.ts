// Named timers with lazy re-arming (issue 9: a timer event that would find
// nothing to do is not an event). Most timers guard against something that
// rarely happens (a quorum ack that does not come, a heartbeat that stops)
// and are reset or cancelled long before they are due; one queue event per
// reset was more than one event per message at 1,000 msg/s, each popping
// only to be skipped. Here a timer keeps at most one live queue event: a
// reset to a later instant only records the new due time, and when the
// queued event comes up early it is queued again at the due time instead of
// firing (cancelled: it is dropped). A reset to an earlier instant queues a
// new event and makes the old one stale by its generation. A firing happens
// exactly at the timer's due time, as with one event per reset; only the
// order among events of the very same microsecond may differ (a re-queued
// event takes its sequence number when re-queued).
import { fail } from '../base/index.js';
import type { Kernel } from './kernel.js';
import type { Message } from './node.js';
import { TIMER, type NodeState } from './node-state.js';
import type { Micros } from './time.js';

export function setTimer<M extends Message, E>(
  k: Kernel<M, E>,
  node: NodeState<M, E>,
  name: string,
  delayUs: Micros,
): void {
  if (!(delayUs >= 0 && Number.isFinite(delayUs))) fail(`${node.id}: timer ${name} with bad delay ${delayUs}`);
  let idx = node.timerIndex.get(name);
  if (idx === undefined) {
    idx = node.timerNames.length;
    node.timerIndex.set(name, idx);
    node.timerNames.push(name);
    node.timerGen.push(0);
    node.timerDue.push(-1);
    node.timerQueued.push(-1);
  }
  const due = k.clock + Math.round(delayUs);
  node.timerDue[idx] = due;
  const queued = node.timerQueued[idx] as Micros;
  if (queued >= 0 && queued <= due) return; // the queued event re-queues itself at `due`
  const gen = (node.timerGen[idx] as number) + 1;
  node.timerGen[idx] = gen;
  node.timerQueued[idx] = due;
  k.queue.push(due, TIMER, node.index, idx, gen, node.incarnation, undefined);
}

export function cancelTimer<M extends Message, E>(node: NodeState<M, E>, name: string): void {
  const idx = node.timerIndex.get(name);
  // The queued event stays and is dropped when it comes up.
  if (idx !== undefined) node.timerDue[idx] = -1;
}

export function hasTimer<M extends Message, E>(node: NodeState<M, E>, name: string): boolean {
  const idx = node.timerIndex.get(name);
  return idx !== undefined && (node.timerDue[idx] as Micros) >= 0;
}

/** Time until the named timer fires (true time, unaffected by clock skew), or -1 when it is not armed. */
export function timerDelay<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>, name: string): Micros {
  const idx = node.timerIndex.get(name);
  const due = idx === undefined ? -1 : (node.timerDue[idx] as Micros);
  return due < 0 ? -1 : due - k.clock;
}

/**
 * A TIMER event of `node` came up at k.clock: true when the timer fires now
 * (it is disarmed); false when the event was stale, cancelled, or re-queued
 * at the timer's later due time.
 */
export function timerComesUp<M extends Message, E>(
  k: Kernel<M, E>,
  node: NodeState<M, E>,
  idx: number,
  gen: number,
): boolean {
  if (node.timerGen[idx] !== gen) return false; // superseded by an earlier reset
  node.timerQueued[idx] = -1;
  const due = node.timerDue[idx] as Micros;
  if (due < 0) return false; // cancelled
  if (due > k.clock) {
    node.timerQueued[idx] = due;
    k.queue.push(due, TIMER, node.index, idx, gen, node.incarnation, undefined);
    return false;
  }
  node.timerDue[idx] = -1;
  return true;
}
