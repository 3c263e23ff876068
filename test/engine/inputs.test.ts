// Workload inputs (sim/engine/inputs.ts): no queue event, yet each comes at its
// instant, ordered with the events of the same instant as a timer armed then.
import { describe, expect, it } from 'vitest';
import { Simulation, nodeId, ms, type NodeContext, type SimNode } from '../../sim/engine/index.js';
import type { TestMsg } from './probe.js';

type Ctx = NodeContext<TestMsg, string>;

/** Logs its timers and inputs; each input schedules the next one `everyUs` later, `count` times. */
class Arrivals implements SimNode<TestMsg, string> {
  readonly log: string[] = [];
  ctx: Ctx | undefined;
  constructor(
    private readonly everyUs: number,
    private count: number,
  ) {}
  onStart(ctx: Ctx): void {
    this.ctx = ctx;
    ctx.setTimer('before', this.everyUs); // armed before the first input: fires before it
    ctx.scheduleInput(this.everyUs);
  }
  onInput(ctx: Ctx): void {
    this.log.push(`input@${ctx.now()}`);
    if (--this.count > 0) ctx.scheduleInput(this.everyUs);
  }
  onTimer(ctx: Ctx, name: string): void {
    this.log.push(`${name}@${ctx.now()}`);
  }
  onMessage(): void {}
  onReply(): void {}
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

function world(everyUs: number, count: number): { sim: Simulation<TestMsg, string>; nodes: Arrivals[] } {
  const sim = new Simulation<TestMsg, string>({ seed: 1, describeEvent: (e) => e });
  const nodes: Arrivals[] = [];
  sim.addNode('p', () => {
    const n = new Arrivals(everyUs, count);
    nodes.push(n);
    return n;
  });
  return { sim, nodes };
}

const last = (nodes: Arrivals[]): Arrivals => {
  const n = nodes[nodes.length - 1];
  if (n === undefined) throw new Error('not started');
  return n;
};

describe('workload inputs', () => {
  it('come at their instants, are no events, and order with same-instant events as a timer armed then', () => {
    const { sim, nodes } = world(ms(1), 3);
    sim.runUntil(0);
    const ctx = last(nodes).ctx;
    if (ctx === undefined) throw new Error('not started');
    ctx.setTimer('after', ms(1)); // armed after the first input was scheduled (onStart): fires after it
    const before = sim.eventsProcessed;
    sim.runUntil(ms(10));
    expect(last(nodes).log).toEqual(['before@1000', 'input@1000', 'after@1000', 'input@2000', 'input@3000']);
    expect(sim.eventsProcessed - before).toBe(2); // the timers only
    expect(sim.stats()['inputs']).toBe(3);
  });

  it('a crashed process loses its input; a paused one gets it late, on resume', () => {
    const crashed = world(ms(5), 1);
    crashed.sim.at(ms(1), () => crashed.sim.crash(nodeId('p')));
    crashed.sim.runUntil(ms(10));
    expect(last(crashed.nodes).log).toEqual([]);

    const paused = world(ms(5), 1);
    paused.sim.at(ms(1), () => paused.sim.pause(nodeId('p')));
    paused.sim.at(ms(8), () => paused.sim.resume(nodeId('p')));
    paused.sim.runUntil(ms(10));
    expect(last(paused.nodes).log).toEqual(['before@8000', 'input@8000']);
  });

  it('scheduling again replaces the input scheduled', () => {
    const { sim, nodes } = world(ms(5), 2);
    sim.runUntil(0);
    last(nodes).ctx?.scheduleInput(ms(2));
    sim.runUntil(ms(20));
    expect(last(nodes).log).toEqual(['input@2000', 'before@5000', 'input@7000']);
  });
});
