import { describe, expect, it } from 'vitest';
import { nodeId, RandomStream, type NodeId } from '../../sim/engine/index.js';
import type { ClusterView, NodeKind } from '../../sim/cluster/spec.js';
import { describeSelector, parseSelector, resolveTargets, type Eligibility } from '../../sim/scenario/selectors.js';

const ids = (...xs: string[]): NodeId[] => xs.map(nodeId);
const down = new Set<string>(['g-1', 'c-2']);
const nodes: Record<NodeKind, NodeId[]> = {
  namesrv: ids('ns-1', 'ns-2'),
  broker: ids('g-0', 'g-1', 'g-2'),
  producer: ids('p-1'),
  consumer: ids('c-1', 'c-2'),
};
const view: ClusterView = {
  nodesOf: (k) => nodes[k],
  groups: () => ['g'],
  brokersOf: (g) => (g === 'g' ? nodes.broker : []),
  masterOf: () => nodeId('g-2'),
  leaderOf: () => undefined,
  slavesOf: () => ids('g-0'),
  clientsOf: (g) => [...nodes.producer, ...nodes.consumer].filter((n) => n.startsWith(`${g}-`)),
  isUp: (n) => !down.has(n),
};

const resolve = (targets: string[], eligible: Eligibility = 'any', exclude?: NodeId[]): string[] =>
  resolveTargets(targets, {
    view,
    rng: new RandomStream('t', 1),
    eligible,
    ...(exclude !== undefined ? { exclude } : {}),
  });

describe('selectors', () => {
  it('parses names and every selector form, and rejects unknown forms with what was expected', () => {
    expect(parseSelector('broker-a-0')).toEqual({ ok: true, selector: { kind: 'node', name: 'broker-a-0' } });
    expect(parseSelector('leader-of:g')).toEqual({ ok: true, selector: { kind: 'leader-of', group: 'g' } });
    expect(parseSelector('all:namesrv')).toEqual({ ok: true, selector: { kind: 'all', of: 'namesrv' } });
    expect(parseSelector('random:nodes')).toEqual({ ok: true, selector: { kind: 'random', of: 'nodes' } });
    const bad = parseSelector('all:brokers');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.expected).toContain('namesrv, broker, producer, consumer, nodes');
    expect(parseSelector('leader:g').ok).toBe(false);
  });

  it('resolves roles against the live view, filtering by what the verb can act on', () => {
    expect(resolve(['master-of:g'])).toEqual(['g-2']);
    expect(resolve(['leader-of:g'])).toEqual([]); // no leader right now: the fault is skipped
    expect(resolve(['slaves-of:g', 'all:namesrv'])).toEqual(['g-0', 'ns-1', 'ns-2']);
    expect(resolve(['all:broker'], 'up')).toEqual(['g-0', 'g-2']);
    expect(resolve(['down:nodes'])).toEqual(['g-1', 'c-2']);
    expect(resolve(['clients-of:c'], 'up')).toEqual(['c-1']);
    expect(resolve(['others'], 'any', ids('g-0', 'ns-1'))).toEqual(['ns-2', 'g-1', 'g-2', 'p-1', 'c-1', 'c-2']);
    expect(resolve(['g-0', 'slaves-of:g'])).toEqual(['g-0']); // each node once
  });

  it('draws random targets from the stream, among eligible nodes only', () => {
    const picks = new Set<string>();
    const rng = new RandomStream('pick', 7);
    for (let i = 0; i < 50; i++)
      for (const n of resolveTargets(['random:broker'], { view, rng, eligible: 'up' })) picks.add(n);
    expect([...picks].sort()).toEqual(['g-0', 'g-2']);
    expect(resolve(['random-of:g'], 'down')).toEqual(['g-1']);
  });

  it('tells selectors in words', () => {
    expect(describeSelector('master-of:broker-a')).toBe('the current master of broker-a');
    expect(describeSelector('random:namesrv')).toBe('one random namesrv');
    expect(describeSelector('ns-1')).toBe('ns-1');
  });
});
