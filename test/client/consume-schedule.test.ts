// The consume threads' completions are computed, not timed (ConsumeService):
// proven here equal to the reference that arms a timer at every completion,
// through crashes, restarts, pauses, clock jumps, failures sent back to the
// broker and a pool with a backlog; and independent of how the run is chunked.
import { describe, expect, it } from 'vitest';
import { ms, nodeId, sec, toPerMillion } from '../../sim/engine/index.js';
import { DEFAULT_CLIENT_CONFIG } from '../../sim/client/config.js';
import { ConsumerNode } from '../../sim/client/consumer.js';
import type { History } from '../../sim/history/history.js';
import { addProducer, consumerSpec, harness, producerSpec, type Harness } from './harness.js';

interface Run {
  readonly h: Harness;
  readonly consumptions: string[];
  readonly commits: string[];
  readonly timersFired: number;
}

function rows(history: History): { consumptions: string[]; commits: string[] } {
  const c = history.consumptions;
  const consumptions: string[] = [];
  for (let i = 0; i < c.length; i++)
    consumptions.push(
      [
        c.col.atUs.get(i),
        c.col.uid.get(i),
        history.names.nameOf(c.col.instance.get(i)),
        c.col.queueId.get(i),
        c.col.queueOffset.get(i),
        c.col.attempt.get(i),
        c.col.result.get(i),
      ].join(' '),
    );
  const m = history.commits;
  const commits: string[] = [];
  for (let i = 0; i < m.length; i++)
    commits.push(
      [m.col.atUs.get(i), history.names.nameOf(m.col.instance.get(i)), m.col.queueId.get(i), m.col.offset.get(i)].join(
        ' ',
      ),
    );
  return { consumptions: consumptions.sort(), commits: commits.sort() };
}

function run(timeEvery: boolean, failureRate: number, chunkUs?: number | 'step', endUs = sec(100)): Run {
  const h = harness({ seed: 21 });
  addProducer(h, 'pg-1', producerSpec({ rate: { kind: 'constant', perSecond: 120 }, stopUs: sec(60) }));
  // Two threads and 20 ms per message against ~60 msg/s per instance: a real backlog in the pool.
  const spec = consumerSpec({ consumeTimeUs: 20_000, consumeThreads: 2, failureRate: toPerMillion(failureRate) });
  for (const name of ['cg-1', 'cg-2']) {
    const clientIndex = h.nextClientIndex++;
    h.sim.addNode(
      name,
      () =>
        new ConsumerNode({
          spec,
          config: DEFAULT_CLIENT_CONFIG,
          namesrvs: h.namesrvs,
          clientIndex,
          history: h.history,
          timeEveryConsumption: timeEvery,
        }),
    );
  }
  const cg1 = nodeId('cg-1');
  const cg2 = nodeId('cg-2');
  h.sim.at(sec(12) + 333, () => h.sim.pause(cg1));
  h.sim.at(sec(14) + 777, () => h.sim.resume(cg1));
  // The clock steps forward and back while consumptions run, on a running and on a paused process.
  for (let i = 0; i < 40; i++)
    h.sim.at(sec(16) + ms(50) * i + 3, () => h.sim.setClockSkew(cg2, ms(i % 2 === 0 ? 7 : -3)));
  h.sim.at(sec(13), () => h.sim.setClockSkew(cg1, ms(5)));
  h.sim.at(sec(18), () => h.sim.setClockSkew(cg2, 0));
  for (let i = 0; i < 8; i++) {
    h.sim.at(sec(30 + 3 * i) + 97 * i, () => h.sim.crash(i % 2 === 0 ? cg2 : cg1));
    h.sim.at(sec(31 + 3 * i), () => h.sim.restart(i % 2 === 0 ? cg2 : cg1));
  }
  const end = endUs;
  if (chunkUs === 'step') {
    // Teaching mode: one event at a time, every node settled between two (Simulation.step).
    while (h.sim.now < end - sec(1) && h.sim.step());
    h.sim.runUntil(end);
  } else if (chunkUs === undefined) h.sim.runUntil(end);
  else for (let t = chunkUs; t < end + chunkUs; t += chunkUs) h.sim.runUntil(Math.min(t, end));
  return { h, ...rows(h.history), timersFired: h.sim.stats()['timersFired'] ?? 0 };
}

describe('consume completions computed without a timer each', () => {
  it.each([0, 0.002, 0.05])(
    'record the same consumptions, at the same instants, and the same commits as a timer per completion (failure rate %s)',
    (failureRate) => {
      const lazy = run(false, failureRate);
      const timed = run(true, failureRate);
      expect(lazy.consumptions.length).toBeGreaterThan(5_000);
      // The faults hit consumptions in flight, and some failed and went back to the broker.
      if (failureRate > 0) expect(lazy.consumptions.some((r) => r.endsWith(' 2'))).toBe(true);
      expect(lazy.consumptions).toEqual(timed.consumptions);
      expect(lazy.commits).toEqual(timed.commits);
      if (failureRate < 0.01) expect(lazy.timersFired).toBeLessThan(timed.timersFired - lazy.consumptions.length / 2);
    },
  );

  it('do not depend on how often the run is stopped and observed', () => {
    const whole = run(false, 0.002);
    const chunked = run(false, 0.002, 1_234_567);
    expect(chunked.consumptions).toEqual(whole.consumptions);
    expect(chunked.commits).toEqual(whole.commits);
    expect(chunked.h.sim.traceHash()).toBe(whole.h.sim.traceHash());
  });

  it('do not depend on being observed after every event (step)', () => {
    const whole = run(false, 0.05, undefined, sec(100));
    const stepped = run(false, 0.05, 'step', sec(100));
    expect(stepped.consumptions).toEqual(whole.consumptions);
    expect(stepped.h.sim.stats()).toEqual(whole.h.sim.stats());
    expect(stepped.h.sim.traceHash()).toBe(whole.h.sim.traceHash());
  });
});
