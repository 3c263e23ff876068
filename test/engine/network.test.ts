import { describe, expect, it } from 'vitest';
import {
  Simulation,
  nodeId,
  ms,
  sec,
  type NetworkConfig,
  type KernelEvent,
  toPerMillion,
} from '../../sim/engine/index.js';
import { Probe, type TestMsg } from './probe.js';
import { hostId } from '../../sim/engine/index.js';

interface World {
  readonly sim: Simulation<TestMsg, string>;
  readonly a: Probe;
  readonly b: Probe;
  readonly c: Probe;
  readonly kernel: { t: number; e: KernelEvent }[];
}

function world(seed = 1, network?: NetworkConfig): World {
  const sim = new Simulation<TestMsg, string>(
    network === undefined ? { seed, describeEvent: (e) => e } : { seed, network, describeEvent: (e) => e },
  );
  const a = new Probe();
  const b = new Probe();
  const c = new Probe();
  sim.addNode('a', () => a);
  sim.addNode('b', () => b);
  sim.addNode('c', () => c);
  const kernel: { t: number; e: KernelEvent }[] = [];
  sim.addSink({ onKernel: (t, e) => kernel.push({ t, e }) });
  sim.runUntil(ms(1));
  return { sim, a, b, c, kernel };
}

const B = nodeId('b');
const A = nodeId('a');

describe('channels', () => {
  it('are FIFO even with highly variable latency', () => {
    const { sim, a, b } = world(3, { latency: { kind: 'uniform', minUs: 10, maxUs: ms(50) } });
    sim.at(ms(2), () => {
      for (let n = 0; n < 500; n++) a.ctx.send(B, { type: 'MSG', n });
    });
    sim.runUntil(sec(1));
    expect(b.of('msg').map((m) => m.n)).toEqual(Array.from({ length: 500 }, (_, i) => i));
  });
});

describe('partitions', () => {
  it('a symmetric partition drops both directions, including what is in flight, and heals', () => {
    const { sim, a, b, c } = world(1, { latency: { kind: 'fixed', us: ms(10) } });
    sim.at(ms(2), () => a.ctx.send(B, { type: 'MSG', n: 1 })); // in flight when the partition starts
    sim.at(ms(5), () => sim.partition([nodeId('a')], [nodeId('b')]));
    sim.at(ms(20), () => {
      a.ctx.send(B, { type: 'MSG', n: 2 });
      b.ctx.send(A, { type: 'MSG', n: 3 });
      a.ctx.send(nodeId('c'), { type: 'MSG', n: 4 }); // not cut
    });
    sim.at(ms(100), () => sim.heal());
    sim.at(ms(110), () => a.ctx.send(B, { type: 'MSG', n: 5 }));
    sim.runUntil(sec(1));
    expect(b.of('msg').map((m) => m.n)).toEqual([5]);
    expect(a.of('msg')).toEqual([]);
    expect(c.of('msg').map((m) => m.n)).toEqual([4]);
  });

  it('a one-way partition drops only its direction', () => {
    const { sim, a, b } = world();
    sim.at(ms(2), () => sim.partitionOneWay([nodeId('a')], [nodeId('b')]));
    sim.at(ms(3), () => {
      a.ctx.send(B, { type: 'MSG', n: 1 });
      b.ctx.send(A, { type: 'MSG', n: 2 });
    });
    sim.runUntil(sec(1));
    expect(b.of('msg')).toEqual([]);
    expect(a.of('msg').map((m) => m.n)).toEqual([2]);
  });
  it('repair heals one partition only: a link another partition cuts stays cut, and the trace names what healed', () => {
    const { sim, a, b, c, kernel } = world(1, { latency: { kind: 'fixed', us: ms(1) } });
    const C = nodeId('c');
    let ab = 0;
    sim.at(ms(2), () => {
      ab = sim.partition([nodeId('a')], [nodeId('b')]);
      sim.partition([nodeId('a')], [nodeId('b'), nodeId('c')]);
    });
    sim.at(ms(5), () => sim.repair(ab));
    sim.at(ms(6), () => {
      a.ctx.send(B, { type: 'MSG', n: 1 }); // still cut by a | b,c
      a.ctx.send(C, { type: 'MSG', n: 2 });
    });
    sim.runUntil(sec(1));
    expect(b.of('msg')).toEqual([]);
    expect(c.of('msg')).toEqual([]);
    const faults = kernel.flatMap(({ e }) => (e.kind === 'fault' ? [`${e.verb}: ${e.detail}`] : []));
    expect(faults).toEqual(['partition: a | b', 'partition: a | b,c', 'repair: a | b']);
  });

  it('repairing the last partition over a link opens it', () => {
    const { sim, a, b } = world(1, { latency: { kind: 'fixed', us: ms(1) } });
    let one = 0;
    sim.at(ms(2), () => (one = sim.partitionOneWay([nodeId('a')], [nodeId('b')])));
    sim.at(ms(3), () => sim.repair(one));
    sim.at(ms(4), () => a.ctx.send(B, { type: 'MSG', n: 1 }));
    sim.runUntil(sec(1));
    expect(b.of('msg').map((m) => m.n)).toEqual([1]);
  });
});

describe('holds', () => {
  const ns = (p: Probe): number[] => p.of('msg').map((m) => m.n);

  it('keep what is sent over a held link, both ways, and deliver all of it in order after the release, before what is sent later', () => {
    const { sim, a, b, c, kernel } = world(4, { latency: { kind: 'uniform', minUs: 100, maxUs: ms(20) } });
    let held = 0;
    sim.at(ms(2), () => a.ctx.send(B, { type: 'MSG', n: 0 })); // on the wire before the hold: still arrives
    sim.at(ms(3), () => (held = sim.hold([nodeId('a')], [nodeId('b')])));
    for (let n = 1; n <= 50; n++) sim.at(ms(3) + n * 100, () => a.ctx.send(B, { type: 'MSG', n }));
    sim.at(ms(10), () => {
      b.ctx.send(A, { type: 'MSG', n: 100 });
      a.ctx.send(nodeId('c'), { type: 'MSG', n: 200 }); // not held
    });
    sim.at(ms(500), () => sim.release(held));
    sim.at(ms(500), () => a.ctx.send(B, { type: 'MSG', n: 51 })); // after the release, same instant
    sim.runUntil(sec(2));
    expect(ns(b)).toEqual(Array.from({ length: 52 }, (_, i) => i));
    expect(
      b
        .of('msg')
        .slice(1)
        .every((m) => m.at > ms(500)),
    ).toBe(true);
    expect(ns(a)).toEqual([100]);
    expect(a.of('msg')[0]?.at).toBeGreaterThan(ms(500));
    expect(c.of('msg')[0]?.at).toBeLessThan(ms(40));
    expect(kernel.some(({ e }) => e.kind === 'drop')).toBe(false);
    const faults = kernel.flatMap(({ e }) => (e.kind === 'fault' ? [`${e.verb}: ${e.detail}`] : []));
    expect(faults).toEqual(['hold: a | b', 'release: a | b (51 held)']);
  });

  it('a link two holds cover stays held until both are released; a released id is ignored', () => {
    const { sim, a, b } = world(1, { latency: { kind: 'fixed', us: ms(1) } });
    let one = 0;
    let two = 0;
    sim.at(ms(2), () => {
      one = sim.hold([nodeId('a')], [nodeId('b')]);
      two = sim.hold([nodeId('a')], [nodeId('b'), nodeId('c')]);
    });
    sim.at(ms(3), () => a.ctx.send(B, { type: 'MSG', n: 1 }));
    sim.at(ms(10), () => {
      sim.release(one);
      sim.release(one);
    });
    sim.at(ms(100), () => sim.release(two));
    sim.runUntil(sec(1));
    expect(b.of('msg')).toEqual([expect.objectContaining({ n: 1, at: ms(101) })]);
  });

  it('hold a request and its reply: the RPC completes after the release if its timeout allows, else times out', () => {
    const { sim, a, b } = world(1, { latency: { kind: 'fixed', us: ms(1) } });
    let held = 0;
    sim.at(ms(2), () => (held = sim.hold([nodeId('a')], [nodeId('b')])));
    sim.at(ms(3), () => {
      a.ctx.rpc(B, { type: 'REQ', n: 1 }, sec(3));
      a.ctx.rpc(B, { type: 'REQ', n: 2 }, ms(50));
    });
    sim.at(sec(1), () => sim.release(held));
    sim.runUntil(sec(5));
    expect(a.of('reply').map((r) => [r.n, r.ok, r.detail, r.at])).toEqual([
      [2, false, 'timeout', ms(53)],
      [1, true, '1001', sec(1) + ms(2)],
    ]);
    expect(b.of('msg').map((m) => [m.n, m.at])).toEqual([
      [1, sec(1) + ms(1)],
      [2, sec(1) + ms(1)],
    ]); // the late request is still delivered
  });

  it('a close waits behind the data held before it: the crash of a sender on a held link reaches the peer after its messages', () => {
    const { sim, a, b } = world(2, { latency: { kind: 'uniform', minUs: 100, maxUs: ms(20) } });
    let held = 0;
    sim.at(ms(2), () => a.ctx.send(B, { type: 'MSG', n: 0 })); // connects a and b
    sim.at(ms(50), () => (held = sim.hold([nodeId('a')], [nodeId('b')])));
    sim.at(ms(60), () => {
      for (let n = 1; n <= 10; n++) b.ctx.send(A, { type: 'MSG', n });
      sim.crash(nodeId('b'));
    });
    sim.at(ms(300), () => sim.release(held));
    sim.runUntil(sec(1));
    const seen = a.log
      .filter((e) => e.what === 'msg' || e.what === 'closed')
      .map((e) => (e.what === 'msg' ? e.n : 'closed'));
    expect(seen).toEqual([...Array.from({ length: 10 }, (_, i) => i + 1), 'closed']);
    expect(a.of('closed')[0]?.at).toBeGreaterThan(ms(300));
  });

  it('what waited is still subject to the link at release: a partition in force then drops it', () => {
    const { sim, a, b } = world();
    let held = 0;
    sim.at(ms(2), () => (held = sim.hold([nodeId('a')], [nodeId('b')])));
    sim.at(ms(3), () => a.ctx.send(B, { type: 'MSG', n: 1 }));
    sim.at(ms(4), () => sim.partition([nodeId('a')], [nodeId('b')]));
    sim.at(ms(5), () => sim.release(held));
    sim.runUntil(sec(1));
    expect(b.of('msg')).toEqual([]);
  });
});

describe('channel closed', () => {
  const connected = (): World => {
    const w = world();
    w.sim.at(ms(2), () => w.a.ctx.send(B, { type: 'MSG', n: 0 })); // establishes the a<->b connection
    w.sim.runUntil(ms(10));
    return w;
  };

  it('is delivered to connected peers when a process crashes on a live host, failing pending RPCs', () => {
    const { sim, a, b, c } = connected();
    b.autoReply = false;
    sim.at(ms(20), () => a.ctx.rpc(B, { type: 'REQ', n: 9 }, sec(3)));
    sim.at(ms(30), () => sim.crash(nodeId('b')));
    sim.runUntil(sec(1));
    expect(a.of('closed').map((e) => e.peer)).toEqual(['b']);
    expect(a.of('closed')[0]?.at).toBeLessThan(ms(40));
    expect(a.of('reply')).toEqual([expect.objectContaining({ n: 9, ok: false, detail: 'closed' })]);
    expect(c.of('closed')).toEqual([]); // never connected to b
  });

  it('never overtakes data sent before the crash: in-flight messages arrive first, then the close', () => {
    const { sim, a, b } = world(2, { latency: { kind: 'uniform', minUs: 100, maxUs: ms(20) } });
    sim.at(ms(2), () => a.ctx.send(B, { type: 'MSG', n: 0 }));
    sim.at(ms(50), () => {
      for (let n = 1; n <= 20; n++) b.ctx.send(A, { type: 'MSG', n });
      sim.crash(nodeId('b')); // same instant: all 20 are in flight
    });
    sim.runUntil(sec(1));
    const after = a.log
      .filter((e) => e.what === 'msg' || e.what === 'closed')
      .map((e) => (e.what === 'msg' ? e.n : 'closed'));
    expect(after).toEqual([...Array.from({ length: 20 }, (_, i) => i + 1), 'closed']);
  });

  it('is not delivered on power loss or partition; RPCs then time out', () => {
    for (const fault of ['power', 'partition'] as const) {
      const { sim, a, b } = connected();
      b.autoReply = false;
      sim.at(ms(20), () => a.ctx.rpc(B, { type: 'REQ', n: 9 }, sec(3)));
      sim.at(ms(30), () =>
        fault === 'power' ? sim.powerLoss(hostId('b')) : sim.partition([nodeId('a')], [nodeId('b')]),
      );
      sim.runUntil(sec(5));
      expect(a.of('closed')).toEqual([]);
      expect(a.of('reply')).toEqual([expect.objectContaining({ ok: false, detail: 'timeout', at: ms(20) + sec(3) })]);
    }
  });

  it('a connection reset closes both sides', () => {
    const { sim, a, b } = connected();
    sim.at(ms(20), () => sim.resetConnection(nodeId('a'), nodeId('b')));
    sim.runUntil(sec(1));
    expect(a.of('closed').map((e) => e.peer)).toEqual(['b']);
    expect(b.of('closed').map((e) => e.peer)).toEqual(['a']);
  });
});

describe('rpc', () => {
  it('answers arrive; a late reply after the timeout is dropped and traced', () => {
    const { sim, a, b, kernel } = world(1, { latency: { kind: 'fixed', us: ms(10) } });
    b.autoReply = false;
    let rpcId = 0;
    sim.at(ms(2), () => {
      rpcId = a.ctx.rpc(B, { type: 'REQ', n: 1 }, ms(50));
    });
    sim.at(ms(100), () => b.ctx.reply(A, rpcId, { type: 'RESP', n: 42 })); // after a's 50 ms timeout
    sim.at(ms(200), () => {
      b.autoReply = true;
      a.ctx.rpc(B, { type: 'REQ', n: 2 }, ms(50));
    });
    sim.runUntil(sec(1));
    expect(a.of('reply').map((r) => [r.n, r.ok, r.detail])).toEqual([
      [1, false, 'timeout'],
      [2, true, '1002'],
    ]);
    expect(kernel.some(({ e }) => e.kind === 'drop' && e.reason === 'late-reply' && e.type === 'RESP')).toBe(true);
  });

  it('timeouts of many RPCs with mixed timeouts fire at their exact deadlines, answered ones never; a paused caller hears on resume', () => {
    const { sim, a, b } = world(1, { latency: { kind: 'fixed', us: ms(1) } });
    b.autoReply = false;
    const timeouts = [sec(3), ms(50), sec(3), ms(700), ms(50), sec(30), ms(10)];
    const ids: number[] = [];
    sim.at(ms(2), () => timeouts.forEach((t, n) => ids.push(a.ctx.rpc(B, { type: 'REQ', n }, t))));
    sim.at(ms(20), () => b.ctx.reply(A, ids[4] ?? 0, { type: 'RESP', n: 4 })); // answered before its 50 ms deadline
    sim.at(ms(800), () => sim.pause(nodeId('a')));
    sim.at(sec(4), () => sim.resume(nodeId('a')));
    sim.runUntil(sec(40));
    expect(a.of('reply').map((r) => [r.n, r.ok, r.at])).toEqual([
      [6, false, ms(12)],
      [4, true, ms(21)],
      [1, false, ms(52)],
      [3, false, ms(702)],
      [0, false, sec(4)], // due at 3.002 s while paused
      [2, false, sec(4)],
      [5, false, ms(2) + sec(30)],
    ]);
  });

  it('a request to a dead process on a live host is refused quickly', () => {
    const { sim, a } = world(1, { latency: { kind: 'fixed', us: ms(1) } });
    sim.at(ms(2), () => sim.crash(nodeId('b')));
    sim.at(ms(10), () => a.ctx.rpc(B, { type: 'REQ', n: 1 }, sec(3)));
    sim.runUntil(sec(4));
    expect(a.of('reply')).toEqual([expect.objectContaining({ ok: false, detail: 'refused', at: ms(12) })]);
  });
});

describe('packet faults', () => {
  it('lose, duplicate and reorder at the configured rates', () => {
    const n = 4000;
    const { sim, a, b } = world(9, { latency: { kind: 'fixed', us: ms(1) } });
    sim.at(ms(2), () =>
      sim.setPacketFaults([nodeId('a')], [nodeId('b')], {
        loss: toPerMillion(0.1),
        duplicate: toPerMillion(0.05),
        reorder: toPerMillion(0.2),
        reorderWindowUs: ms(5),
      }),
    );
    for (let i = 0; i < n; i++) sim.at(ms(3) + i * 100, () => a.ctx.send(B, { type: 'MSG', n: i }));
    sim.runUntil(sec(2));
    const got = b.of('msg').map((m) => m.n);
    const distinct = new Set(got).size;
    const lossRate = 1 - distinct / n;
    const dupRate = (got.length - distinct) / n;
    let inversions = 0;
    for (let i = 1; i < got.length; i++) if ((got[i] ?? 0) < (got[i - 1] ?? 0)) inversions++;
    expect(lossRate).toBeGreaterThan(0.08);
    expect(lossRate).toBeLessThan(0.12);
    expect(dupRate).toBeGreaterThan(0.03);
    expect(dupRate).toBeLessThan(0.07);
    expect(inversions / n).toBeGreaterThan(0.05);
    expect(inversions / n).toBeLessThan(0.3);
  });

  it('added latency and jitter delay delivery', () => {
    const { sim, a, b } = world(1, { latency: { kind: 'fixed', us: ms(1) } });
    sim.at(ms(2), () => sim.setLatency([nodeId('a')], [nodeId('b')], ms(100), ms(20)));
    sim.at(ms(3), () => a.ctx.send(B, { type: 'MSG', n: 1 }));
    sim.runUntil(sec(1));
    const at = b.of('msg')[0]?.at ?? 0;
    expect(at).toBeGreaterThanOrEqual(ms(104));
    expect(at).toBeLessThanOrEqual(ms(124));
  });
});
