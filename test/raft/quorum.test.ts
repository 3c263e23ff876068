// Differential test (etcd quick_test style): the allocation-free quorum index
// against DLedger's sort-and-pick version, over seeded random watermarks.
import { describe, expect, it } from 'vitest';
import { RandomStream, toPerMillion } from '../../sim/engine/index.js';
import { quorumIndex, quorumIndexNaive } from '../../sim/raft/quorum.js';

describe('quorumIndex', () => {
  it('matches the naive version on 20 000 random watermark sets of 3 and 5 members', () => {
    const rng = new RandomStream('quorum', 1);
    for (let i = 0; i < 20_000; i++) {
      const n = rng.chance(toPerMillion(0.5)) ? 3 : 5;
      const marks = Array.from({ length: n }, () => rng.int(-1, 20));
      expect(quorumIndex(marks), `watermarks ${marks.join(',')}`).toBe(quorumIndexNaive(marks));
    }
  });

  it('is the highest index a majority has acked', () => {
    expect(quorumIndex([5, 3, 9])).toBe(5);
    expect(quorumIndex([7, -1, -1])).toBe(-1);
    expect(quorumIndex([10, 8, 8, 2, 1])).toBe(8);
    expect(quorumIndex([10, 9, 4, 3, 2])).toBe(4);
  });
});
