import { describe, expect, it } from 'vitest';
import { JsonlTraceSink, Simulation, nodeId, ms, sec } from '../../sim/engine/index.js';
import { Probe, type TestMsg } from './probe.js';

function world(): { sim: Simulation<TestMsg, string>; a: Probe; b: Probe } {
  const sim = new Simulation<TestMsg, string>({
    seed: 1,
    describeEvent: (e) => e,
    network: { latency: { kind: 'fixed', us: ms(1) } },
  });
  const a = new Probe();
  const b = new Probe();
  sim.addNode('a', () => a);
  sim.addNode('b', () => b);
  sim.runUntil(ms(1));
  return { sim, a, b };
}

describe('clock skew', () => {
  it("shifts the node's clock reading but not its timers", () => {
    const { sim, a, b } = world();
    sim.at(ms(10), () => sim.setClockSkew(nodeId('a'), sec(-5)));
    sim.at(ms(20), () => a.ctx.setTimer('t', ms(100)));
    sim.runUntil(sec(1));
    expect(a.ctx.now()).toBe(sec(1) - sec(5));
    expect(b.ctx.now()).toBe(sec(1));
    expect(a.of('timer')[0]?.at).toBe(ms(120) - sec(5)); // fired at true 120 ms, read on a's skewed clock
  });
});

describe('stats and JSONL', () => {
  it('counts deliveries, drops, bytes and rpcs, and renders the trace as JSON lines', () => {
    const { sim, a } = world();
    const lines: string[] = [];
    sim.addSink(
      new JsonlTraceSink(
        (l) => lines.push(l),
        (e: string) => e,
        { hot: true },
      ),
    );
    sim.at(ms(2), () => {
      a.ctx.send(nodeId('b'), { type: 'MSG', n: 1 }, { bytes: 100 });
      a.ctx.rpc(nodeId('b'), { type: 'REQ', n: 2 }, sec(1), { bytes: 50 });
      a.ctx.emit('hello from a');
    });
    sim.at(ms(10), () => sim.partition([nodeId('a')], [nodeId('b')]));
    sim.at(ms(11), () => a.ctx.send(nodeId('b'), { type: 'MSG', n: 3 }, { bytes: 10 }));
    sim.runUntil(sec(2));
    const stats = sim.stats();
    expect(stats['delivered']).toBe(3); // MSG, REQ, RESP
    expect(stats['dropped']).toBe(1);
    expect(stats['bytesSent']).toBe(160);
    expect(stats['rpcs']).toBe(1);
    const parsed = lines.map((l) => JSON.parse(l) as { layer: string; kind?: string; text: string });
    expect(parsed.filter((p) => p.kind === 'deliver')).toHaveLength(3);
    expect(parsed.some((p) => p.layer === 'domain' && p.text === 'hello from a')).toBe(true);
    expect(parsed.some((p) => p.kind === 'drop' && p.text.includes('(partition)'))).toBe(true);
    expect(parsed.some((p) => p.kind === 'fault' && p.text.startsWith('fault partition'))).toBe(true);
  });
});
