// One randomized run of a DLedger group under mixed faults, judged by every
// Raft checker: the engine of bench/raft-sweep.ts and test/raft/sweep.test.ts.
// Phase 1 (faults): crashes and restarts, leader kills, power loss, symmetric
// and one-way partitions, pauses, connection resets and packet loss,
// duplication and reordering, drawn from the "faults" stream with 1-6 s of
// stability between them. Phase 2 (heal): everything repaired; a leader must
// be agreed within the bound.
import {
  describeKernelEvent,
  formatTime,
  ms,
  sec,
  type Micros,
  type RandomStream,
  toPerMillion,
  NO_PACKET_FAULTS,
} from '../../sim/engine/index.js';
import { describeRaftEvent } from '../../sim/raft/events.js';
import type { CheckResult } from '../../sim/check/checker.js';
import { RaftCheckSuite } from '../../sim/check/raft-checks.js';
import { RaftTestGroup } from './raft-harness.js';
import type { RaftBugs, RaftConfigOverrides } from '../../sim/raft/config.js';
import { hostId, nodeId } from '../../sim/engine/index.js';

export interface ChaosOptions {
  readonly seed: number;
  readonly members: 3 | 5;
  readonly bugs?: Partial<RaftBugs>;
  readonly ackAfterFsync?: boolean;
  readonly faultPhaseUs?: Micros;
  readonly healPhaseUs?: Micros;
  readonly livenessBoundUs?: Micros;
  readonly clientIntervalUs?: Micros;
  /** Receives the run's story (faults, lifecycle, Raft decisions) line by line, for replaying a failure. */
  readonly trace?: (line: string) => void;
  /** Leave out raft.commit and raft.dispatch lines from the trace. */
  readonly traceQuiet?: boolean;
}

export interface ChaosResult {
  readonly seed: number;
  readonly members: number;
  readonly results: readonly CheckResult[];
  readonly failed: readonly string[];
  readonly committed: number;
  readonly failoverUs: readonly number[];
  readonly faults: number;
  readonly events: number;
  /** The run's trace hash: same seed and code, same hash. */
  readonly traceHash: string;
}

type Fault = (g: RaftTestGroup, rng: RandomStream, now: Micros) => void;

const pick = (g: RaftTestGroup, rng: RandomStream): string => rng.choice(g.members);
const leaderOr = (g: RaftTestGroup, rng: RandomStream): string => g.leaders()[0]?.id ?? pick(g, rng);

/** Each fault repairs itself after a random duration; the heal phase repairs whatever is left. */
const FAULTS: readonly Fault[] = [
  (g, rng, now) => {
    // crash a member, restart it later
    const id = pick(g, rng);
    g.sim.crash(nodeId(id));
    g.sim.at(now + rng.int(ms(300), sec(8)), () => {
      if (!g.sim.isUp(nodeId(id)) && g.sim.isHostUp(hostId(id))) g.sim.restart(nodeId(id));
    });
  },
  (g, rng, now) => {
    // kill the leader
    const id = leaderOr(g, rng);
    g.sim.crash(nodeId(id));
    g.sim.at(now + rng.int(sec(1), sec(12)), () => {
      if (!g.sim.isUp(nodeId(id)) && g.sim.isHostUp(hostId(id))) g.sim.restart(nodeId(id));
    });
  },
  (g, rng, now) => {
    // power loss of a host (the leader's half the time)
    const id = rng.chance(toPerMillion(0.5)) ? leaderOr(g, rng) : pick(g, rng);
    g.sim.powerLoss(hostId(id));
    g.sim.at(now + rng.int(ms(200), sec(8)), () => g.sim.powerOn(hostId(id)));
  },
  (g, rng, now) => {
    // isolate a member (often the leader)
    const id = rng.chance(toPerMillion(0.6)) ? leaderOr(g, rng) : pick(g, rng);
    g.sim.partition(
      [nodeId(id)],
      g.members.filter((m) => m !== id),
    );
    g.sim.at(now + rng.int(sec(1), sec(14)), () => g.sim.heal());
  },
  (g, rng, now) => {
    // one-way partition around the leader
    const id = leaderOr(g, rng);
    const others = g.members.filter((m) => m !== id);
    if (rng.chance(toPerMillion(0.5))) g.sim.partitionOneWay([nodeId(id)], others);
    else g.sim.partitionOneWay(others, [nodeId(id)]);
    g.sim.at(now + rng.int(sec(1), sec(14)), () => g.sim.heal());
  },
  (g, rng, now) => {
    // split a 5-group 2|3 or a 3-group 1|2 at random
    const shuffled = rng.shuffle(g.members);
    const k = Math.floor(g.members.length / 2);
    g.sim.partition(shuffled.slice(0, k), shuffled.slice(k));
    g.sim.at(now + rng.int(sec(1), sec(12)), () => g.sim.heal());
  },
  (g, rng, now) => {
    // long GC pause of the leader
    const id = leaderOr(g, rng);
    g.sim.pause(nodeId(id));
    g.sim.at(now + rng.int(sec(1), sec(12)), () => g.sim.resume(nodeId(id)));
  },
  (g, rng) => {
    // TCP connection resets between the leader and a follower (both sides see "channel closed")
    const id = leaderOr(g, rng);
    const other = rng.choice(g.members.filter((m) => m !== id));
    if (g.sim.isUp(nodeId(id)) && g.sim.isUp(other)) g.sim.resetConnection(nodeId(id), other);
  },
  (g, rng, now) => {
    // packet loss, duplication and reordering everywhere
    const loss = rng.int(1, 30) / 100;
    g.sim.setPacketFaults(g.members, g.members, {
      loss: toPerMillion(loss),
      duplicate: toPerMillion(0.05),
      reorder: toPerMillion(0.1),
      reorderWindowUs: ms(5),
    });
    g.sim.at(now + rng.int(sec(2), sec(15)), () => g.sim.setPacketFaults(g.members, g.members, NO_PACKET_FAULTS));
  },
];

function healAll(g: RaftTestGroup): void {
  g.sim.heal();
  g.sim.setPacketFaults(g.members, g.members, NO_PACKET_FAULTS);
  for (const id of g.members) {
    if (!g.sim.isHostUp(hostId(id))) g.sim.powerOn(hostId(id));
    else if (!g.sim.isUp(id)) g.sim.restart(nodeId(id));
    if (g.sim.isPaused(id)) g.sim.resume(nodeId(id));
  }
}

export function runChaos(o: ChaosOptions): ChaosResult {
  const faultPhaseUs = o.faultPhaseUs ?? sec(90);
  const healPhaseUs = o.healPhaseUs ?? sec(40);
  const config: RaftConfigOverrides = { bugs: o.bugs ?? {}, ackAfterFsync: o.ackAfterFsync ?? false };
  const g = new RaftTestGroup({
    seed: o.seed,
    members: o.members,
    config,
    clientIntervalUs: o.clientIntervalUs ?? ms(50),
    clientEntryBytes: 512,
  });
  const suite = new RaftCheckSuite(
    {
      seed: o.seed,
      groups: [{ group: g.group, members: g.members, logOf: (m) => g.logOf(m), ackAfterFsync: g.config.ackAfterFsync }],
    },
    { healedAtUs: faultPhaseUs, boundUs: o.livenessBoundUs ?? sec(30) },
  );
  g.sim.addSink(suite.sink());
  const trace = o.trace;
  if (trace !== undefined) {
    g.sim.addSink({
      onKernel: (t, e) => {
        if (e.kind === 'lifecycle' || e.kind === 'fault') trace(`${formatTime(t)} ${describeKernelEvent(e)}`);
      },
      onEvent: (t, _n, e) => {
        if (o.traceQuiet !== true || (e.kind !== 'raft.commit' && e.kind !== 'raft.dispatch'))
          trace(`${formatTime(t)} ${describeRaftEvent(e)}`);
      },
    });
  }
  const rng = g.sim.stream('faults');
  let faults = 0;
  // Faults start once the first leader had time to settle, with 1-6 s of stability between them.
  for (let t = sec(5) + rng.int(0, sec(3)); t < faultPhaseUs - sec(2); t += rng.int(sec(1), sec(6))) {
    const at = t;
    g.sim.at(at, () => {
      faults++;
      const f = FAULTS[rng.int(0, FAULTS.length - 1)];
      if (f !== undefined) f(g, rng, at);
    });
  }
  for (let t = sec(2); t < faultPhaseUs + healPhaseUs; t += sec(2)) {
    const at = t;
    g.sim.at(at, () => suite.checkNow(at));
  }
  g.sim.at(faultPhaseUs, () => healAll(g));
  const end = faultPhaseUs + healPhaseUs;
  g.sim.runUntil(end);
  const results = suite.finish(end);
  let committed = 0;
  for (const id of g.members) committed = Math.max(committed, (g.node(id)?.driver.committedIndex ?? -1) + 1);
  return {
    seed: o.seed,
    members: o.members,
    results,
    failed: results.filter((r) => !r.ok).map((r) => r.name),
    committed,
    failoverUs: suite.failover.samplesUs,
    faults,
    events: g.sim.eventsProcessed,
    traceHash: g.sim.traceHash(),
  };
}

/** Clean failover runs: no faults but repeated leader crashes; times from crash to next leader. */
export function runFailover(seed: number, members: 3 | 5, crashes: number): number[] {
  const g = new RaftTestGroup({ seed, members, clientIntervalUs: ms(100) });
  const suite = new RaftCheckSuite({
    seed,
    groups: [{ group: g.group, members: g.members, logOf: (m) => g.logOf(m), ackAfterFsync: false }],
  });
  g.sim.addSink(suite.sink());
  const rng = g.sim.stream('faults');
  for (let i = 0; i < crashes; i++) {
    const at = sec(10 + 40 * i) + rng.int(0, sec(2));
    g.sim.at(at, () => {
      const leader = g.leaders()[0]?.id;
      if (leader === undefined) return;
      g.sim.crash(nodeId(leader));
      g.sim.at(at + sec(20), () => g.sim.restart(nodeId(leader)));
    });
  }
  g.sim.runUntil(sec(10 + 40 * crashes));
  return suite.failover.samplesUs;
}
