// PendingRpcs: the ring of RPCs awaiting an answer, with the long-pending ones moved aside.
import { describe, expect, it } from 'vitest';
import { PendingRpcs } from '../../sim/engine/pending-rpcs.js';

const rpc = (id: number): { id: number; caller: number; callerIncarnation: number; to: number; request: string } => ({
  id,
  caller: id % 3,
  callerIncarnation: 1,
  to: 0,
  request: `r${id}`,
});

describe('PendingRpcs', () => {
  it('finds, forgets and lists RPCs in id order, also those a newer id pushed out of the ring', () => {
    const t = new PendingRpcs<string>();
    const live = new Set<number>();
    for (let id = 1; id <= 20_000; id++) {
      t.add(rpc(id));
      live.add(id);
      // Most are answered soon; every 997th stays pending for good.
      const answered = id - 5;
      if (answered > 0 && answered % 997 !== 0) {
        t.delete(answered);
        live.delete(answered);
      }
    }
    for (let id = 1; id <= 20_000; id++) {
      expect(t.has(id)).toBe(live.has(id));
      if (live.has(id)) expect(t.get(id)?.request).toBe(`r${id}`);
    }
    expect(t.inIdOrder().map((p) => p.id)).toEqual([...live].sort((a, b) => a - b));
    t.delete(997);
    expect(t.has(997)).toBe(false);
  });
});
