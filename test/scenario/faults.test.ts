import { describe, expect, it } from 'vitest';
import {
  ms,
  nodeId,
  sec,
  Simulation,
  type Message,
  type NodeContext,
  type NodeId,
  type SimNode,
  toPerMillion,
} from '../../sim/engine/index.js';
import type { ClusterView, NodeKind } from '../../sim/cluster/spec.js';
import { FaultInjector } from '../../sim/scenario/faults.js';
import { scriptedFaultSchema } from '../../sim/scenario/schema.js';
import { toAction } from '../../sim/scenario/to-spec.js';
import type { ChaosSpec, FaultAction, ScriptedFault } from '../../sim/scenario/types.js';
import { hostId } from '../../sim/engine/index.js';

/** The n-th round of pings its sender sent. */
interface Ping extends Message {
  readonly type: 'PING';
  readonly n: number;
}
type Ctx = NodeContext<Ping, string>;

/** What one node heard: the round number and arrival time of each ping, by sender. */
type Heard = Map<string, { readonly n: number; readonly at: number }[]>;

/** Sends a numbered PING to every peer every 100 ms and records what it receives, by sender. */
class Chatty implements SimNode<Ping, string> {
  private round = 0;
  constructor(
    private readonly peers: readonly NodeId[],
    private readonly heard: Heard,
  ) {}
  onStart(ctx: Ctx): void {
    ctx.setTimer('tick', ms(100));
  }
  onMessage(ctx: Ctx, from: NodeId, msg: Ping): void {
    const list = this.heard.get(from);
    if (list === undefined) this.heard.set(from, [{ n: msg.n, at: ctx.now() }]);
    else list.push({ n: msg.n, at: ctx.now() });
  }
  onReply(): void {}
  onTimer(ctx: Ctx): void {
    this.round++;
    for (const p of this.peers) if (p !== ctx.id) ctx.send(p, { type: 'PING', n: this.round });
    ctx.setTimer('tick', ms(100));
  }
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

const NAMES = ['ns-1', 'b-0', 'b-1', 'b-2'].map(nodeId);

function world(seed = 1): { sim: Simulation<Ping, string>; view: ClusterView; inbox: Map<string, Heard> } {
  const sim = new Simulation<Ping, string>({ seed, describeEvent: (e) => e });
  const inbox = new Map<string, Heard>();
  for (const n of NAMES) {
    const heard: Heard = new Map();
    inbox.set(n, heard);
    sim.addNode(n, () => new Chatty(NAMES, heard));
  }
  const brokers = NAMES.slice(1);
  const up = (n: NodeId): boolean => sim.isUp(n);
  const view: ClusterView = {
    nodesOf: (k: NodeKind) => (k === 'namesrv' ? [NAMES[0] as NodeId] : k === 'broker' ? brokers : []),
    groups: () => ['b'],
    brokersOf: () => brokers,
    // The "master" is the first broker that is up, like a failover would pick.
    masterOf: () => brokers.find(up),
    leaderOf: () => brokers.find(up),
    slavesOf: () => brokers.filter(up).slice(1),
    clientsOf: () => [],
    isUp: up,
  };
  return { sim, view, inbox };
}

const at = (t: number, action: FaultAction, forUs?: number): ScriptedFault => ({
  atUs: sec(t),
  action,
  forUs: forUs === undefined ? undefined : sec(forUs),
});
const pings = (
  inbox: Map<string, Heard>,
  to: string,
  from: string,
): readonly { readonly n: number; readonly at: number }[] => inbox.get(to)?.get(from) ?? [];
const received = (inbox: Map<string, Heard>, to: string, from: string): number => pings(inbox, to, from).length;

describe('fault injector', () => {
  it('resolves master-of when the fault fires and undoes a crash after its duration', () => {
    const { sim, view } = world();
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [at(1, { verb: 'crash', target: ['master-of:b'] }, 2), at(2, { verb: 'crash', target: ['master-of:b'] })],
      chaos: undefined,
    });
    sim.runUntil(sec(1.5));
    expect(sim.isUp(nodeId('b-0'))).toBe(false);
    sim.runUntil(sec(2.5));
    // At 2 s the master is b-1: the selector was resolved again.
    expect(sim.isUp(nodeId('b-1'))).toBe(false);
    sim.runUntil(sec(3.5));
    expect(sim.isUp(nodeId('b-0'))).toBe(true);
    expect(inj.records.map((r) => r.fault.nodes)).toEqual([['b-0'], ['b-1']]);
    expect(inj.records[0]?.endUs).toBe(sec(3));
    expect(inj.records[1]?.endUs).toBeUndefined();
  });

  it('keeps the other partition in force when one of two overlapping partitions ends', () => {
    const { sim, view, inbox } = world();
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [
        at(1, { verb: 'partition', target: ['b-0'], peers: undefined }, 1),
        at(1, { verb: 'partition', target: ['b-1'], peers: ['b-2'] }, 3),
      ],
      chaos: undefined,
    });
    sim.runUntil(sec(1.01));
    const before = { b0: received(inbox, 'ns-1', 'b-0'), b1: received(inbox, 'b-2', 'b-1') };
    sim.runUntil(sec(1.9));
    expect(received(inbox, 'ns-1', 'b-0')).toBe(before.b0); // b-0 cut from everyone ("others")
    sim.runUntil(sec(3));
    expect(received(inbox, 'ns-1', 'b-0')).toBeGreaterThan(before.b0); // first partition over
    const b1 = received(inbox, 'b-2', 'b-1');
    sim.runUntil(sec(3.9));
    expect(received(inbox, 'b-2', 'b-1')).toBe(b1); // second still in force
    sim.runUntil(sec(5));
    expect(received(inbox, 'b-2', 'b-1')).toBeGreaterThan(b1);
  });

  it('power-loss takes the host down and the undo powers it on; disk faults set and restore the host disk', () => {
    const { sim, view } = world();
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [
        at(1, { verb: 'power-loss', target: ['b-2'] }, 1),
        at(1, { verb: 'slow-disk', target: ['b-1'], factor: 20 }, 2),
        at(1, { verb: 'disk-full', target: ['b-0'] }, 2),
        at(1, { verb: 'clock-skew', target: ['b-0'], skewUs: ms(500) }),
      ],
      chaos: undefined,
    });
    sim.runUntil(sec(1.5));
    expect(sim.isHostUp(hostId('b-2'))).toBe(false);
    expect(sim.disk(hostId('b-1')).slowFactor).toBe(20);
    expect(sim.disk(hostId('b-0')).capacityBytes).toBe(sim.disk(hostId('b-0')).usedBytes);
    sim.runUntil(sec(3.5));
    expect(sim.isHostUp(hostId('b-2'))).toBe(true);
    expect(sim.isUp(nodeId('b-2'))).toBe(true);
    expect(sim.disk(hostId('b-1')).slowFactor).toBe(1);
    expect(sim.disk(hostId('b-0')).capacityBytes).toBeGreaterThan(1e12);
  });

  it("failed-fsync fails the host's fsyncs until undone; connection-reset closes both ends of each pair once", () => {
    const { sim, view } = world();
    const kernel: string[] = [];
    sim.addSink({
      onKernel: (_t, e) => {
        if (e.kind === 'fault') kernel.push(`${e.verb}: ${e.detail}`);
      },
    });
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [
        at(1, { verb: 'failed-fsync', target: ['b-1'] }, 1),
        at(1, { verb: 'connection-reset', target: ['b-0'], peers: ['b-1', 'b-2'] }),
      ],
      chaos: undefined,
    });
    sim.runUntil(sec(1.5));
    expect(sim.disk(hostId('b-1')).failFsync).toBe(true);
    sim.runUntil(sec(2.5));
    expect(sim.disk(hostId('b-1')).failFsync).toBe(false);
    expect(kernel).toEqual([
      'failed-fsync: b-1 failed-fsync',
      'reset: b-0 <-> b-1',
      'reset: b-0 <-> b-2',
      'disk-restored: b-1 (failed-fsync over)',
    ]);
  });

  it('undoing one partition repairs only its links and says which partition healed', () => {
    const { sim, view, inbox } = world();
    const kernel: string[] = [];
    sim.addSink({
      onKernel: (_t, e) => {
        if (e.kind === 'fault') kernel.push(`${e.verb}: ${e.detail}`);
      },
    });
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [
        at(1, { verb: 'partition', target: ['b-0'], peers: ['b-1'] }, 1),
        at(1, { verb: 'partition', target: ['b-2'], peers: ['b-1'] }),
      ],
      chaos: undefined,
    });
    sim.runUntil(sec(2.5));
    const before = received(inbox, 'b-1', 'b-2');
    sim.runUntil(sec(4));
    expect(received(inbox, 'b-1', 'b-2')).toBe(before);
    expect(received(inbox, 'b-1', 'b-0')).toBeGreaterThan(20);
    expect(kernel).toEqual(['partition: b-0 | b-1', 'partition: b-2 | b-1', 'repair: b-0 | b-1']);
  });

  /** A fault as a scenario file writes it, through the schema and the verb table's conversion. */
  const fromFile = (entry: Record<string, unknown>): ScriptedFault => {
    const raw = scriptedFaultSchema.parse(entry);
    return { atUs: raw.at, action: toAction(raw), forUs: raw.for };
  };
  const sentAt = (n: number): number => n * ms(100);

  it('hold: what two nodes send each other waits until the release, then all of it arrives, in order; other links are untouched', () => {
    const { sim, view, inbox } = world();
    const kernel: string[] = [];
    sim.addSink({
      onKernel: (_t, e) => {
        if (e.kind === 'fault') kernel.push(`${e.verb}: ${e.detail}`);
      },
    });
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [fromFile({ do: 'hold', at: '1s', for: '2s', target: 'b-0', peers: 'b-1' })],
      chaos: undefined,
    });
    sim.runUntil(sec(5));
    for (const [to, from] of [
      ['b-1', 'b-0'],
      ['b-0', 'b-1'],
    ] as const) {
      const got = pings(inbox, to, from);
      expect(got.map((p) => p.n)).toEqual(Array.from({ length: got.length }, (_, i) => i + 1)); // none lost, none reordered
      expect(got.length).toBeGreaterThanOrEqual(49);
      const held = got.filter((p) => sentAt(p.n) >= sec(1) && sentAt(p.n) < sec(3));
      expect(held.length).toBeGreaterThanOrEqual(19);
      for (const p of held) expect(p.at).toBeGreaterThan(sec(3));
      for (const p of got.filter((q) => sentAt(q.n) < sec(1))) expect(p.at).toBeLessThan(sec(1.01));
    }
    const other = pings(inbox, 'b-2', 'b-0').filter((p) => sentAt(p.n) >= sec(1) && sentAt(p.n) < sec(3));
    for (const p of other) expect(p.at).toBeLessThan(sentAt(p.n) + ms(10));
    const heldCount = kernel.find((l) => l.startsWith('release: '));
    expect(kernel[0]).toBe('hold: b-0 | b-1');
    expect(heldCount).toMatch(/^release: b-0 \| b-1 \(\d+ held\)$/);
  });

  it('heal releases a hold after it heals the partitions, so what waited arrives instead of being dropped', () => {
    const { sim, view, inbox } = world();
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [
        fromFile({ do: 'hold', at: '1s', target: 'b-0', peers: 'b-1' }),
        fromFile({ do: 'partition', at: '2s', target: 'b-0', peers: 'b-1' }),
        fromFile({ do: 'heal', at: '3s' }),
      ],
      chaos: undefined,
    });
    sim.runUntil(sec(5));
    const got = pings(inbox, 'b-1', 'b-0');
    const sentIn = (fromUs: number, toUs: number): number[] =>
      got.filter((p) => sentAt(p.n) > fromUs && sentAt(p.n) < toUs).map((p) => p.n);
    expect(sentIn(sec(1), sec(2))).toEqual(Array.from({ length: 9 }, (_, i) => 11 + i)); // held, then released over the healed link
    expect(sentIn(sec(2), sec(3))).toEqual([]); // dropped by the partition when sent
    expect(sentIn(sec(3), sec(5)).length).toBeGreaterThan(15);
  });

  it('skips a fault whose selector names nobody, and says so in the trace', () => {
    const { sim, view } = world();
    const kernel: string[] = [];
    sim.addSink({
      onKernel: (_t, e) => {
        if (e.kind === 'fault') kernel.push(`${e.verb} ${e.detail}`);
      },
    });
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [at(1, { verb: 'restart', target: ['down:broker'] }), at(2, { verb: 'crash', target: ['slaves-of:b'] })],
      chaos: undefined,
    });
    sim.runUntil(sec(3));
    expect(inj.records[0]?.fault.nodes).toEqual([]);
    expect(inj.records[1]?.fault.nodes).toEqual(['b-1', 'b-2']);
    expect(kernel).toContain('skipped restart down:broker: no node matched');
  });

  const chaos: ChaosSpec = {
    startUs: sec(1),
    healUs: sec(60),
    tickUs: sec(1),
    minStableUs: sec(5),
    maxActive: 1,
    mix: [
      {
        action: { verb: 'crash', target: ['random:broker'] },
        chance: toPerMillion(0.3),
        forMinUs: sec(2),
        forMaxUs: sec(8),
      },
      {
        action: { verb: 'partition', target: ['random:broker'], peers: undefined },
        chance: toPerMillion(0.3),
        forMinUs: sec(2),
        forMaxUs: sec(8),
      },
      {
        action: { verb: 'pause', target: ['random:broker'] },
        chance: toPerMillion(0.3),
        forMinUs: sec(30),
        forMaxUs: sec(90),
      },
    ],
  };

  function chaosRun(seed: number): { lines: string[]; hash: string; upAtEnd: boolean } {
    const { sim, view } = world(seed);
    const inj = new FaultInjector(sim, view);
    inj.install({ faults: [], chaos });
    sim.runUntil(sec(61));
    const lines = inj.records.map(
      (r) => `${r.fault.atUs} ${r.fault.verb} ${r.fault.nodes.join(',')} -> ${r.endUs ?? '-'}`,
    );
    return { lines, hash: sim.traceHash(), upAtEnd: NAMES.every((n) => sim.isUp(n) && !sim.isPaused(n)) };
  }

  it('draws a random mix deterministically from the seed, with stable gaps, a cap, and a full heal', () => {
    const a = chaosRun(7);
    expect(chaosRun(7)).toEqual(a);
    expect(chaosRun(8).lines).not.toEqual(a.lines);
    expect(a.lines.length).toBeGreaterThan(2);
    expect(a.upAtEnd).toBe(true);
    const { sim, view } = world(7);
    const inj = new FaultInjector(sim, view);
    inj.install({ faults: [], chaos });
    sim.runUntil(sec(61));
    const recs = inj.records;
    for (let i = 1; i < recs.length; i++) {
      const prev = recs[i - 1];
      const cur = recs[i];
      if (prev === undefined || cur === undefined) continue;
      // maxActive 1: the next fault starts only after the previous one ended, plus the stable time.
      expect(cur.fault.atUs).toBeGreaterThanOrEqual((prev.endUs ?? Infinity) + chaos.minStableUs);
    }
    // Every fault is over by the heal.
    for (const r of recs) expect(r.endUs).toBeLessThanOrEqual(chaos.healUs);
  });

  it('a draw whose selector matches nobody is skipped without restarting the stable wait', () => {
    const { sim, view } = world(7);
    const inj = new FaultInjector(sim, view);
    const crash = chaos.mix[0];
    if (crash === undefined) throw new Error('no crash row');
    const onDown = {
      action: { verb: 'disk-full' as const, target: ['down:broker'] },
      chance: toPerMillion(1),
      forMinUs: sec(2),
      forMaxUs: sec(3),
    };
    inj.install({ faults: [], chaos: { ...chaos, maxActive: 2, mix: [crash, onDown] } });
    sim.runUntil(sec(61));
    const skipped = inj.records.filter((r) => r.fault.nodes.length === 0).map((r) => r.fault.atUs);
    const crashes = inj.records.filter((r) => r.fault.verb === 'crash').map((r) => r.fault.atUs);
    expect(skipped.length).toBeGreaterThan(0);
    // Some crash fires within minStable of a skipped draw: the skip changed nothing.
    expect(crashes.some((at) => skipped.some((sk) => sk < at && at - sk < chaos.minStableUs))).toBe(true);
  });
});

describe('restart', () => {
  it('bounces a process that is up and starts one that is down', () => {
    const { sim, view } = world();
    const kernel: string[] = [];
    sim.addSink({
      onKernel: (t, e) => {
        if (e.kind === 'lifecycle' && t > 0) kernel.push(`${t / 1e6} ${e.what} ${e.node}`);
      },
    });
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [at(1, { verb: 'crash', target: ['b-1'] }), at(2, { verb: 'restart', target: ['b-0', 'b-1'] })],
      chaos: undefined,
    });
    sim.runUntil(sec(3));
    expect(kernel).toEqual(['1 crash b-1', '2 crash b-0', '2 restart b-0', '2 restart b-1']);
    expect(sim.isUp(nodeId('b-0')) && sim.isUp(nodeId('b-1'))).toBe(true);
  });
});
