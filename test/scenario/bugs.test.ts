import { describe, expect, it } from 'vitest';
import { bugFlags } from '../../sim/cluster/bugs.js';
import { BUG_SWITCHES, checkBugNames } from '../../sim/scenario/bugs.js';

describe('bug switch catalog', () => {
  it('lists every switch the cluster builder accepts, each with what it breaks and what catches it', () => {
    const names = BUG_SWITCHES.map((b) => b.name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(names).toEqual([...names].sort());
    expect(bugFlags(names).unknown).toEqual([]);
    for (const b of BUG_SWITCHES) {
      expect(b.description.length, b.name).toBeGreaterThan(20);
      expect(b.caughtBy.length, b.name).toBeGreaterThan(5);
    }
    expect(names.some((n) => n.startsWith('namesrv.'))).toBe(true);
  });

  it('validates --bug names', () => {
    expect(checkBugNames(['raft.vote-without-persist'])).toEqual({ ok: true });
    expect(checkBugNames(['raft.vote-without-persist', 'nope'])).toEqual({ ok: false, unknown: ['nope'] });
  });
});
