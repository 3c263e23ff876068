// Workload inputs: the instants at which the outside world hands a process
// something to do (an open-loop producer's next message arrival, issue 9).
// An arrival is the environment's act, not the simulated system's: the
// cluster's own events are the send it starts and everything after. So it
// is no queue event (not counted, not in the trace hash): the kernel keeps
// each process's one next input instant beside the queue and calls the
// process's onInput at that instant, before any event that would come after
// it in (time, seq) order. The input takes a sequence number from the queue
// when it is scheduled, exactly as a timer armed then would, so the run
// around it is the same as with a timer. A paused process gets its input
// late, on resume, as it gets its timers; a stopped one loses it.
import { fail } from '../base/index.js';
import type { Kernel } from './kernel.js';
import type { Message } from './node.js';
import type { NodeState } from './node-state.js';
import type { Micros } from './time.js';

/** Schedules the node's next input after delayUs (true time, as timers), replacing any one scheduled. */
export function scheduleInput<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>, delayUs: Micros): void {
  if (!(delayUs >= 0 && Number.isFinite(delayUs))) fail(`${node.id}: input with bad delay ${delayUs}`);
  node.inputDueUs = k.clock + Math.round(delayUs);
  node.inputSeq = k.queue.reserveSeq();
  if (!k.inputNodes.includes(node)) k.inputNodes.push(node);
  nextInput(k);
}

/** The node stops (crash, power loss): its scheduled input is gone. */
export function dropInput<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): void {
  if (node.inputDueUs < 0) return;
  node.inputDueUs = -1;
  nextInput(k);
}

/** Whether the next input comes before the queue's next event (both at or before `until`). */
export function inputFirst<M extends Message, E>(k: Kernel<M, E>, until: Micros): boolean {
  const due = k.nextInputUs;
  if (due > until) return false;
  const q = k.queue;
  if (q.size === 0) return true;
  const t = q.peekTime();
  return due < t || (due === t && (k.nextInput?.inputSeq ?? 0) < q.peekSeq());
}

/** Runs the next input: the clock moves to its instant and the node's onInput runs (late, on resume, if it is paused). */
export function runInput<M extends Message, E>(k: Kernel<M, E>): void {
  const node = k.nextInput;
  if (node === undefined) fail('runInput with no input scheduled');
  k.clock = node.inputDueUs;
  node.inputDueUs = -1;
  nextInput(k);
  if (node.paused) {
    node.inputLate = true;
    return;
  }
  const instance = node.instance;
  const ctx = node.ctx;
  if (!node.up || instance === undefined || ctx === undefined) return;
  k.counters.inputs++;
  instance.onInput?.(ctx);
}

/** After a pause: an input that came while the process stood still comes now. */
export function resumeInput<M extends Message, E>(k: Kernel<M, E>, node: NodeState<M, E>): void {
  if (!node.inputLate) return;
  node.inputLate = false;
  if (node.inputDueUs < 0) scheduleInput(k, node, 0);
}

/**
 * Caches the earliest scheduled input (time, then sequence) over the nodes that have one. A node
 * without one stays listed (at most every node, a few producers): shrinking the list twice per
 * input went through V8's slow `length` setter, and the order of the list decides nothing.
 */
function nextInput<M extends Message, E>(k: Kernel<M, E>): void {
  let best: NodeState<M, E> | undefined;
  const list = k.inputNodes;
  for (let i = 0; i < list.length; i++) {
    const n = list[i] as NodeState<M, E>;
    if (n.inputDueUs < 0) continue;
    if (
      best === undefined ||
      n.inputDueUs < best.inputDueUs ||
      (n.inputDueUs === best.inputDueUs && n.inputSeq < best.inputSeq)
    )
      best = n;
  }
  k.nextInput = best;
  k.nextInputUs = best === undefined ? Infinity : best.inputDueUs;
}
