import { describe, expect, it } from 'vitest';
import { ms, nodeId, sec, Simulation, type Message, type NodeContext, type NodeId, type SimNode, toPerMillion } from '../../sim/engine/index.js';
import type { ClusterView, NodeKind } from '../../sim/cluster/spec.js';
import { FaultInjector } from '../../sim/scenario/faults.js';
import type { ChaosSpec, FaultAction, ScriptedFault } from '../../sim/scenario/types.js';

interface Ping extends Message { readonly type: 'PING' }
type Ctx = NodeContext<Ping, string>;

/** Sends a PING to every peer every 100 ms and counts what it receives, by sender. */
class Chatty implements SimNode<Ping, string> {
  constructor(private readonly peers: readonly NodeId[], private readonly inbox: Map<string, number>) {}
  onStart(ctx: Ctx): void { ctx.setTimer('tick', ms(100)); }
  onMessage(_ctx: Ctx, from: NodeId): void { this.inbox.set(from, (this.inbox.get(from) ?? 0) + 1); }
  onReply(): void {}
  onTimer(ctx: Ctx): void {
    for (const p of this.peers) if (p !== ctx.id) ctx.send(p, { type: 'PING' });
    ctx.setTimer('tick', ms(100));
  }
  onChannelClosed(): void {}
  onDiskDone(): void {}
}

const NAMES = ['ns-1', 'b-0', 'b-1', 'b-2'].map(nodeId);

function world(seed = 1): { sim: Simulation<Ping, string>; view: ClusterView; inbox: Map<string, Map<string, number>> } {
  const sim = new Simulation<Ping, string>({ seed, describeEvent: (e) => e });
  const inbox = new Map<string, Map<string, number>>();
  for (const n of NAMES) {
    const box = new Map<string, number>();
    inbox.set(n, box);
    sim.addNode(n, () => new Chatty(NAMES, box));
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

const at = (t: number, action: FaultAction, forUs?: number): ScriptedFault => ({ atUs: sec(t), action, forUs: forUs === undefined ? undefined : sec(forUs) });
const received = (inbox: Map<string, Map<string, number>>, to: string, from: string): number => inbox.get(to)?.get(from) ?? 0;

describe('fault injector', () => {
  it('resolves master-of when the fault fires and undoes a crash after its duration', () => {
    const { sim, view } = world();
    const inj = new FaultInjector(sim, view);
    inj.install({ faults: [at(1, { verb: 'crash', target: ['master-of:b'] }, 2), at(2, { verb: 'crash', target: ['master-of:b'] })], chaos: undefined });
    sim.runUntil(sec(1.5));
    expect(sim.isUp('b-0')).toBe(false);
    sim.runUntil(sec(2.5));
    // At 2 s the master is b-1: the selector was resolved again.
    expect(sim.isUp('b-1')).toBe(false);
    sim.runUntil(sec(3.5));
    expect(sim.isUp('b-0')).toBe(true);
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
    expect(sim.isHostUp('b-2')).toBe(false);
    expect(sim.disk('b-1').slowFactor).toBe(20);
    expect(sim.disk('b-0').capacityBytes).toBe(sim.disk('b-0').usedBytes);
    sim.runUntil(sec(3.5));
    expect(sim.isHostUp('b-2')).toBe(true);
    expect(sim.isUp('b-2')).toBe(true);
    expect(sim.disk('b-1').slowFactor).toBe(1);
    expect(sim.disk('b-0').capacityBytes).toBeGreaterThan(1e12);
  });

  it('failed-fsync fails the host\'s fsyncs until undone; connection-reset closes both ends of each pair once', () => {
    const { sim, view } = world();
    const kernel: string[] = [];
    sim.addSink({ onKernel: (_t, e) => { if (e.kind === 'fault') kernel.push(`${e.verb}: ${e.detail}`); } });
    const inj = new FaultInjector(sim, view);
    inj.install({
      faults: [
        at(1, { verb: 'failed-fsync', target: ['b-1'] }, 1),
        at(1, { verb: 'connection-reset', target: ['b-0'], peers: ['b-1', 'b-2'] }),
      ],
      chaos: undefined,
    });
    sim.runUntil(sec(1.5));
    expect(sim.disk('b-1').failFsync).toBe(true);
    sim.runUntil(sec(2.5));
    expect(sim.disk('b-1').failFsync).toBe(false);
    expect(kernel).toEqual(['failed-fsync: b-1 failed-fsync', 'reset: b-0 <-> b-1', 'reset: b-0 <-> b-2', 'disk-restored: b-1 (failed-fsync over)']);
  });

  it('undoing one partition repairs only its links and says which partition healed', () => {
    const { sim, view, inbox } = world();
    const kernel: string[] = [];
    sim.addSink({ onKernel: (_t, e) => { if (e.kind === 'fault') kernel.push(`${e.verb}: ${e.detail}`); } });
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

  it('skips a fault whose selector names nobody, and says so in the trace', () => {
    const { sim, view } = world();
    const kernel: string[] = [];
    sim.addSink({ onKernel: (_t, e) => { if (e.kind === 'fault') kernel.push(`${e.verb} ${e.detail}`); } });
    const inj = new FaultInjector(sim, view);
    inj.install({ faults: [at(1, { verb: 'restart', target: ['down:broker'] }), at(2, { verb: 'crash', target: ['slaves-of:b'] })], chaos: undefined });
    sim.runUntil(sec(3));
    expect(inj.records[0]?.fault.nodes).toEqual([]);
    expect(inj.records[1]?.fault.nodes).toEqual(['b-1', 'b-2']);
    expect(kernel).toContain('skipped restart down:broker: no node matched');
  });

  const chaos: ChaosSpec = {
    startUs: sec(1), healUs: sec(60), tickUs: sec(1), minStableUs: sec(5), maxActive: 1,
    mix: [
      { action: { verb: 'crash', target: ['random:broker'] }, chance: toPerMillion(0.3), forMinUs: sec(2), forMaxUs: sec(8) },
      { action: { verb: 'partition', target: ['random:broker'], peers: undefined }, chance: toPerMillion(0.3), forMinUs: sec(2), forMaxUs: sec(8) },
      { action: { verb: 'pause', target: ['random:broker'] }, chance: toPerMillion(0.3), forMinUs: sec(30), forMaxUs: sec(90) },
    ],
  };

  function chaosRun(seed: number): { lines: string[]; hash: string; upAtEnd: boolean } {
    const { sim, view } = world(seed);
    const inj = new FaultInjector(sim, view);
    inj.install({ faults: [], chaos });
    sim.runUntil(sec(61));
    const lines = inj.records.map((r) => `${r.fault.atUs} ${r.fault.verb} ${r.fault.nodes.join(',')} -> ${r.endUs ?? '-'}`);
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
});

describe('restart', () => {
  it('bounces a process that is up and starts one that is down', () => {
    const { sim, view } = world();
    const kernel: string[] = [];
    sim.addSink({ onKernel: (t, e) => { if (e.kind === 'lifecycle' && t > 0) kernel.push(`${t / 1e6} ${e.what} ${e.node}`); } });
    const inj = new FaultInjector(sim, view);
    inj.install({ faults: [at(1, { verb: 'crash', target: ['b-1'] }), at(2, { verb: 'restart', target: ['b-0', 'b-1'] })], chaos: undefined });
    sim.runUntil(sec(3));
    expect(kernel).toEqual(['1 crash b-1', '2 crash b-0', '2 restart b-0', '2 restart b-1']);
    expect(sim.isUp('b-0') && sim.isUp('b-1')).toBe(true);
  });
});
