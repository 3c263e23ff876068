import { describe, expect, it } from 'vitest';
import { EventQueue, RandomStreams } from '../../sim/engine/index.js';

describe('event queue', () => {
  it('pops in (time, seq) order: differential test against a naive queue, with many ties', () => {
    const rng = new RandomStreams(11).stream('q');
    const heap = new EventQueue<undefined>();
    const naive: { t: number; seq: number }[] = [];
    const popNaive = (): number => {
      let best = 0;
      naive.forEach((e, i) => {
        const b = naive[best];
        if (b !== undefined && (e.t < b.t || (e.t === b.t && e.seq < b.seq))) best = i;
      });
      const [e] = naive.splice(best, 1);
      return e?.seq ?? -1;
    };
    const popHeap = (): number => {
      const slot = heap.pop();
      const seq = heap.a[slot] as number;
      heap.release(slot);
      return seq;
    };
    let seq = 0;
    const fromHeap: number[] = [];
    const fromNaive: number[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 300; i++, seq++) {
        const t = rng.int(0, 40); // few distinct times: ties everywhere
        heap.push(t, 1, 0, seq, 0, 0, undefined);
        naive.push({ t, seq });
      }
      for (let i = 0; i < 150; i++) {
        fromHeap.push(popHeap());
        fromNaive.push(popNaive());
      }
    }
    while (heap.size > 0) {
      fromHeap.push(popHeap());
      fromNaive.push(popNaive());
    }
    expect(naive).toHaveLength(0);
    expect(fromHeap).toHaveLength(6000);
    expect(fromHeap).toEqual(fromNaive);
  });

  it('events at one instant run in scheduling order', () => {
    const q = new EventQueue<string>();
    for (const name of ['first', 'second', 'third', 'fourth']) q.push(100, 1, 0, 0, 0, 0, name);
    q.push(50, 1, 0, 0, 0, 0, 'earlier');
    const order: (string | undefined)[] = [];
    while (q.size > 0) {
      const slot = q.pop();
      order.push(q.payload[slot]);
      q.release(slot);
    }
    expect(order).toEqual(['earlier', 'first', 'second', 'third', 'fourth']);
  });

  it('grows past its initial capacity and reuses released slots', () => {
    const q = new EventQueue<undefined>();
    for (let i = 0; i < 10_000; i++) q.push(10_000 - i, 1, i, 0, 0, 0, undefined);
    let last = -1;
    let count = 0;
    while (q.size > 0) {
      const t = q.peekTime();
      expect(t).toBeGreaterThanOrEqual(last);
      last = t;
      q.release(q.pop());
      count++;
    }
    expect(count).toBe(10_000);
    expect(q.scheduled).toBe(10_000);
  });
});
