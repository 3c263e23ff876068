// A busy random workload for determinism tests: nodes exchange one-way
// messages and RPCs with random peers at random times over a lognormal
// network, with a crash, a restart and a partition thrown in.
import {
  Simulation,
  nodeId,
  ms,
  sec,
  type Message,
  type NodeContext,
  type NodeId,
  type RpcOutcome,
  type SimNode,
  toPerMillion,
} from '../../sim/engine/index.js';

interface Gossip extends Message {
  readonly type: 'GOSSIP' | 'ASK' | 'ANSWER';
  readonly hops: number;
}
type Ctx = NodeContext<Gossip, string>;

class Gossiper implements SimNode<Gossip, string> {
  private seen = 0;
  constructor(private readonly peers: readonly NodeId[]) {}
  onStart(ctx: Ctx): void {
    ctx.setTimer('tick', ctx.rng.int(1, 5_000));
  }
  onMessage(ctx: Ctx, from: NodeId, msg: Gossip, rpcId: number): void {
    this.seen++;
    if (rpcId > 0) ctx.reply(from, rpcId, { type: 'ANSWER', hops: msg.hops + 1 });
    else if (msg.hops < 3) ctx.send(ctx.rng.choice(this.peers), { type: 'GOSSIP', hops: msg.hops + 1 });
    if (this.seen % 50 === 0) ctx.emit(`${ctx.id} saw ${this.seen}`);
  }
  onReply(ctx: Ctx, _to: NodeId, _req: Gossip, outcome: RpcOutcome<Gossip>): void {
    if (!outcome.ok) ctx.emit(`${ctx.id} rpc ${outcome.reason}`);
  }
  onTimer(ctx: Ctx): void {
    const peer = ctx.rng.choice(this.peers);
    if (ctx.rng.chance(toPerMillion(0.3))) ctx.rpc(peer, { type: 'ASK', hops: 0 }, ms(50));
    else ctx.send(peer, { type: 'GOSSIP', hops: 0 });
    ctx.setTimer('tick', ctx.rng.int(1, 5_000));
  }
  onChannelClosed(ctx: Ctx, peer: NodeId): void {
    ctx.emit(`${ctx.id} lost ${peer}`);
  }
  onDiskDone(): void {}
}

export interface GossipRun {
  readonly hash: string;
  readonly events: number;
}

export function runGossip(seed: number, nodes = 8, duration = sec(2)): GossipRun {
  const sim = new Simulation<Gossip, string>({ seed, describeEvent: (e) => e });
  const names = Array.from({ length: nodes }, (_, i) => `g${i}`);
  for (const name of names) sim.addNode(name, () => new Gossiper(names.filter((n) => n !== name).map(nodeId)));
  sim.at(duration / 4, () => sim.crash(nodeId('g1')));
  sim.at(duration / 3, () => sim.partition([nodeId('g2')], [nodeId('g3'), nodeId('g4')]));
  sim.at(duration / 2, () => sim.restart(nodeId('g1')));
  sim.at((duration * 2) / 3, () => sim.heal());
  sim.runUntil(duration);
  return { hash: sim.traceHash(), events: sim.eventsProcessed };
}
