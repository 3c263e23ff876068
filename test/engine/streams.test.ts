// Per-link and per-host random streams (issue 11 part 4): every link draws its
// latency, jitter, loss, duplication and reordering from its own stream, and
// every host its fsync latencies and torn tails, each seeded from (run seed,
// family, endpoint or host names). So adding a node, with links and a disk of
// its own that draw all the time, leaves what an existing link and disk draw
// unchanged: the same arrivals at the same instants, the same fsync times.
import { describe, expect, it } from 'vitest';
import { Simulation, nodeId, ms, sec, toPerMillion } from '../../sim/engine/index.js';
import { Probe, type TestMsg } from './probe.js';
import { hostId } from '../../sim/engine/index.js';

const A = nodeId('a');
const B = nodeId('b');
const FAULTY = {
  loss: toPerMillion(0.1),
  duplicate: toPerMillion(0.1),
  reorder: toPerMillion(0.1),
  reorderWindowUs: ms(5),
};

interface Seen {
  /** What b received from a, as [time, n]. */
  readonly aToB: [number, number][];
  /** What a received from b. */
  readonly bToA: [number, number][];
  /** When a's fsyncs completed. */
  readonly fsyncs: number[];
  /** Messages and fsyncs the extra nodes caused (0 without them). */
  readonly extraWork: number;
}

/** a and b talk over a lossy link and a fsyncs its log; with `extra`, x (added first: every index shifts) and y join in. */
function run(seed: number, extra: boolean): Seen {
  const sim = new Simulation<TestMsg, string>({
    seed,
    describeEvent: (e) => e,
    network: { latency: { kind: 'lognormal', medianUs: 300, sigma: 0.6 } },
  });
  const x = new Probe();
  const y = new Probe();
  if (extra) sim.addNode('x', () => x);
  const a = new Probe();
  const b = new Probe();
  sim.addNode('a', () => a);
  sim.addNode('b', () => b);
  if (extra) sim.addNode('y', () => y);
  sim.at(ms(1), () => {
    sim.setPacketFaults([nodeId('a')], [nodeId('b')], FAULTY);
    if (extra)
      sim.setPacketFaults([nodeId('x'), nodeId('y')], [nodeId('a'), nodeId('b'), nodeId('x'), nodeId('y')], FAULTY);
  });
  for (let i = 0; i < 300; i++) {
    sim.at(ms(2 + i), () => {
      if (extra) {
        // Before a's draws at the same instant: with one shared stream these would shift every one of them.
        for (const p of [x, y]) {
          p.ctx.send(A, { type: 'MSG', n: -i });
          p.ctx.send(B, { type: 'MSG', n: -i });
        }
        if (i < 150) {
          x.ctx.disk.log('l', 1).append(10, [i]);
          x.ctx.disk.fsync('l');
        }
        if (i === 150) sim.powerLoss(hostId('x')); // draws x's torn tails
      }
      a.ctx.send(B, { type: 'MSG', n: i });
      b.ctx.send(A, { type: 'MSG', n: i });
      a.ctx.disk.log('l', 1).append(10, [i]);
      a.ctx.disk.fsync('l');
    });
  }
  sim.runUntil(sec(1));
  const from = (p: Probe, peer: string): [number, number][] =>
    p
      .of('msg')
      .filter((m) => m.from === peer)
      .map((m) => [m.at, m.n]);
  return {
    aToB: from(b, 'a'),
    bToA: from(a, 'b'),
    fsyncs: a.of('disk').map((d) => d.at),
    extraWork: extra ? from(a, 'x').length + from(b, 'y').length + x.of('disk').length : 0,
  };
}

describe('per-link and per-host random streams', () => {
  const base = run(7, false);
  const withExtra = run(7, true);

  it('the extra nodes do draw: they send, receive and fsync all along', () => {
    expect(withExtra.extraWork).toBeGreaterThan(600);
  });

  it('an existing link draws the same with an extra node and its links: same losses, duplicates, reorders and arrival times', () => {
    expect(base.aToB.length).toBeGreaterThan(250); // some lost, some duplicated
    expect(withExtra.aToB).toEqual(base.aToB);
    expect(withExtra.bToA).toEqual(base.bToA);
  });

  it('an existing host draws the same fsync latencies with an extra host fsyncing and losing power', () => {
    expect(base.fsyncs).toHaveLength(300);
    expect(withExtra.fsyncs).toEqual(base.fsyncs);
  });

  it('a link keeps its stream when the network grows its tables for nodes added mid-run', () => {
    const sim = new Simulation<TestMsg, string>({
      seed: 7,
      describeEvent: (e) => e,
      network: { latency: { kind: 'lognormal', medianUs: 300, sigma: 0.6 } },
    });
    const a = new Probe();
    const b = new Probe();
    sim.addNode('a', () => a);
    sim.addNode('b', () => b);
    sim.at(ms(1), () => sim.setPacketFaults([nodeId('a')], [nodeId('b')], FAULTY));
    for (let i = 0; i < 300; i++) {
      sim.at(ms(2 + i), () => {
        a.ctx.send(B, { type: 'MSG', n: i });
        b.ctx.send(A, { type: 'MSG', n: i });
        a.ctx.disk.log('l', 1).append(10, [i]);
        a.ctx.disk.fsync('l');
      });
    }
    // Past 8 nodes the link tables are rebuilt 16 wide: a <-> b must carry on with its own stream, not another link's.
    sim.at(ms(150), () => {
      for (let i = 0; i < 10; i++) sim.addNode(`late-${i}`, () => new Probe());
    });
    sim.runUntil(sec(1));
    const from = (p: Probe, peer: string): [number, number][] =>
      p
        .of('msg')
        .filter((m) => m.from === peer)
        .map((m) => [m.at, m.n]);
    expect(from(b, 'a')).toEqual(base.aToB);
    expect(from(a, 'b')).toEqual(base.bToA);
  });

  it('the draws are not constant: another seed moves them', () => {
    const other = run(8, false);
    expect(other.aToB).not.toEqual(base.aToB);
    expect(other.fsyncs).not.toEqual(base.fsyncs);
  });
});
