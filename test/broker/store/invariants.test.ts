// Property test: random puts, process crashes, power losses and restarts,
// over many seeds; after every recovery the store must be self-consistent:
// each queue's entries point at records of that queue whose queue offsets
// equal their logical positions, every record is dispatched exactly once,
// survivors are a prefix of what was appended, and queue offsets continue
// from the recovered maximum.
import { describe, expect, it } from 'vitest';
import { ms, sec, toPerMillion } from '../../../sim/engine/index.js';
import type { StoreConfig } from '../../../sim/broker/store/config.js';
import { makeRig, msg, type StoreHost } from './store-host.js';
import { hostId } from '../../../sim/engine/index.js';

/** Queue 4 is rare, so a power loss often takes all its records (its consume-queue file goes stale). */
const QUEUES = 5;

/** Flush regimes: default ASYNC, SYNC, consume queues flushed ahead of the log, and behind it. */
const CONFIGS: readonly Partial<StoreConfig>[] = [
  {},
  { flushDiskType: 'SYNC_FLUSH' },
  { flushIntervalConsumeQueueUs: ms(100), flushConsumeQueueLeastPages: 0, flushCommitLogThoroughIntervalUs: sec(5) },
  { flushCommitLogLeastPages: 0, flushIntervalCommitLogUs: ms(50), flushIntervalConsumeQueueUs: sec(1e6) },
];

/** Reads every queue in full through getMessage and checks the structure; returns uids in log order. */
function audit(h: StoreHost, where: string): number[] {
  const seen: { uid: number; phy: number }[] = [];
  const problems: string[] = [];
  for (let q = 0; q < QUEUES; q++) {
    let off = h.s.minOffsetInQueue('T', q);
    const max = h.s.maxOffsetInQueue('T', q);
    let lastPhy = -1;
    while (off < max) {
      const r = h.s.getMessage('T', q, off, 32);
      if (r.status !== 'FOUND') problems.push(`queue ${q} offset ${off}: ${r.status}`);
      r.messages.forEach((m, k) => {
        if (m.topic !== 'T' || m.queueId !== q || m.queueOffset !== off + k)
          problems.push(`queue ${q} offset ${off + k} holds ${m.topic}/${m.queueId}@${m.queueOffset}`);
        if (m.commitLogOffset <= lastPhy) problems.push(`queue ${q} offset ${off + k}: physical order broken`);
        lastPhy = m.commitLogOffset;
        seen.push({ uid: m.uid, phy: m.commitLogOffset });
      });
      if (r.messages.length === 0) break;
      off = r.nextBeginOffset;
    }
  }
  const p = h.s.positions;
  if (seen.length !== h.s.recordCount) problems.push(`${seen.length} pullable of ${h.s.recordCount} records`);
  if (p.dispatched !== p.appended || p.flushed > p.appended) problems.push(`positions ${JSON.stringify(p)}`);
  expect(problems, where).toEqual([]);
  return seen.sort((a, b) => a.phy - b.phy).map((s) => s.uid);
}

describe('store invariants under random crashes and power losses', () => {
  it('stays consistent over 40 seeds', () => {
    let lost = 0;
    let torn = 0;
    let reusedQueueEntries = 0;
    let redispatched = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rig = makeRig({
        seed,
        config: CONFIGS[seed % CONFIGS.length] ?? {},
        disk: { tornTailProbability: toPerMillion(0.5) },
      });
      const rng = rig.sim.stream('script');
      const appended: number[] = [];
      let t = ms(1);
      for (let step = 0; step < 60; step++) {
        t += rng.int(1, ms(700));
        const op = rng.int(0, 19);
        const where = `seed ${seed} step ${step} op ${op}`;
        rig.sim.runUntil(t);
        if (op === 0) {
          rig.sim.crash(rig.id);
          rig.sim.restart(rig.id);
          rig.sim.runUntil((t += 1));
          expect(audit(rig.host(), where), `${where}: kill -9 must lose nothing`).toEqual(appended);
        } else if (op === 1) {
          rig.sim.powerLoss(hostId('b0'));
          rig.sim.powerOn(hostId('b0'));
          rig.sim.runUntil((t += 1));
          const survivors = audit(rig.host(), where);
          expect(survivors, `${where}: survivors are a prefix`).toEqual(appended.slice(0, survivors.length));
          lost += appended.length - survivors.length;
          torn += rig.host().recovery?.truncatedRecords ?? 0;
          reusedQueueEntries += rig.host().recovery?.truncatedQueueEntries ?? 0;
          redispatched += rig.host().recovery?.redispatched ?? 0;
          appended.length = survivors.length;
        } else {
          const h = rig.host();
          for (let k = rng.int(1, 20); k > 0; k--) {
            const req = msg('T', rng.chance(toPerMillion(0.03)) ? QUEUES - 1 : rng.int(0, QUEUES - 2), {
              bodyBytes: rng.int(0, 3000),
            });
            const r = h.s.putMessage(h.port, req);
            if (r.queueOffset !== h.s.maxOffsetInQueue('T', req.queueId) - 1)
              expect(r.queueOffset, where).toBe(h.s.maxOffsetInQueue('T', req.queueId) - 1);
            appended.push(req.uid);
          }
        }
      }
      rig.sim.runUntil(t + sec(1));
      expect(audit(rig.host(), `seed ${seed} end`)).toEqual(appended);
    }
    // The faults did bite: data was lost, tails were torn, queue entries past the log end dropped, others rebuilt.
    expect(lost).toBeGreaterThan(0);
    expect(torn).toBeGreaterThan(0);
    expect(reusedQueueEntries).toBeGreaterThan(20);
    expect(redispatched).toBeGreaterThan(0);
  });
});
