import { describe, expect, it } from 'vitest';
import { Simulation, nodeId, ms, sec } from '../../sim/engine/index.js';
import { Probe, type TestMsg } from './probe.js';

function world(seed = 1): { sim: Simulation<TestMsg, string>; probes: Map<string, Probe[]> } {
  const sim = new Simulation<TestMsg, string>({ seed, describeEvent: (e) => e });
  const probes = new Map<string, Probe[]>();
  for (const name of ['a', 'b', 'c']) {
    probes.set(name, []);
    sim.addNode(name, () => {
      const p = new Probe();
      probes.get(name)?.push(p);
      return p;
    });
  }
  return { sim, probes };
}

const latest = (probes: Map<string, Probe[]>, name: string): Probe => {
  const list = probes.get(name) ?? [];
  const p = list[list.length - 1];
  if (p === undefined) throw new Error(`no instance of ${name}`);
  return p;
};

describe('crash and restart', () => {
  it("a crashed node's timers and pending RPC callbacks never fire", () => {
    const { sim, probes } = world();
    sim.runUntil(ms(1));
    const a = latest(probes, 'a');
    latest(probes, 'b').autoReply = false; // b never answers, so a's RPC stays pending
    sim.at(ms(2), () => {
      a.ctx.setTimer('later', sec(1));
      a.ctx.rpc(nodeId('b'), { type: 'REQ', n: 1 }, sec(2));
    });
    sim.at(ms(500), () => sim.crash(nodeId('a')));
    sim.runUntil(sec(5));
    expect(a.of('timer')).toEqual([]);
    expect(a.of('reply')).toEqual([]);
    expect(sim.isUp(nodeId('a'))).toBe(false);
  });

  it('restart builds a fresh instance whose old timers stay dead and which sees only the disk', () => {
    const { sim, probes } = world();
    sim.runUntil(ms(1));
    const first = latest(probes, 'a');
    sim.at(ms(2), () => {
      first.ctx.setTimer('old', sec(2));
      first.ctx.disk.writeFile('state', 'from-first');
    });
    sim.at(sec(1), () => sim.crash(nodeId('a')));
    sim.at(sec(1.5), () => sim.restart(nodeId('a')));
    sim.runUntil(sec(5));
    const second = latest(probes, 'a');
    expect(second).not.toBe(first);
    expect(second.of('start')).toHaveLength(1);
    expect(second.of('timer')).toEqual([]); // the first incarnation's timer does not reach the second
    // A process crash keeps the page cache: the unsynced write is still there.
    expect(second.ctx.disk.readFile('state')).toBe('from-first');
  });

  it('in-flight messages to a process that restarts before they arrive are dropped as stale', () => {
    const sim = new Simulation<TestMsg, string>({
      seed: 1,
      describeEvent: (e) => e,
      network: { latency: { kind: 'fixed', us: ms(100) } },
    });
    const bs: Probe[] = [];
    const a = new Probe();
    sim.addNode('a', () => a);
    sim.addNode('b', () => {
      const p = new Probe();
      bs.push(p);
      return p;
    });
    sim.at(ms(1), () => a.ctx.send(nodeId('b'), { type: 'MSG', n: 7 }));
    sim.at(ms(10), () => sim.restart(nodeId('b')));
    sim.runUntil(sec(1));
    expect(bs).toHaveLength(2);
    expect(bs.flatMap((p) => p.of('msg'))).toEqual([]);
  });
});

describe('pause', () => {
  it('nothing runs while paused; timers and messages fire late, in order, on resume', () => {
    const { sim, probes } = world();
    sim.runUntil(ms(1));
    const a = latest(probes, 'a');
    const b = latest(probes, 'b');
    sim.at(ms(2), () => {
      a.ctx.setTimer('t1', ms(100));
      a.ctx.setTimer('t2', ms(200));
    });
    sim.at(ms(50), () => sim.pause(nodeId('a')));
    sim.at(ms(60), () => b.ctx.send(nodeId('a'), { type: 'MSG', n: 1 }));
    sim.at(sec(3), () => sim.resume(nodeId('a')));
    sim.runUntil(sec(4));
    const seen = a.log.filter((e) => e.what !== 'start').map((e) => [e.what, e.at]);
    // The message arrived at ~60 ms, t1 was due at 102 ms, t2 at 202 ms: all run at resume, in that order.
    expect(seen).toEqual([
      ['msg', sec(3)],
      ['timer', sec(3)],
      ['timer', sec(3)],
    ]);
    expect(a.of('timer').map((t) => t.name)).toEqual(['t1', 't2']);
  });
});

describe('timers', () => {
  it('a reset timer fires once at its new deadline; a cancelled one never', () => {
    const { sim, probes } = world();
    sim.runUntil(ms(1));
    const a = latest(probes, 'a');
    sim.at(ms(2), () => {
      a.ctx.setTimer('x', ms(100));
      a.ctx.setTimer('y', ms(100));
      expect(a.ctx.hasTimer('x')).toBe(true);
    });
    sim.at(ms(50), () => {
      a.ctx.setTimer('x', ms(500));
      a.ctx.cancelTimer('y');
      expect(a.ctx.hasTimer('y')).toBe(false);
    });
    sim.runUntil(sec(2));
    expect(a.of('timer')).toEqual([{ at: ms(550), what: 'timer', name: 'x' }]);
    expect(a.ctx.hasTimer('x')).toBe(false);
  });
});
