import { describe, expect, it } from 'vitest';
import { compactNodes, groupTimeline } from '../../sim/report/timeline-groups.js';
import type { TimelineEntry } from '../../sim/scenario/result.js';

const e = (atUs: number, node: string, text: string, kind = 'ns.broker-registered'): TimelineEntry => ({
  atUs,
  node,
  source: 'event',
  kind,
  text,
  zh: text,
  major: true,
});

describe('groupTimeline', () => {
  it('folds the same statement by several nodes in one millisecond into one line, and drops the node prefix', () => {
    const lines = groupTimeline([
      e(1000, 'ns-1', 'ns-1: registered broker-a id=0 at broker-a-0'),
      e(1200, 'ns-2', 'ns-2: registered broker-b id=0 at broker-b-0'),
      e(1500, 'ns-2', 'ns-2: registered broker-a id=0 at broker-a-0'),
      e(2100, 'ns-3', 'ns-3: registered broker-a id=0 at broker-a-0'),
      e(2200, 'broker-a-1', 'broker-a-1 becomes leader of broker-a in term 2 (2/3 accepts)', 'raft.role'),
      {
        atUs: 2300,
        node: '-',
        source: 'fault',
        kind: 'heal',
        text: 'fault heal: all links',
        zh: '故障 heal: all links',
        major: true,
      },
    ]);
    expect(lines.map((l) => [l.atUs, l.nodes.join(','), l.text])).toEqual([
      [1000, 'ns-1,ns-2', 'registered broker-a id=0 at broker-a-0'],
      [1200, 'ns-2', 'registered broker-b id=0 at broker-b-0'],
      [2100, 'ns-3', 'registered broker-a id=0 at broker-a-0'],
      [2200, 'broker-a-1', 'becomes leader of broker-a in term 2 (2/3 accepts)'],
      [2300, '', 'fault heal: all links'],
    ]);
  });

  it('folds runs of numbered nodes', () => {
    expect(compactNodes(['ns-3', 'ns-1', 'ns-2'])).toBe('ns-1..3');
    expect(compactNodes(['p-4', 'p-1', 'p-2', 'q'])).toBe('p-1,p-2,p-4,q');
    expect(compactNodes(['broker-a-0', 'broker-a-1', 'broker-a-2', 'broker-b-0'])).toBe('broker-a-0..2,broker-b-0');
    expect(compactNodes([])).toBe('');
  });
});
