// A sink that declares the kinds it reads (TraceSink.readsEvent) gets those and
// no others, in the same order among the sinks as without the declaration; a
// sink added later is routed too.
import { describe, expect, it } from 'vitest';
import { ms, Simulation, type TraceSink } from '../../sim/engine/index.js';
import { Probe, type TestMsg } from './probe.js';

function recorder(name: string, calls: string[], reads?: (kind: string) => boolean): TraceSink<string> {
  const sink: TraceSink<string> = { onEvent: (_t, _n, e) => calls.push(`${name}:${e}`) };
  return reads === undefined ? sink : { ...sink, readsEvent: reads };
}

describe('event routes', () => {
  it('a declared sink receives only its kinds, in sink order; an undeclared one receives all', () => {
    const sim = new Simulation<TestMsg, string>({
      seed: 1,
      describeEvent: (e) => e,
      eventKind: (e) => e.split(' ')[0] ?? e,
    });
    const calls: string[] = [];
    sim.addSink(recorder('reg', calls, (k) => k === 'registered'));
    sim.addSink(recorder('all', calls));
    let probe: Probe | undefined;
    sim.addNode('a', () => (probe = new Probe()));
    const emit = (e: string): void => probe?.ctx.emit(e);
    sim.at(ms(1), () => ['registered 1', 'role 1', 'registered 2'].forEach(emit));
    sim.at(ms(2), () => sim.addSink(recorder('role', calls, (k) => k === 'role')));
    sim.at(ms(3), () => ['role 2', 'registered 3'].forEach(emit));
    sim.runUntil(ms(4));
    expect(calls).toEqual([
      'reg:registered 1',
      'all:registered 1',
      'all:role 1',
      'reg:registered 2',
      'all:registered 2',
      'all:role 2',
      'role:role 2',
      'reg:registered 3',
      'all:registered 3',
    ]);
  });

  it('without eventKind every sink receives every event', () => {
    const sim = new Simulation<TestMsg, string>({ seed: 1, describeEvent: (e) => e });
    const calls: string[] = [];
    sim.addSink(recorder('none', calls, () => false));
    let probe: Probe | undefined;
    sim.addNode('a', () => (probe = new Probe()));
    sim.at(ms(1), () => probe?.ctx.emit('role 1'));
    sim.runUntil(ms(2));
    expect(calls).toEqual(['none:role 1']);
  });
});
