import { describe, expect, it } from 'vitest';
import { RandomStreams, toPerMillion } from '../../sim/engine/index.js';

const draws = (streams: RandomStreams, name: string, n: number): number[] =>
  Array.from({ length: n }, () => streams.stream(name).int(0, 1_000_000));

describe('named random streams', () => {
  it('same root seed and name give the same draws', () => {
    expect(draws(new RandomStreams(7), 'net', 50)).toEqual(draws(new RandomStreams(7), 'net', 50));
  });

  it('a different seed or name gives different draws', () => {
    const base = draws(new RandomStreams(7), 'net', 50);
    expect(draws(new RandomStreams(8), 'net', 50)).not.toEqual(base);
    expect(draws(new RandomStreams(7), 'faults', 50)).not.toEqual(base);
  });

  it('drawing from a new stream does not shift another stream', () => {
    const a = new RandomStreams(42);
    const b = new RandomStreams(42);
    const fromA: number[] = [];
    const fromB: number[] = [];
    for (let i = 0; i < 100; i++) {
      fromA.push(a.stream('node:ns-1').int(0, 1e9));
      b.stream('node:extra').next(); // an extra consumer only in run b
      fromB.push(b.stream('node:ns-1').int(0, 1e9));
    }
    expect(fromB).toEqual(fromA);
  });

  it('distributions stay within their ranges and means', () => {
    const s = new RandomStreams(3).stream('dist');
    const n = 20_000;
    let sumExp = 0;
    let trues = 0;
    const ints = new Set<number>();
    for (let i = 0; i < n; i++) {
      const v = s.int(3, 7);
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThanOrEqual(7);
      ints.add(v);
      sumExp += s.exponential(1000);
      if (s.chance(toPerMillion(0.25))) trues++;
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(sumExp / n).toBeGreaterThan(950);
    expect(sumExp / n).toBeLessThan(1050);
    expect(trues / n).toBeGreaterThan(0.23);
    expect(trues / n).toBeLessThan(0.27);
  });

  it('shuffle is a permutation and choice picks members', () => {
    const s = new RandomStreams(5).stream('shuffle');
    const items = Array.from({ length: 30 }, (_, i) => i);
    const shuffled = s.shuffle(items);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    for (let i = 0; i < 100; i++) expect(items).toContain(s.choice(items));
  });
});

describe('member streams (one per link, one per host)', () => {
  it('are named by family and parts in order: a -> b and b -> a draw differently, the same member the same', () => {
    const s = new RandomStreams(9);
    const ab = Array.from({ length: 20 }, () => s.member('net', 'a', 'b').int(0, 1e9));
    const ba = Array.from({ length: 20 }, () => s.member('net', 'b', 'a').int(0, 1e9));
    expect(ba).not.toEqual(ab);
    const again = new RandomStreams(9);
    expect(Array.from({ length: 20 }, () => again.member('net', 'a', 'b').int(0, 1e9))).toEqual(ab);
    expect(again.member('disk', 'h')).toBe(again.member('disk', 'h'));
  });

  it('refuses a part holding the separator (two members could share a seed)', () => {
    expect(() => new RandomStreams(1).member('net', 'a\u0000b', 'c')).toThrow(/NUL/);
  });
});

describe('integer chances (per million)', () => {
  it('toPerMillion turns a ratio into an integer once, and refuses one outside [0, 1]', () => {
    expect([toPerMillion(0), toPerMillion(0.1), toPerMillion(0.005), toPerMillion(1)]).toEqual([
      0, 100_000, 5_000, 1_000_000,
    ]);
    expect(Number.isInteger(toPerMillion(0.123_456_7))).toBe(true);
    expect(() => toPerMillion(1.01)).toThrow(/outside \[0, 1\]/);
    expect(() => toPerMillion(-0.1)).toThrow(/outside \[0, 1\]/);
  });

  it('chance 0 is never true, 10^6 always; each chance is exactly one draw', () => {
    const s = new RandomStreams(4).stream('edges');
    let never = 0;
    let always = 0;
    for (let i = 0; i < 5_000; i++) {
      if (s.chance(toPerMillion(0))) never++;
      if (s.chance(toPerMillion(1))) always++;
    }
    expect([never, always]).toEqual([0, 5_000]);
    const a = new RandomStreams(5).stream('one-draw');
    const b = new RandomStreams(5).stream('one-draw');
    a.chance(toPerMillion(0.5));
    b.next();
    expect(a.int(0, 1e9)).toBe(b.int(0, 1e9));
  });
});
