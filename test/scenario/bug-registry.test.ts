// The bug-switch registry, proven row by row: for every switch, every story
// it names holds all its expectations with every switch off, and breaks the
// named expectation with the switch on. A switch with no story, a story
// that does not fail, or a control run that does not pass fails here; so a
// new switch is not done until a shipped story catches it.
import { describe, expect, it } from 'vitest';
import { BUG_REGISTRY, parseBugSwitches } from '../../sim/cluster/index.js';
import { runScenario, type RunResult } from '../../sim/scenario/index.js';
import { load } from './scenario-files.js';

/** One run per story with every switch off, shared by the switches that story proves. */
const controls = new Map<string, RunResult>();
function control(story: string): RunResult {
  let r = controls.get(story);
  if (r === undefined) {
    r = runScenario(load(story));
    controls.set(story, r);
  }
  return r;
}

const broken = (r: RunResult): string[] => r.expectations.filter((e) => !e.ok).map((e) => `${e.name}: ${e.detail}`);

describe('bug-switch registry', () => {
  it('lists each switch once, sorted, with its layer as the name prefix and a description', () => {
    const names = BUG_REGISTRY.map((b) => b.name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    expect(names).toEqual([...new Set(names)].sort());
    for (const b of BUG_REGISTRY) {
      expect(b.name.startsWith(`${b.layer}.`), b.name).toBe(true);
      expect(b.description.length, b.name).toBeGreaterThan(20);
    }
  });

  it('every switch names a story that catches it', () => {
    // Each switch is proven by a shipped story (a real-cluster scenario), not only by a directed test.
    const awaitingStory: string[] = [];
    expect(BUG_REGISTRY.filter((b) => b.caughtBy.length === 0).map((b) => b.name)).toEqual(awaitingStory);
  });

  it('parses names into the flags of their layers, and reports unknown names', () => {
    const r = parseBugSwitches(['raft.vote-without-persist', 'client.rebalance-overlap']);
    expect(r).toEqual({
      ok: true,
      flags: { namesrv: {}, broker: {}, raft: { voteWithoutPersist: true }, client: { bugRebalanceOverlap: true } },
    });
    expect(parseBugSwitches(['raft.vote-without-persist', 'nope'])).toEqual({ ok: false, unknown: ['nope'] });
  });

  for (const b of BUG_REGISTRY) {
    for (const { expectation, story } of b.caughtBy) {
      it(`${b.name}: ${story} breaks ${expectation}; with every switch off it holds`, () => {
        const off = control(story);
        expect(broken(off), `control run of ${story}`).toEqual([]);
        const s = load(story);
        expect(
          s.expectations.some((e) => e.check === expectation),
          `${story} has no ${expectation} expectation`,
        ).toBe(true);
        const on = runScenario(s, { bugs: [b.name] });
        const caught = on.expectations.filter((e) => e.checker === expectation);
        expect(caught.length).toBeGreaterThan(0);
        expect(
          caught.some((e) => !e.ok),
          `replay: rmqsim run ${story} --bug ${b.name}`,
        ).toBe(true);
      });
    }
  }
});
