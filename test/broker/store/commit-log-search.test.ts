// CommitLog.indexOf and countEndingBy (an interpolation search with a bisection fallback) agree
// with a linear scan, on records of one size and of mixed sizes.
import { describe, expect, it } from 'vitest';
import { Interner } from '../../../sim/base/index.js';
import { RandomStreams } from '../../../sim/engine/index.js';
import { hostDiskView } from '../../support/disk-view.js';
import { CommitLog } from '../../../sim/broker/store/commit-log.js';
import { emptyRecordFields } from '../../../sim/broker/store/record-codec.js';

function logOf(sizes: readonly number[]): CommitLog {
  const log = new CommitLog(hostDiskView(), 'b/commitlog', new Interner());
  sizes.forEach((bytes, uid) => log.append({ ...emptyRecordFields(), uid, bodyBytes: 1 }, bytes));
  return log;
}

function expectLinear(log: CommitLog, sizes: readonly number[]): void {
  const starts: number[] = [];
  let at = 0;
  for (const s of sizes) {
    starts.push(at);
    at += s;
  }
  for (let phy = -2; phy <= at + 2; phy++) {
    expect(log.indexOf(phy)).toBe(starts.indexOf(phy));
    expect(log.countEndingBy(phy)).toBe(starts.filter((s, i) => s + (sizes[i] as number) <= phy).length);
  }
}

describe('CommitLog offset search', () => {
  it('finds records of one size', () => {
    const sizes = Array.from({ length: 300 }, () => 7);
    expectLinear(logOf(sizes), sizes);
  });

  it('finds records of very uneven sizes', () => {
    const rng = new RandomStreams(7).member('sizes');
    const sizes = Array.from({ length: 300 }, (_, i) => (i % 50 === 0 ? rng.int(200, 400) : rng.int(1, 9)));
    expectLinear(logOf(sizes), sizes);
  });

  it('answers on an empty log, and for an offset that is not a number', () => {
    expectLinear(logOf([]), []);
    const log = logOf([5, 5, 5]);
    expect(log.indexOf(Number.NaN)).toBe(-1);
  });
});
