// The run loop's watchdog: a simulation whose clock stops advancing (a timer
// re-armed with a zero period, two nodes answering each other at one instant)
// would spin forever. The loop counts events down and, every `stallEvents`
// events, checks that the clock moved since the previous check: one counter
// compare per event. A stall stops the run with SimulationStalled, naming the
// node and the timer or message at the head of the queue (exit 3 in the CLI).
import type { Kernel } from './kernel.js';
import type { Message } from './node.js';
import { CHANNEL_CLOSED, DELIVER, DISK_DONE, RPC_REFUSED, RPC_TIMEOUT, TIMER } from './node-state.js';
import { formatTime, type Micros } from './time.js';

/** Events at one instant before the run is declared stalled (no real run comes near: 10M events in one microsecond). */
export const DEFAULT_STALL_EVENTS = 10_000_000;

export class SimulationStalled extends Error {
  constructor(
    readonly atUs: Micros,
    readonly node: string,
    readonly what: string,
    readonly events: number,
  ) {
    super(
      `the simulated clock stopped at ${formatTime(atUs)}: ${events} events without time advancing; the next is ${what} of ${node}`,
    );
    this.name = 'SimulationStalled';
  }
}

const KIND_NAMES: Readonly<Record<number, string>> = {
  [DELIVER]: 'a message delivery',
  [RPC_TIMEOUT]: 'an RPC timeout',
  [CHANNEL_CLOSED]: 'a channel close',
  [DISK_DONE]: 'a disk completion',
  [RPC_REFUSED]: 'a refused RPC',
};

/** Throws SimulationStalled describing the event at the head of the queue. */
export function stalled<M extends Message, E>(k: Kernel<M, E>, events: number): never {
  const q = k.queue;
  const slot = q.peekSlot();
  const kind = q.kind[slot] as number;
  const index = q.node[slot] as number;
  const node = k.nodes[index];
  const what =
    kind === TIMER
      ? `timer "${node?.timerNames[q.a[slot] as number] ?? '?'}"`
      : (KIND_NAMES[kind] ?? 'a kernel action');
  throw new SimulationStalled(k.clock, node?.id ?? 'the kernel', what, events);
}
