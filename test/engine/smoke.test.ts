import { describe, expect, it } from 'vitest';
import {
  Simulation,
  nodeId,
  sec,
  type Message,
  type NodeContext,
  type SimNode,
  type RpcOutcome,
  type NodeId,
} from '../../sim/engine/index.js';

interface Ping extends Message {
  readonly type: 'PING' | 'PONG';
  readonly n: number;
}
type Ctx = NodeContext<Ping, string>;

class Pinger implements SimNode<Ping, string> {
  replies: number[] = [];
  failures: string[] = [];
  constructor(private readonly peer: NodeId) {}
  onStart(ctx: Ctx): void {
    ctx.setTimer('tick', sec(1));
  }
  onMessage(): void {}
  onReply(_ctx: Ctx, _to: NodeId, _req: Ping, out: RpcOutcome<Ping>): void {
    if (out.ok) this.replies.push(out.response.n);
    else this.failures.push(out.reason);
  }
  onTimer(ctx: Ctx): void {
    ctx.rpc(this.peer, { type: 'PING', n: this.replies.length }, sec(3));
    ctx.setTimer('tick', sec(1));
  }
  onChannelClosed(): void {}
  onDiskDone(): void {}
}
class Ponger implements SimNode<Ping, string> {
  onStart(): void {}
  onMessage(ctx: Ctx, from: NodeId, msg: Ping, rpc: number): void {
    ctx.reply(from, rpc, { type: 'PONG', n: msg.n });
  }
  onReply(): void {}
  onTimer(): void {}
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

describe('engine smoke', () => {
  it('runs an rpc ping-pong and fails rpcs to a crashed peer', () => {
    const sim = new Simulation<Ping, string>({ seed: 1, describeEvent: (e) => e });
    const pinger = new Pinger(nodeId('b'));
    sim.addNode('a', () => pinger);
    sim.addNode('b', () => new Ponger());
    sim.runUntil(sec(5.5));
    expect(pinger.replies.length).toBe(5);
    sim.crash(nodeId('b'));
    sim.runUntil(sec(8.5));
    // No RPC was in flight at the crash; later ones find no process listening.
    expect(pinger.failures).toEqual(['refused', 'refused', 'refused']);
  });
});
