// Issue 10 row 12: the cause of an outage is a decision in the default
// timeline. A NameServer that gives a broker's id slot to another address
// (last writer wins, docs/model.md §2.2) or moves an address to another id
// (leaving its old slot empty), and a NameServer that removes a broker, are
// shown without --verbose; a heartbeat that changes nothing stays routine.
import { describe, expect, it } from 'vitest';
import { nodeId, sec } from '../../sim/engine/index.js';
import type { ClusterEvent } from '../../sim/protocol/index.js';
import { runScenario } from '../../sim/scenario/run.js';
import { TimelineRecorder } from '../../sim/scenario/timeline.js';
import { load } from './scenario-files.js';

const registered = (over: Partial<Extract<ClusterEvent, { kind: 'ns.broker-registered' }>>): ClusterEvent => ({
  kind: 'ns.broker-registered',
  ns: 'ns-1',
  brokerName: 'broker-a',
  brokerId: 0,
  addr: 'broker-a-1',
  first: false,
  movedFromIds: [],
  overwrote: '',
  topicsUpdated: false,
  ...over,
});

describe('NameServer route decisions in the default timeline', () => {
  it('marks slot replacement, id moves and removal major, a plain heartbeat minor', () => {
    const rec = new TimelineRecorder({ kindOf: () => 'namesrv', nodesOnHost: () => [] });
    const ns = nodeId('ns-1');
    rec.onEvent(sec(1), ns, registered({}));
    rec.onEvent(sec(2), ns, registered({ overwrote: 'broker-a-0' }));
    rec.onEvent(sec(3), ns, registered({ brokerId: 1, movedFromIds: [0] }));
    rec.onEvent(sec(4), ns, {
      kind: 'ns.broker-removed',
      ns: 'ns-1',
      brokerName: 'broker-a',
      brokerId: 1,
      addr: 'broker-a-1',
      reason: 'channel-closed',
      silentUs: 0,
    });
    expect(rec.entries.map((e) => [e.atUs / 1e6, e.major])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, true],
    ]);
    expect(rec.entries[1]?.text).toContain('replaced broker-a-0 in slot id=0 (last writer wins)');
  });

  it('incident 1464: the re-registration that empties slot id=0 is in the default timeline', () => {
    const r = runScenario(load('scenarios/incidents/dledger-restart-overwrites-master.yaml'), {
      bugs: ['broker.dledger-registers-id0-at-start'],
    });
    const major = r.timeline.filter((e) => e.major && e.kind.startsWith('ns.'));
    const after = major.filter((e) => e.atUs > sec(50)).map((e) => e.text);
    expect(
      after.some((t) => /re-registered broker-a id=3 at broker-a-2; moved from id 0/.test(t)),
      after.join('\n'),
    ).toBe(true);
    expect(major.some((e) => e.kind === 'ns.broker-removed' && e.atUs >= sec(40) && e.atUs < sec(41))).toBe(true);
  });
});
