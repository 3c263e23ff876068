// NodeContext.sendUnread: the answer to a one-way message its sender reads nothing of (DLedger's idle
// COMMIT push). It travels like any message, taking the link's draws and its place in the channel's
// FIFO order, and a partition drops it as before, but it raises no delivery.
import { describe, expect, it } from 'vitest';
import {
  Simulation,
  nodeId,
  sec,
  type KernelEvent,
  type Message,
  type NodeContext,
  type NodeId,
  type SimNode,
} from '../../sim/engine/index.js';

interface Note extends Message {
  readonly type: 'NOTE' | 'ANSWER' | 'AFTER';
}
type Ctx = NodeContext<Note, string>;

/** Sends a NOTE one-way each second; records what reaches it. */
class Sender implements SimNode<Note, string> {
  readonly got: { type: string; atUs: number }[] = [];
  constructor(private readonly peer: NodeId) {}
  onStart(ctx: Ctx): void {
    ctx.setTimer('tick', sec(1));
  }
  onMessage(ctx: Ctx, _from: NodeId, msg: Note): void {
    this.got.push({ type: msg.type, atUs: ctx.now() });
  }
  onReply(): void {}
  onTimer(ctx: Ctx): void {
    ctx.send(this.peer, { type: 'NOTE' });
    ctx.setTimer('tick', sec(1));
  }
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

/** Answers every NOTE unread, then sends an AFTER on the same channel (or with `heard`, answers it heard). */
class Answerer implements SimNode<Note, string> {
  constructor(private readonly heard: boolean) {}
  onStart(): void {}
  onMessage(ctx: Ctx, from: NodeId): void {
    if (this.heard) ctx.send(from, { type: 'ANSWER' });
    else ctx.sendUnread(from, { type: 'ANSWER' });
    ctx.send(from, { type: 'AFTER' });
  }
  onReply(): void {}
  onTimer(): void {}
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

function run(heard: boolean, cut: boolean): { sender: Sender; drops: string[]; delivered: number } {
  const sim = new Simulation<Note, string>({ seed: 3, describeEvent: (e) => e });
  const sender = new Sender(nodeId('b'));
  const drops: string[] = [];
  sim.addSink({
    onKernel: (_t: number, e: KernelEvent) => {
      if (e.kind === 'drop') drops.push(`${e.type} ${e.reason}`);
    },
  });
  sim.addNode('a', () => sender);
  sim.addNode('b', () => new Answerer(heard));
  sim.runUntil(sec(3.5));
  if (cut) sim.partitionOneWay([nodeId('b')], [nodeId('a')]);
  sim.runUntil(sec(5.5));
  return { sender, drops, delivered: sim.stats()['delivered'] ?? -1 };
}

describe('sendUnread', () => {
  it('takes the same draws and FIFO place as a heard answer, and is delivered to no one', () => {
    const heard = run(true, false);
    const unread = run(false, false);
    const after = (r: { sender: Sender }): number[] =>
      r.sender.got.filter((g) => g.type === 'AFTER').map((g) => g.atUs);
    expect(unread.sender.got.map((g) => g.type)).toEqual(['AFTER', 'AFTER', 'AFTER', 'AFTER', 'AFTER']);
    // The AFTER behind each answer arrives exactly when it did behind a heard one: same draws, same channel order.
    expect(after(unread)).toEqual(after(heard));
    expect(unread.delivered).toBe(heard.delivered - 5);
  });

  it('is dropped by a partition as any message is, with the drop traced', () => {
    const unread = run(false, true);
    expect(unread.drops).toEqual(['ANSWER partition', 'AFTER partition', 'ANSWER partition', 'AFTER partition']);
  });
});
