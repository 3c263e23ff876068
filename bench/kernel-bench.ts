// Kernel throughput: a steady queue of `pending` in-flight messages between
// 16 nodes; each delivery sends one new message to a random peer with a
// random latency, so the queue size stays constant. The same workload runs
// through a bare typed-array heap loop (no kernel), for the ratio.
import {
  EventQueue,
  RandomStream,
  Simulation,
  nodeId,
  type Message,
  type NodeContext,
  type NodeId,
  type SimNode,
} from '../sim/engine/index.js';

const NODES = 16;

interface BenchMsg extends Message {
  readonly type: 'BENCH';
}
const MSG: BenchMsg = Object.freeze({ type: 'BENCH' });
type Ctx = NodeContext<BenchMsg, string>;

class Relay implements SimNode<BenchMsg, string> {
  constructor(
    private readonly peers: readonly NodeId[],
    private readonly initial: number,
  ) {}
  onStart(ctx: Ctx): void {
    for (let i = 0; i < this.initial; i++) ctx.send(this.pick(ctx), MSG);
  }
  onMessage(ctx: Ctx): void {
    ctx.send(this.pick(ctx), MSG);
  }
  private pick(ctx: Ctx): NodeId {
    return this.peers[ctx.rng.int(0, this.peers.length - 1)] as NodeId;
  }
  onReply(): void {}
  onTimer(): void {}
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

export interface Throughput {
  readonly eventsPerSec: number;
  readonly events: number;
  readonly wallMs: number;
}

/** Runs the kernel until `events` events have been processed with ~`pending` in flight. */
export function kernelThroughput(pending: number, events: number, seed = 1): Throughput {
  const sim = new Simulation<BenchMsg, string>({
    seed,
    describeEvent: (e) => e,
    network: { latency: { kind: 'uniform', minUs: 1, maxUs: 1000 } },
  });
  const names = Array.from({ length: NODES }, (_, i) => nodeId(`n${i}`));
  for (const name of names) sim.addNode(name, () => new Relay(names, Math.ceil(pending / NODES)));
  sim.step(); // start events
  while (sim.pendingEvents < pending && sim.step());
  const before = sim.eventsProcessed;
  const t0 = performance.now();
  let horizon = sim.now;
  while (sim.eventsProcessed - before < events) {
    horizon += 1000;
    sim.runUntil(horizon);
  }
  const wallMs = performance.now() - t0;
  const done = sim.eventsProcessed - before;
  return { eventsPerSec: (done / wallMs) * 1000, events: done, wallMs };
}

/** The same steady-state loop on the bare heap: pop, draw a target and a latency, push. */
export function bareHeapThroughput(pending: number, events: number, seed = 1): Throughput {
  const q = new EventQueue<BenchMsg>();
  const rng = new RandomStream('bare', seed);
  for (let i = 0; i < pending; i++) q.push(rng.int(1, 1000), 1, rng.int(0, NODES - 1), 0, 0, 0, MSG);
  const t0 = performance.now();
  let checksum = 0;
  for (let i = 0; i < events; i++) {
    const now = q.peekTime();
    const slot = q.pop();
    checksum += q.node[slot] as number;
    q.release(slot);
    q.push(now + rng.int(1, 1000), 1, rng.int(0, NODES - 1), 0, 0, 0, MSG);
  }
  const wallMs = performance.now() - t0;
  if (checksum < 0) throw new Error('unreachable');
  return { eventsPerSec: (events / wallMs) * 1000, events, wallMs };
}
