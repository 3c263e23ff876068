// summarizeSends lays every acknowledged latency out once, bucket by bucket (issue 9: memory):
// its per-bucket p50/p99 and the run's percentiles must be those of each bucket's latencies and
// of all of them, as sendLatencyPercentiles computes the latter from its own copy.
import { describe, expect, it } from 'vitest';
import { History, SendOutcome } from '../../sim/history/index.js';
import { sendLatencyPercentiles } from '../../sim/history/history-readers.js';
import { msgUid } from '../../sim/protocol/index.js';
import { sec } from '../../sim/engine/index.js';
import { summarizeSends } from '../../sim/scenario/summaries.js';

describe('summarizeSends', () => {
  it('gives each bucket the percentiles of its own latencies and the run those of all', () => {
    const h = new History();
    const latencyOf = (i: number): number => 1_000 + ((i * 7_919) % 50_000);
    const endUs = sec(60);
    const perBucket = new Map<number, number[]>();
    for (let i = 0; i < 600; i++) {
      const atUs = i * 100_000;
      const row = h.sendStarted({ uid: msgUid(1, i), group: 'pg', topic: 'T', key: -1, atUs });
      const acked = i % 5 !== 0;
      h.sendDone(row, {
        outcome: acked ? SendOutcome.SEND_OK : SendOutcome.FAILED,
        atUs: atUs + latencyOf(i),
        attempts: 1,
        brokerName: 'broker-a',
        queueId: 0,
        queueOffset: i,
      });
      if (!acked) continue;
      const b = Math.min(119, Math.floor((atUs + latencyOf(i)) / 500_000));
      perBucket.set(b, [...(perBucket.get(b) ?? []), latencyOf(i)]);
    }
    const s = summarizeSends(h, [], endUs);
    expect(s.bucketUs).toBe(500_000);
    const pick = (xs: readonly number[], p: number): number => {
      const sorted = [...xs].sort((a, b) => a - b);
      return sorted.length === 0
        ? 0
        : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0);
    };
    s.buckets.forEach((b, i) => {
      expect(b.p50Us).toBe(pick(perBucket.get(i) ?? [], 50));
      expect(b.p99Us).toBe(pick(perBucket.get(i) ?? [], 99));
    });
    expect(s.percentiles.map((q) => q.us)).toEqual(sendLatencyPercentiles(h, [50, 90, 99, 99.9]));
    expect(new Set(s.percentiles.map((q) => q.us)).size).toBeGreaterThan(1);
  });
});
