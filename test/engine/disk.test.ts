import { describe, expect, it } from 'vitest';
import { HostDisk, RandomStreams, Simulation, ms, sec, DEFAULT_DISK, toPerMillion } from '../../sim/engine/index.js';
import { Probe, type TestMsg } from './probe.js';
import { hostId, nodeId } from '../../sim/engine/index.js';

function world(tornTailProbability: number, seed = 1): { sim: Simulation<TestMsg, string>; instances: Probe[] } {
  const sim = new Simulation<TestMsg, string>({
    seed,
    describeEvent: (e) => e,
    disk: { ...DEFAULT_DISK, tornTailProbability: toPerMillion(tornTailProbability) },
  });
  const instances: Probe[] = [];
  sim.addNode('a', () => {
    const p = new Probe();
    instances.push(p);
    return p;
  });
  sim.runUntil(ms(1));
  return { sim, instances };
}

const last = (list: Probe[]): Probe => {
  const p = list[list.length - 1];
  if (p === undefined) throw new Error('no instance');
  return p;
};

describe('disk durability', () => {
  it('page cache survives a crash; power loss keeps only fsynced records and files', () => {
    const { sim, instances } = world(0);
    const first = last(instances);
    sim.at(ms(2), () => {
      const log = first.ctx.disk.log('commitlog', 2);
      for (let i = 0; i < 10; i++) log.append(100, [i, i * 2]);
      first.ctx.disk.writeFile('meta', 'v1');
      first.ctx.disk.fsync('commitlog');
      first.ctx.disk.fsync('meta');
    });
    sim.at(ms(100), () => {
      const log = first.ctx.disk.log('commitlog', 2);
      for (let i = 10; i < 15; i++) log.append(100, [i, i * 2]);
      first.ctx.disk.writeFile('meta', 'v2-unsynced');
    });
    sim.at(ms(200), () => sim.crash(nodeId('a')));
    sim.at(ms(300), () => sim.restart(nodeId('a')));
    sim.runUntil(ms(400));
    const afterCrash = last(instances);
    // Two independent fsyncs: either may complete first.
    expect(
      first
        .of('disk')
        .map((d) => [d.path, d.ok, d.durable])
        .sort(),
    ).toEqual([
      ['commitlog', true, 10],
      ['meta', true, 1],
    ]);
    expect(afterCrash.ctx.disk.log('commitlog', 2).length).toBe(15);
    expect(afterCrash.ctx.disk.readFile('meta')).toBe('v2-unsynced');
    sim.at(ms(500), () => sim.powerLoss(hostId('a')));
    sim.at(ms(600), () => sim.powerOn(hostId('a')));
    sim.runUntil(ms(700));
    const afterPower = last(instances);
    expect(instances).toHaveLength(3);
    const log = afterPower.ctx.disk.log('commitlog', 2);
    expect(log.length).toBe(10);
    expect(log.get(9, 1)).toBe(18);
    expect(log.bytes).toBe(1000);
    expect(afterPower.ctx.disk.readFile('meta')).toBe('v1');
  });

  it('an fsync still in flight at power loss makes nothing durable', () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    sim.at(ms(2), () => {
      p.ctx.disk.log('l', 1).append(10, [1]);
      p.ctx.disk.fsync('l');
      sim.powerLoss(hostId('a')); // same instant: before the fsync completes
    });
    sim.at(ms(50), () => sim.powerOn(hostId('a')));
    sim.runUntil(ms(100));
    expect(last(instances).ctx.disk.log('l', 1).length).toBe(0);
  });

  it('an fsync issued before a truncation never makes the records appended after it durable', () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    sim.at(ms(2), () => {
      const log = p.ctx.disk.log('raft', 1);
      for (let i = 0; i < 5; i++) log.append(10, [i]);
      p.ctx.disk.fsync('raft'); // in flight: covers records 0..4
      log.truncate(2); // a conflicting suffix goes
      for (let i = 10; i < 13; i++) log.append(10, [i]); // new records 2..4, never fsynced
    });
    sim.runUntil(ms(50)); // the fsync has completed
    expect(p.of('disk')).toEqual([expect.objectContaining({ path: 'raft', ok: true, durable: 2 })]);
    expect(p.ctx.disk.log('raft', 1).durableLength).toBe(2);
    sim.at(ms(60), () => sim.powerLoss(hostId('a')));
    sim.at(ms(70), () => sim.powerOn(hostId('a')));
    sim.runUntil(ms(100));
    const log = last(instances).ctx.disk.log('raft', 1);
    expect(log.length).toBe(2);
    expect([log.get(0, 0), log.get(1, 0)]).toEqual([0, 1]);
  });

  it('a torn tail is detected by recovery and truncated', () => {
    const { sim, instances } = world(1);
    const p = last(instances);
    sim.at(ms(2), () => {
      const log = p.ctx.disk.log('raft', 1);
      for (let i = 0; i < 5; i++) log.append(50, [i]);
      p.ctx.disk.fsync('raft');
    });
    sim.at(ms(50), () => {
      const log = p.ctx.disk.log('raft', 1);
      for (let i = 5; i < 8; i++) log.append(50, [i]);
    });
    sim.at(ms(60), () => sim.powerLoss(hostId('a')));
    sim.at(ms(70), () => sim.powerOn(hostId('a')));
    sim.runUntil(ms(100));
    const log = last(instances).ctx.disk.log('raft', 1);
    expect(log.length).toBe(6); // 5 durable + 1 half-written record
    expect(log.isCorrupt(5)).toBe(true);
    expect(log.recover()).toBe(1);
    expect(log.length).toBe(5);
    expect(log.bytes).toBe(250);
  });

  it('a corrupted tail record is found on recovery too', () => {
    const disk = new HostDisk(DEFAULT_DISK);
    const log = disk.log('cq', 1);
    for (let i = 0; i < 4; i++) log.append(20, [i]);
    expect(disk.corruptTail('cq')).toBe(true);
    expect(log.recover()).toBe(1);
    expect(log.length).toBe(3);
  });
});

describe('disk faults', () => {
  it('a log whose records say their size keeps no end per record: offsets, sizes and truncation match a log that does', () => {
    const disk = new HostDisk(DEFAULT_DISK);
    const sized = disk.log('sized', 2, { runFields: 1, recordSize: (l, i) => 10 * l.get(i, 1) });
    const ended = disk.log('ended', 2, { runFields: 1 });
    for (const [i, n] of [3, 1, 4, 1, 5, 9, 2, 6].entries()) {
      sized.append(10 * n, [i >> 2, n]);
      ended.append(10 * n, [i >> 2, n]);
    }
    const offsets = (l: typeof sized): number[][] =>
      Array.from({ length: l.length }, (_, i) => [l.startOffset(i), l.endOffset(i), l.sizeAt(i)]);
    expect(offsets(sized)).toEqual(offsets(ended));
    const used = disk.usedBytes;
    sized.truncate(5);
    expect([sized.bytes, used - disk.usedBytes]).toEqual([140, 170]);
    expect(sized.residentBytes).toBeLessThan(ended.residentBytes);
    expect(() => disk.log('sized', 2, { runFields: 1 })).toThrow(/with and without a RecordSize/);
  });

  it('a full disk rejects writes with a value; a failed fsync reports ok=false and makes nothing durable', () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    const disk = sim.disk(hostId('a'));
    sim.at(ms(2), () => {
      disk.capacityBytes = disk.usedBytes + 150;
      const log = p.ctx.disk.log('l', 1);
      expect(log.append(100, [1])).toBe(0);
      expect(log.append(100, [2])).toBe(-1);
      expect(p.ctx.disk.writeFile('f', 'x'.repeat(100))).toBe(false);
      disk.failFsync = true;
      p.ctx.disk.fsync('l');
    });
    sim.runUntil(ms(100));
    expect(p.of('disk')).toEqual([expect.objectContaining({ path: 'l', ok: false })]);
    expect(p.ctx.disk.log('l', 1).durableLength).toBe(0);
  });

  it('a slow disk multiplies fsync latency', () => {
    const rng = new RandomStreams(1).stream('d');
    const disk = new HostDisk({ ...DEFAULT_DISK, fsyncMinUs: 1000, fsyncMaxUs: 1000 });
    expect(disk.sampleFsyncUs(rng)).toBe(1000);
    disk.slowFactor = 50;
    expect(disk.sampleFsyncUs(rng)).toBe(50_000);
  });

  it('fsync completions arrive after the sampled latency', () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    sim.at(ms(2), () => {
      p.ctx.disk.writeFile('f', 'x');
      p.ctx.disk.fsync('f');
    });
    sim.runUntil(sec(1));
    const at = p.of('disk')[0]?.at ?? 0;
    expect(at).toBeGreaterThanOrEqual(ms(2) + DEFAULT_DISK.fsyncMinUs);
    expect(at).toBeLessThanOrEqual(ms(2) + DEFAULT_DISK.fsyncMaxUs);
  });
});

describe('polled fsyncs (no completion event; the flush loop reads the result on its next round)', () => {
  it('complete at their instant: a poll before it sees nothing, after it the completion; no event is delivered', () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    let op = 0;
    const polls: unknown[] = [];
    sim.at(ms(2), () => {
      p.ctx.disk.log('raft', 1).append(10, [1]);
      op = p.ctx.disk.fsyncPolled('raft');
      polls.push(p.ctx.disk.pollFsync(op)); // fsyncs take at least 200 us
    });
    sim.at(ms(5), () => {
      polls.push(p.ctx.disk.pollFsync(op));
      polls.push(p.ctx.disk.pollFsync(op)); // returned once
    });
    sim.runUntil(ms(10));
    expect(polls).toEqual([undefined, expect.objectContaining({ path: 'raft', ok: true, durable: 1 }), undefined]);
    expect(p.of('disk')).toEqual([]);
    expect(p.ctx.disk.log('raft', 1).durableLength).toBe(1);
  });

  it('a detached one (nobody reads its completion) makes the file durable at its instant, with no event', () => {
    for (const [lossAt, survives] of [
      [ms(7), 'v2'], // the fsync (issued at 4 ms, at most 2 ms) has completed
      [ms(4), 'v1'], // same instant as the issue: in flight, the rewrite is lost
    ] as const) {
      const { sim, instances } = world(0);
      const p = last(instances);
      sim.at(ms(1), () => {
        p.ctx.disk.writeFile('offsets', 'v1');
        p.ctx.disk.fsync('offsets');
      });
      sim.at(ms(4), () => {
        p.ctx.disk.writeFile('offsets', 'v2');
        p.ctx.disk.fsyncDetached('offsets');
      });
      sim.at(lossAt, () => sim.powerLoss(hostId('a')));
      sim.at(ms(50), () => sim.powerOn(hostId('a')));
      sim.runUntil(ms(100));
      expect(last(instances).ctx.disk.readFile('offsets')).toBe(survives);
      expect(p.of('disk').length).toBe(1); // the ordinary fsync's completion only
    }
  });

  it('power loss keeps what completed before it, even unpolled, and cancels what was still in flight', () => {
    for (const [lossAt, survives] of [
      [ms(3), 1], // the fsync (issued at 2 ms, at most 2 ms) has completed: nobody polled it
      [ms(2), 0], // same instant as the issue: in flight
    ] as const) {
      const { sim, instances } = world(0);
      const p = last(instances);
      sim.at(ms(2), () => {
        p.ctx.disk.log('raft', 1).append(10, [1]);
        p.ctx.disk.fsyncPolled('raft');
      });
      sim.at(lossAt + (lossAt === ms(2) ? 0 : ms(1)), () => sim.powerLoss(hostId('a')));
      sim.at(ms(50), () => sim.powerOn(hostId('a')));
      sim.runUntil(ms(100));
      expect(last(instances).ctx.disk.log('raft', 1).length).toBe(survives);
    }
  });

  it('one issued agoUs ago (a flush round computed late) completes counted from then, and a poll as of a past instant sees only what completed by it', () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    let op = 0;
    const polls: unknown[] = [];
    sim.at(ms(2), () => p.ctx.disk.log('raft', 1).append(10, [1]));
    sim.at(ms(10), () => {
      op = p.ctx.disk.fsyncPolled('raft', ms(6)); // issued at 4 ms: done by 6 ms (fsyncs take at most 2 ms)
      polls.push(p.ctx.disk.pollFsync(op, ms(6))); // as of 4 ms: still in flight
      polls.push(p.ctx.disk.pollFsync(op, ms(4))); // as of 6 ms: done
    });
    sim.runUntil(ms(20));
    expect(polls).toEqual([undefined, expect.objectContaining({ path: 'raft', ok: true, durable: 1 })]);
  });

  it("power loss lets the host's processes settle first: a round computed late issues its fsync before the loss", () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    sim.at(ms(2), () => p.ctx.disk.log('raft', 1).append(10, [1]));
    // The process computes a round due at 4 ms only when it settles (here: at the power loss, 10 ms).
    Object.assign(p, { onSettle: () => p.ctx.disk.fsyncPolled('raft', p.ctx.now() - ms(4)) });
    sim.at(ms(10), () => sim.powerLoss(hostId('a')));
    sim.at(ms(50), () => sim.powerOn(hostId('a')));
    sim.runUntil(ms(100));
    expect(last(instances).ctx.disk.log('raft', 1).length).toBe(1);
  });

  it('a disk that starts failing fsyncs delivers those in flight as failed completion events, at their instant', () => {
    const { sim, instances } = world(0);
    const p = last(instances);
    let op = 0;
    sim.at(ms(2), () => {
      p.ctx.disk.log('raft', 1).append(10, [1]);
      op = p.ctx.disk.fsyncPolled('raft');
      sim.failFsyncs(hostId('a'));
    });
    sim.runUntil(ms(10));
    const [done] = p.of('disk');
    expect(done).toEqual(expect.objectContaining({ path: 'raft', ok: false }));
    expect(done?.at).toBeGreaterThanOrEqual(ms(2) + DEFAULT_DISK.fsyncMinUs);
    expect(done?.at).toBeLessThanOrEqual(ms(2) + DEFAULT_DISK.fsyncMaxUs);
    expect(p.ctx.disk.pollFsync(op)).toBeUndefined();
    expect(p.ctx.disk.log('raft', 1).durableLength).toBe(0);
  });
});
