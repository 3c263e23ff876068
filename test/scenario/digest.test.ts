// The scenario digest names the content of a scenario, not the order its keys
// were built in (issue 11 part 4): it is taken over the canonical form.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../sim/base/index.js';
import { scenarioDigest } from '../../sim/scenario/run.js';
import type { Scenario } from '../../sim/scenario/types.js';
import { load } from './scenario-files.js';

/** A deep copy with every object's keys inserted in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).reverse()) out[k] = reversedKeys(v);
  return out;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth, keeps array order and leaves out undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('fails on what is not JSON data', () => {
    expect(() => canonicalJson(() => 1)).toThrow(/not JSON data/);
  });
});

describe('scenario digest', () => {
  const s = load('scenarios/production-ha.yaml');

  it('two scenario objects with the same content in a different key order give the same digest', () => {
    const reordered = reversedKeys(s) as Scenario;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(s)); // the construction order does differ
    expect(scenarioDigest(reordered)).toBe(scenarioDigest(s));
  });

  it('different content gives a different digest; the file name is not part of it', () => {
    expect(scenarioDigest({ ...s, seed: s.seed + 1 })).not.toBe(scenarioDigest(s));
    expect(scenarioDigest({ ...s, file: 'elsewhere.yaml' })).toBe(scenarioDigest(s));
  });
});
