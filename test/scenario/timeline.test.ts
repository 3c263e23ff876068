import { describe, expect, it } from 'vitest';
import { nodeId, sec } from '../../sim/engine/index.js';
import { describeClusterEventZh } from '../../sim/i18n/index.js';
import { describeClusterEvent } from '../../sim/protocol/index.js';
import type { TimelineEntry } from '../../sim/scenario/result.js';
import { TimelineRecorder } from '../../sim/scenario/timeline.js';

describe('TimelineRecorder', () => {
  it('tracks state and announced role per node, marks a host power loss on its processes, and leaves routine commits out', () => {
    const rec = new TimelineRecorder({
      kindOf: (n) => (n.startsWith('ns') ? 'namesrv' : 'broker'),
      nodesOnHost: (h) => (h === 'host-a' ? ['b-0'] : []),
    });
    const b0 = nodeId('b-0');
    rec.onKernel(0, { kind: 'lifecycle', node: 'b-0', what: 'start' });
    rec.onKernel(0, { kind: 'lifecycle', node: 'ns-1', what: 'start' });
    rec.onEvent(0, b0, {
      kind: 'raft.recovered',
      node: 'b-0',
      group: 'b',
      term: 0,
      votedFor: undefined,
      ledgerEndIndex: -1,
      ledgerEndTerm: -1,
      tornRecords: 0,
    });
    rec.onEvent(sec(1), b0, {
      kind: 'raft.role',
      node: 'b-0',
      group: 'b',
      role: 'LEADER',
      previous: 'CANDIDATE',
      term: 1,
      leader: 'b-0',
      reason: 'won',
    });
    rec.onEvent(sec(2), b0, { kind: 'raft.commit', node: 'b-0', group: 'b', index: 1, term: 1, previous: 0 });
    rec.onKernel(sec(3), { kind: 'lifecycle', node: 'host-a', what: 'power-loss' });
    rec.onKernel(sec(5), { kind: 'lifecycle', node: 'b-0', what: 'restart' });
    rec.onKernel(sec(6), { kind: 'fault', verb: 'heal', detail: 'all links' });
    const b = rec.tracksAt(sec(10)).find((t) => t.node === 'b-0');
    expect(b?.segments.map((s) => [s.fromUs / 1e6, s.toUs / 1e6, s.state, s.role])).toEqual([
      [0, 1, 'up', 'CANDIDATE'],
      [1, 3, 'up', 'LEADER'],
      [3, 5, 'down', ''],
      [5, 10, 'up', ''],
    ]);
    expect(rec.tracksAt(sec(10)).map((t) => t.node)).toEqual(['ns-1', 'b-0']);
    expect(rec.entries.map((e) => e.kind)).toEqual(['raft.recovered', 'raft.role', 'power-loss', 'restart', 'heal']);
    expect(rec.dropped).toBe(1);
  });
});

describe('TimelineRecorder: how a run begins is not a decision', () => {
  it("a process's first start and a client's first route of a topic are minor; a restart and a later route change are not", () => {
    const rec = new TimelineRecorder({ kindOf: () => 'producer', nodesOnHost: () => [] });
    const route = (brokers: string[]) =>
      ({
        kind: 'client.route-changed',
        client: 'p-1',
        topic: 't',
        writableBrokers: brokers,
        readableBrokers: brokers,
      }) as const;
    rec.onKernel(sec(1), { kind: 'lifecycle', node: 'p-1', what: 'start' }); // a spread start, after 0
    rec.onEvent(sec(1), nodeId('p-1'), route(['a', 'b']));
    rec.onEvent(sec(9), nodeId('p-1'), route(['b']));
    rec.onKernel(sec(10), { kind: 'lifecycle', node: 'p-1', what: 'crash' });
    rec.onKernel(sec(20), { kind: 'lifecycle', node: 'p-1', what: 'restart' });
    expect(rec.entries.map((e) => `${e.atUs / 1e6} ${e.kind} ${e.major ? 'major' : 'minor'}`)).toEqual([
      '1 start minor',
      '1 client.route-changed minor',
      '9 client.route-changed major',
      '10 crash major',
      '20 restart major',
    ]);
  });
});

describe('TimelineRecorder.recordFault', () => {
  it('puts the fault line before the effects it had at the same instant', () => {
    const rec = new TimelineRecorder({ kindOf: () => 'broker', nodesOnHost: () => [] });
    rec.onKernel(sec(1), { kind: 'lifecycle', node: 'x', what: 'crash' });
    rec.onKernel(sec(2), { kind: 'lifecycle', node: 'a', what: 'crash' });
    rec.onKernel(sec(2), { kind: 'lifecycle', node: 'b', what: 'crash' });
    rec.recordFault(sec(2), 'crash', 'crash a,b (all:broker)', ['a', 'b']);
    expect(rec.entries.map((e) => `${e.atUs / 1e6} ${e.source} ${e.node}`)).toEqual([
      '1 lifecycle x',
      '2 fault -',
      '2 lifecycle a',
      '2 lifecycle b',
    ]);
  });
});

describe('TimelineRecorder: an event is written when the timeline is read', () => {
  it("gives a result the same timeline in the placeholder's place: lines, key order, JSON and a structured clone", () => {
    const rec = new TimelineRecorder({ kindOf: () => 'broker', nodesOnHost: () => [] });
    const e = {
      kind: 'raft.vote',
      node: 'b-1',
      group: 'b',
      term: 2,
      candidate: 'b-0',
      result: 'REJECT_TERM_SMALL_THAN_LEDGER',
      why: 'its term 1 < mine 2',
    } as const;
    rec.onEvent(sec(1), nodeId('b-1'), e);
    const placeholder: readonly TimelineEntry[] = [];
    const result = rec.readLazilyInto({ before: 1, timeline: placeholder, after: 2 });
    expect(Object.keys(result)).toEqual(['before', 'timeline', 'after']);
    const [entry] = result.timeline;
    expect(entry).toEqual({
      atUs: sec(1),
      node: 'b-1',
      source: 'event',
      kind: 'raft.vote',
      text: describeClusterEvent(e),
      zh: describeClusterEventZh(e),
      major: false,
    });
    expect(Object.keys(entry ?? {})).toEqual(['atUs', 'node', 'source', 'kind', 'text', 'zh', 'major']);
    expect(entry?.zh).toContain('拒绝');
    expect(result.timeline).toBe(result.timeline);
    expect(JSON.stringify(structuredClone(result))).toBe(JSON.stringify({ before: 1, timeline: [entry], after: 2 }));
  });
});
