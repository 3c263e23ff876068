// Availability that follows the faults (issue 13 part 3): the excused windows
// come from the configuration and the faults actually injected (pure cases),
// and in a run a window excuses exactly what the configuration cannot serve:
// a lone classic master's crash is excused, while with a second group a
// crash (RST, so a correct producer retries elsewhere) is not, and the
// client.retry-same-broker switch breaks it.
import { describe, expect, it } from 'vitest';
import { NEEDS_TIMINGS } from '../support/needs-timings.js';
import type { InjectedFault } from '../../sim/check/injected-faults.js';
import { excusedWindows } from '../../sim/check/availability-needs.js';
import { faultOutages } from '../../sim/check/fault-outages.js';
import type { NeedsGroup, NeedsInput, NodeOutage } from '../../sim/check/needs-input.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { excusedSends } from '../../sim/check/availability-follow.js';
import { routeBoundWindows, routelessSpans } from '../../sim/check/availability-routes.js';
import { History, SendOutcome } from '../../sim/history/index.js';

const S = 1_000_000;
const timings = NEEDS_TIMINGS;
const classic = (name: string, replicas = 1, brokerRole: NeedsGroup['brokerRole'] = 'ASYNC_MASTER'): NeedsGroup => ({
  name,
  mode: 'classic',
  brokerRole,
  flushDiskType: 'ASYNC_FLUSH',
  members: Array.from({ length: replicas }, (_, i) => `${name}-${i}`),
});
const dledger = (name: string, replicas: number): NeedsGroup => ({ ...classic(name, replicas), mode: 'dledger' });
const out = (node: string, from: number, to: number, how = 'crash'): NodeOutage => ({
  node,
  fromUs: from * S,
  toUs: to * S,
  how,
  silent: how !== 'crash',
});

function input(
  groups: NeedsGroup[],
  outages: NodeOutage[],
  leader: NeedsInput['leaderAt'] = () => undefined,
): NeedsInput {
  return {
    groups,
    namesrvs: ['ns-1'],
    producers: ['producer-1'],
    outages,
    leaderAt: leader,
    needsSlave: false,
    needsFastDisk: false,
    timings,
    endUs: 200 * S,
  };
}

describe('excused windows follow the drawn configuration and faults', () => {
  it('a lone classic master down excuses every send until a route poll and a send budget after it is back', () => {
    const w = excusedWindows(input([classic('broker-a')], [out('broker-a-0', 10, 20)]));
    const reason: unknown = expect.stringContaining('broker-a lacks its master (crash broker-a-0');
    expect(w).toEqual([{ fromUs: 10 * S, toUs: 53 * S, group: undefined, reason }]);
  });

  it('with a second group a crash excuses nothing (RST: the producer retries elsewhere); a power loss excuses sends to that group only', () => {
    expect(excusedWindows(input([classic('broker-a'), classic('broker-b')], [out('broker-a-0', 10, 20)]))).toEqual([]);
    const silent = excusedWindows(
      input([classic('broker-a'), classic('broker-b')], [out('broker-a-0', 10, 20, 'power-loss')]),
    );
    expect(silent.map((x) => [x.group, x.fromUs / S, x.toUs / S])).toEqual([['broker-a', 10, 53]]);
  });

  it('DLedger: a follower lost costs nothing, the leader lost costs an election, a lost quorum the whole outage', () => {
    const g = [dledger('broker-a', 3)];
    const leader = (): string => 'broker-a-0';
    expect(excusedWindows(input(g, [out('broker-a-1', 10, 20)], leader))).toEqual([]);
    expect(
      excusedWindows(input(g, [out('broker-a-0', 10, 60)], leader)).map((x) => [x.fromUs / S, x.toUs / S]),
    ).toEqual([[10, 10 + 12 + 12 + 33]]);
    const quorum = excusedWindows(input(g, [out('broker-a-1', 10, 40), out('broker-a-2', 15, 30)], leader));
    expect(quorum.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[15, 30 + 12 + 33]]);
    expect(quorum[0]?.reason).toContain('lacks a quorum (1 of 3 members, 2 needed');
  });

  it('DLedger: a quorum that needs a follower whose links lose packets excuses the group until a send budget after', () => {
    const g = [dledger('broker-a', 3)];
    const lossy: NodeOutage = { ...out('broker-a-1', 35, 62, 'packet-loss'), masterOnly: true };
    expect(excusedWindows(input(g, [lossy], () => 'broker-a-2'))).toEqual([]);
    const w = excusedWindows(input(g, [lossy, out('broker-a-0', 48, 84, 'partition')], () => 'broker-a-2'));
    expect(w.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[48, 62 + 3]]);
    expect(w[0]?.reason).toContain('quorum needs a member whose links lose packets');
  });

  it('a completed handover to the preferred leader is excused until a route poll after it; one given up only when its transferee was lost', () => {
    const g = [dledger('broker-a', 3)];
    const transfer = (fromS: number, toS: number, completed: boolean) => ({
      group: 'broker-a',
      transferee: 'broker-a-0',
      fromUs: fromS * S,
      toUs: toS * S,
      completed,
    });
    const done = excusedWindows({ ...input(g, []), transfers: [transfer(6, 7, true)] });
    expect(done.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[6, 7 + 33 + 12]]);
    expect(done[0]?.reason).toContain('handed leadership to its preferred leader broker-a-0');
    // openmessaging/dledger#287: a transferee with a full disk is no excuse for a transfer that gives up.
    const full = [out('broker-a-0', 20, 60, 'disk-full')];
    expect(excusedWindows({ ...input(g, full), transfers: [transfer(30, 36, false)] })).toEqual([]);
    const paused = [out('broker-a-0', 32, 40, 'pause')];
    const gaveUp = excusedWindows({ ...input(g, paused), transfers: [transfer(30, 36, false)] });
    expect(gaveUp.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[30, 36 + 3]]);
  });

  it('a handover to a full-disk member given up and tried again is cut out of every other window (raft.transfer-to-full-disk)', () => {
    const g = [dledger('broker-a', 3)];
    const leader = (_g: string, atUs: number): string => (atUs < 20 * S ? 'broker-a-0' : 'broker-a-1');
    const given = (fromS: number, toS: number) => ({
      group: 'broker-a',
      transferee: 'broker-a-0',
      fromUs: fromS * S,
      toUs: toS * S,
      completed: false,
    });
    // The old leader broker-a-0 died at 10 s (excused until 10 + 12 + 12 + 33 = 67 s) and came back at 30 s to a full disk.
    const faults = [out('broker-a-0', 10, 30), out('broker-a-0', 25, 90, 'disk-full')];
    const first = excusedWindows({ ...input(g, faults, leader), transfers: [given(31, 37)] });
    expect(first.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[10, 67]]);
    const again = excusedWindows({ ...input(g, faults, leader), transfers: [given(31, 37), given(38, 44)] });
    expect(again.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([
      [10, 38],
      [44, 67],
    ]);
    // After the disk has room again a new attempt is an ordinary one.
    const later = excusedWindows({ ...input(g, faults, leader), transfers: [given(31, 37), given(91, 97)] });
    expect(later.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[10, 67]]);
  });

  it('a group back while no NameServer is reachable waits for one and its registration; a partition costs its target', () => {
    const w = excusedWindows(input([classic('broker-a')], [out('ns-1', 5, 50), out('broker-a-0', 10, 20)]));
    expect(w.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[10, 50 + 30 + 33]]);
    expect(w[0]?.reason).toContain(
      'came back while no NameServer with routes (crash ns-1 5.000s-50.000s, each + 30s registration)',
    );
    const cut = faultOutages(
      [
        {
          startUs: 10 * S,
          endUs: 20 * S,
          verb: 'partition',
          nodes: ['broker-a-1'],
          peers: ['producer-1', 'broker-a-0'],
        },
      ],
      [classic('broker-a', 2)],
      ['producer-1'],
      200 * S,
    );
    expect(cut).toEqual([{ node: 'broker-a-1', fromUs: 10 * S, toUs: 20 * S, how: 'partition', silent: true }]);
  });
});

describe("the producers' routes decide whether a group's excused sends excuse the group's outage", () => {
  const onlyA = { fromUs: 10 * S, toUs: 100 * S, group: 'broker-a', reason: 'broker-a lost its leader' };
  const route = (client: string, atS: number, writable: string[]) => ({ atUs: atS * S, client, writable });

  it('while every producer route holds only excused groups (fetched before broker-b registered), time is no outage', () => {
    const w = routeBoundWindows(
      [onlyA],
      [route('producer-1', 5, ['broker-a']), route('producer-1', 40, ['broker-a', 'broker-b'])],
      ['producer-1'],
      200 * S,
    );
    expect(w.map((x) => [x.fromUs / S, x.toUs / S, x.group])).toEqual([[10, 40, undefined]]);
    expect(w[0]?.reason).toContain("producer-1's route (since 5.000s) holds only broker-a");
  });

  it('a route with another writable group, another instance that has one, or no route held excuses nothing', () => {
    const both = [route('producer-1', 5, ['broker-a', 'broker-b'])];
    expect(routeBoundWindows([onlyA], both, ['producer-1'], 200 * S)).toEqual([]);
    const second = [route('producer-1', 5, ['broker-a']), route('producer-2', 5, ['broker-b'])];
    expect(routeBoundWindows([onlyA], second, ['producer-1', 'producer-2'], 200 * S)).toEqual([]);
    const restarted = [route('producer-1', 5, ['broker-a']), route('producer-1', 20, [])];
    const w = routeBoundWindows([onlyA], restarted, ['producer-1'], 200 * S);
    expect(w.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([[10, 20]]);
  });
});

describe('a producer holding no route needs a NameServer with routes', () => {
  it('no route fetched (TOPIC_NOT_EXIST before the brokers registered) and no NameServer since: every send is excused', () => {
    const down = [out('ns-1', 30, 80)];
    expect(excusedWindows(input([classic('broker-a')], down))).toEqual([]);
    const w = excusedWindows({ ...input([classic('broker-a')], down), routeless: [{ fromUs: 0, toUs: 100 * S }] });
    expect(w.map((x) => [x.fromUs / S, x.toUs / S, x.group])).toEqual([[30, 100 + 3, undefined]]);
    expect(w[0]?.reason).toContain('no producer instance holds a route');
  });

  it('routeless time is when no producer instance holds a writable route', () => {
    const route = (client: string, atS: number, writable: string[]) => ({ atUs: atS * S, client, writable });
    const routes = [route('producer-1', 50, ['broker-a']), route('producer-2', 60, []), route('producer-1', 70, [])];
    const spans = routelessSpans(routes, ['producer-1', 'producer-2'], 200 * S);
    expect(spans.map((x) => [x.fromUs / S, x.toUs / S])).toEqual([
      [0, 50],
      [70, 200],
    ]);
  });
});

describe('fault outages end when the fault is undone or healed', () => {
  const groups = [classic('broker-a', 2, 'SYNC_MASTER')];
  const fault = (
    verb: string,
    from: number,
    to: number | undefined,
    nodes: string[],
    peers: string[],
  ): InjectedFault => ({
    startUs: from * S,
    endUs: to === undefined ? undefined : to * S,
    verb,
    nodes,
    peers,
  });
  const heal = (at: number): InjectedFault => fault('heal', at, at, [], []);
  const spans = (faults: InjectedFault[]): [string, string, number, number][] =>
    faultOutages(faults, groups, ['producer-1'], 200 * S).map((o) => [o.node, o.how, o.fromUs / S, o.toUs / S]);

  it('a heal ends packet loss and partitions in force (with no `for`, or a longer one), not what came after it', () => {
    const slaveLinks = ['broker-a-0', 'producer-1'];
    expect(
      spans([
        fault('packet-loss', 10, undefined, ['broker-a-1'], slaveLinks),
        fault('partition', 12, 90, ['broker-a-0'], ['producer-1']),
        heal(30),
        fault('partition-one-way', 40, undefined, ['broker-a-1'], ['broker-a-0']),
      ]),
    ).toEqual([
      ['broker-a-1', 'packet-loss', 10, 30],
      ['broker-a-0', 'partition', 12, 30],
      ['broker-a-1', 'partition-one-way', 40, 200],
    ]);
  });

  it('an undo before the heal keeps its own end; a heal ends nothing a process or disk fault does', () => {
    expect(
      spans([
        fault('packet-loss', 10, 20, ['broker-a-0'], ['producer-1']),
        fault('disk-full', 10, undefined, ['broker-a-0'], []),
        heal(30),
      ]),
    ).toEqual([
      ['broker-a-0', 'packet-loss', 10, 20],
      ['broker-a-0', 'disk-full', 10, 200],
    ]);
  });

  it("the chaos heal phase stands in the injector's faults as a heal, after the faults it heals", () => {
    const p = parseScenario(
      `
name: heal-phase
duration: 40s
cluster:
  namesrvs: 1
  groups:
    - { name: broker-a, mode: classic, replicas: 1 }
  topics:
    - { name: TopicTest, queues: 1 }
workload:
  producers:
    - { group: producer, instances: 1, rate: 5 }
faults:
  - { at: 5s, do: packet-loss, target: [broker-a-0], loss: 0.5 }
chaos:
  start: 1s
  heal: 20s
  mix:
    - { do: pause, target: random:broker, chance: 0.001, for: 1s }
expectations:
  - { check: availability, producers: producer, minRatio: 0.5, followFaults: true }
`,
      'heal-phase.yaml',
    );
    if (!p.ok) throw new Error(JSON.stringify(p.errors));
    const notes = runScenario(p.scenario, { seed: 1 }).expectations[0]?.notes ?? [];
    // Without the heal phase the packet loss (no \`for\`) would excuse sends to the end of the run.
    expect(notes.join('\n')).toMatch(
      /excused 5\.000s-23\.000s, every send: broker-a master's links lose packets \(packet-loss broker-a-0 5\.000s-20\.000s\)/,
    );
  });

  it('a hold cuts its target off like a partition (what it holds arrives only when released), until its release or a heal', () => {
    expect(
      spans([
        fault('hold', 10, undefined, ['broker-a-1'], ['broker-a-0']),
        fault('hold', 15, 25, ['producer-1'], ['broker-a-0']),
        heal(50),
        fault('hold', 60, 70, ['broker-a-0'], ['ns-1']), // a NameServer is no fellow and no producer
      ]),
    ).toEqual([
      ['broker-a-1', 'hold', 10, 50],
      ['producer-1', 'hold', 15, 25],
    ]);
    const held = excusedWindows({
      ...input(
        groups,
        faultOutages([fault('hold', 10, 20, ['broker-a-0'], ['producer-1'])], groups, ['producer-1'], 200 * S),
      ),
    });
    expect(held.map((w) => [w.fromUs / S, w.toUs / S, w.group])).toEqual([[10, 20 + 33, undefined]]);
    expect(held[0]?.reason).toContain('broker-a lacks its master (hold broker-a-0 10.000s-20.000s');
    const producerHeld = excusedWindows(
      input(
        groups,
        faultOutages([fault('hold', 10, 20, ['producer-1'], ['broker-a-0'])], groups, ['producer-1'], 200 * S),
      ),
    );
    expect(producerHeld.map((w) => [w.fromUs / S, w.toUs / S])).toEqual([[10, 20 + 33]]);
    expect(producerHeld[0]?.reason).toContain('producer hold producer-1 10.000s-20.000s: cut off from the cluster');
  });
});

describe('excused sends are settled sends', () => {
  it('a PENDING or ONEWAY send in an excused window is not counted as excused', () => {
    const h = new History();
    const started = (uid: number, atS: number): number =>
      h.sendStarted({ uid, group: 'producer', topic: 'T', key: 0, atUs: atS * S });
    const where = { attempts: 1, brokerName: 'broker-a', queueId: 0, queueOffset: -1 };
    h.sendDone(started(1, 11), { ...where, outcome: SendOutcome.UNKNOWN, atUs: 14 * S });
    h.sendDone(started(2, 12), { ...where, outcome: SendOutcome.ONEWAY, atUs: 12 * S });
    started(3, 13); // still pending at the end
    const window = { fromUs: 10 * S, toUs: 20 * S, group: undefined, reason: 'test' };
    expect([...excusedSends(h, [window], 30 * S)]).toEqual([1, 0, 0]);
  });
});

const file = (groups: number, follow: boolean): string => `
name: follow-faults
duration: 70s
cluster:
  namesrvs: 1
  groups:
${['broker-a', 'broker-b']
  .slice(0, groups)
  .map((g) => `    - { name: ${g}, mode: classic, replicas: 1 }`)
  .join('\n')}
  topics:
    - { name: TopicTest, queues: 4 }
workload:
  producers:
    - { group: producer, instances: 1, rate: 20 }
faults:
  - { at: 15s, do: crash, target: master-of:broker-a, for: 10s }
expectations:
  - { check: availability, producers: producer, minRatio: 0.99, maxOutage: 5s, followFaults: ${String(follow)} }
`;

function run(text: string, bugs: string[] = []): { ok: boolean; notes: readonly string[] } {
  const p = parseScenario(text, 'follow-faults.yaml');
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  const r = runScenario(p.scenario, { seed: 3, bugs });
  const v = r.expectations[0];
  return { ok: v?.ok ?? false, notes: v?.notes ?? [] };
}

describe('availability with followFaults in a run', () => {
  it('a lone master crash is excused (and is a failure without followFaults)', () => {
    const follow = run(file(1, true));
    expect(follow.ok).toBe(true);
    expect(follow.notes.join('\n')).toMatch(
      /excused 15\.000s-58\.000s, every send: broker-a lacks its master \(crash broker-a-0 15\.000s-25\.000s/,
    );
    expect(run(file(1, false)).ok).toBe(false);
  });

  it('with a second group the crash is not excused: it holds, and client.retry-same-broker breaks it', () => {
    const ok = run(file(2, true));
    expect(ok.ok).toBe(true);
    expect(ok.notes).toContain('followFaults: no window excused; availability required for the whole run');
    expect(run(file(2, true), ['client.retry-same-broker']).ok).toBe(false);
  });
});
