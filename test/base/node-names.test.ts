import { describe, expect, it } from 'vitest';
import { compareNodeNames, splitNodeName } from '../../sim/base/index.js';

describe('node names', () => {
  it('split into a prefix and a numeric suffix (-1 without one)', () => {
    expect(splitNodeName('broker-a-12')).toEqual(['broker-a-', 12]);
    expect(splitNodeName('ns-3')).toEqual(['ns-', 3]);
    expect(splitNodeName('solo')).toEqual(['solo', -1]);
  });

  it('order by prefix, then the suffix as a number (five-groups-2 before five-groups-10)', () => {
    const names = ['five-groups-10', 'five-groups-2', 'broker-b-0', 'five-groups-1', 'broker-a-11', 'broker-a-2', 'ns'];
    expect([...names].sort(compareNodeNames)).toEqual([
      'broker-a-2',
      'broker-a-11',
      'broker-b-0',
      'five-groups-1',
      'five-groups-2',
      'five-groups-10',
      'ns',
    ]);
  });
});
