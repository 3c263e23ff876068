import { describe, expect, it } from 'vitest';
import { RandomStream } from '../../sim/engine/index.js';
import { allocateAveragely, allocateAveragelyByCircle, allocateWithOverlap } from '../../sim/client/allocate.js';
import { compareMq, mqKey, type MessageQueue } from '../../sim/protocol/index.js';

/** The naive reading of AllocateMessageQueueAveragely: hand out queues in order, the first n % c consumers get one more. */
function naiveAveragely(mqAll: readonly MessageQueue[], cidAll: readonly string[], cid: string): MessageQueue[] {
  const c = cidAll.length;
  const owner: number[] = [];
  let next = 0;
  for (let i = 0; i < c; i++) {
    const share = Math.floor(mqAll.length / c) + (i < mqAll.length % c ? 1 : 0);
    for (let k = 0; k < share; k++) owner[next++] = i;
  }
  const me = cidAll.indexOf(cid);
  return mqAll.filter((_, k) => owner[k] === me);
}

function randomCase(rng: RandomStream): { mqAll: MessageQueue[]; cidAll: string[] } {
  const brokers = rng.int(1, 4);
  const mqAll: MessageQueue[] = [];
  for (let b = 0; b < brokers; b++)
    for (let q = 0; q < rng.int(0, 8); q++) mqAll.push({ topic: 'T', brokerName: `broker-${b}`, queueId: q });
  const cidAll = Array.from({ length: rng.int(1, 12) }, (_, i) => `c${String(i).padStart(2, '0')}`);
  return { mqAll: mqAll.sort(compareMq), cidAll };
}

describe('allocate', () => {
  it('averagely matches the naive version over seeded random inputs, and every queue has exactly one owner', () => {
    const rng = new RandomStream('alloc', 7);
    for (let t = 0; t < 500; t++) {
      const { mqAll, cidAll } = randomCase(rng);
      const owners = new Map<string, number>();
      for (const cid of cidAll) {
        const mine = allocateAveragely({ mqAll, cidAll, currentCid: cid });
        expect(mine.map(mqKey)).toEqual(naiveAveragely(mqAll, cidAll, cid).map(mqKey));
        for (const mq of mine) owners.set(mqKey(mq), (owners.get(mqKey(mq)) ?? 0) + 1);
      }
      expect([...owners.values()].every((n) => n === 1)).toBe(true);
      expect(owners.size).toBe(mqAll.length);
    }
  });

  it('by circle deals queue k to consumer k % c; a consumer not in the list gets nothing', () => {
    const mqAll = Array.from({ length: 5 }, (_, q) => ({ topic: 'T', brokerName: 'b', queueId: q }));
    expect(allocateAveragelyByCircle({ mqAll, cidAll: ['a', 'b'], currentCid: 'b' }).map((m) => m.queueId)).toEqual([
      1, 3,
    ]);
    expect(allocateAveragely({ mqAll, cidAll: ['a', 'b'], currentCid: 'z' })).toEqual([]);
    expect(allocateAveragely({ mqAll, cidAll: ['a', 'b'], currentCid: 'a' }).map((m) => m.queueId)).toEqual([0, 1, 2]);
  });

  it('the overlap bug switch gives one queue two owners', () => {
    const mqAll = Array.from({ length: 4 }, (_, q) => ({ topic: 'T', brokerName: 'b', queueId: q }));
    const a = allocateWithOverlap('AVERAGELY', { mqAll, cidAll: ['a', 'b'], currentCid: 'a' }).map((m) => m.queueId);
    const b = allocateWithOverlap('AVERAGELY', { mqAll, cidAll: ['a', 'b'], currentCid: 'b' }).map((m) => m.queueId);
    expect(a).toEqual([0, 1, 2]);
    expect(b).toEqual([2, 3, 0]);
  });
});
