// Checkers wired to a running cluster: each factory gives one Checker for one
// scenario expectation, with the inputs only the cluster knows (stores,
// groups' configuration, DLedger logs, the clients' history) and the trace
// sinks it needs added to the simulation.
import { AtLeastOnceChecker } from '../check/index.js';
import { AvailabilityChecker } from '../check/index.js';
import { DuplicatesChecker } from '../check/index.js';
import type { Checker, CheckResult } from '../check/index.js';
import { DurabilityChecker, type DurabilityGroup, type Presence } from '../check/index.js';
import type { History } from '../history/index.js';
import { ackedSendAt, forEachAckedSend, type AckedSend } from '../history/index.js';
import { slotConflicts } from '../check/index.js';
import { OrderChecker } from '../check/index.js';
import { RaftCheckSuite } from '../check/index.js';
import { RaftLivenessChecker } from '../check/index.js';
import { RaftGroups, type RaftGroupProbe } from '../check/index.js';
import { DEFAULT_ROUTE_CONVERGENCE, RouteConvergenceChecker, type BrokerIdentity, type NamesrvTable } from '../check/index.js';
import { NamesrvNode } from '../namesrv/index.js';
import { BrokerNode } from '../broker/index.js';
import { RECORD_FIELDS } from '../broker/index.js';
import type { KernelEvent, Micros, NodeId } from '../engine/index.js';
import { DeathLog } from './death-log.js';
import type { ClusterEvent, ClusterSimulation, SendStatus } from '../protocol/index.js';
import { isSendStatus } from '../protocol/index.js';
import { diskLogReader } from '../raft/index.js';
import type { RaftConfig } from '../raft/index.js';
import type { ClusterSpec, WorkloadSpec } from '../cluster/index.js';
import type { ClusterLayout } from '../cluster/index.js';

/** Several verdicts as one: ok when all are, evidence concatenated. */
export function combine(name: string, results: readonly CheckResult[]): CheckResult {
  const failed = results.filter((r) => !r.ok);
  const figures: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.figures ?? {})) figures[`${r.name}.${k}`] = v;
  return {
    name,
    ok: failed.length === 0,
    detail: failed.length === 0 ? results.map((r) => `${r.name}: ${r.detail}`).join('; ') : failed.map((r) => `${r.name}: ${r.detail}`).join('; '),
    violations: failed.flatMap((r) => r.violations),
    notes: results.flatMap((r) => r.notes ?? []),
    figures,
  };
}

export interface ChecksInput {
  readonly sim: ClusterSimulation;
  readonly cluster: ClusterSpec;
  readonly workload: WorkloadSpec;
  readonly layout: ClusterLayout;
  readonly history: History;
  readonly raftConfig: RaftConfig;
}

export class ClusterChecks {
  private readonly deaths = new DeathLog();
  /** One durability judge per run: it sees every power loss, whichever checker asks. */
  private readonly durability: DurabilityChecker;

  constructor(private readonly input: ChecksInput) {
    input.sim.addSink(this.deaths.sink(input.sim));
    this.durability = new DurabilityChecker({ group: (b) => this.durabilityGroup(b), find: (...a) => this.find(...a) });
    input.sim.addSink(this.durability.kernelSink<ClusterEvent>());
  }

  availability(producers: string, minRatio: number, maxOutageUs: Micros | undefined, accept: readonly SendStatus[]): Checker {
    const { history, sim } = this.input;
    const base = { history, minSuccessRatio: minRatio, producerGroup: producers, accept };
    const checker = new AvailabilityChecker(maxOutageUs === undefined ? base : { ...base, maxOutageUs });
    sim.addSink(checker.kernelSink<ClusterEvent>()); // finds master deaths for the outage-phase breakdown
    return checker;
  }

  noAckedLoss(): Checker {
    const durability = this.durability;
    return {
      name: durability.name,
      finish: (endUs: Micros): CheckResult => {
        const h = this.input.history;
        forEachAckedSend(h, (a) => durability.recordAck(a));
        for (const c of slotConflicts(h)) {
          durability.recordConflict({ ack: ackedSendAt(h, c.sendRow), deliveredUid: h.consumptions.col.uid[c.consumeRow] as number, deliveredAtUs: h.consumptions.col.atUs[c.consumeRow] as number });
        }
        return durability.finish(endUs);
      },
    };
  }

  duplicates(consumers: string, max: number): Checker {
    return new DuplicatesChecker({ history: this.input.history, group: consumers, max });
  }

  atLeastOnce(consumers: string | undefined, allowDlq: boolean): Checker {
    const groups = this.input.workload.consumers
      .filter((c) => consumers === undefined || c.group === consumers)
      .map((c) => ({ group: c.group, topics: c.topics }));
    // Excuse exactly the losses the durability checker allows (e.g. ASYNC_FLUSH and a power loss).
    const allowedLoss = (a: AckedSend): string | undefined => {
      if (!isSendStatus(a.status)) return undefined;
      const v = this.durability.judge({ status: a.status, brokerName: a.brokerName, atUs: a.atUs });
      return v.allowed ? v.why : undefined;
    };
    return new AtLeastOnceChecker({ history: this.input.history, groups, allowedLoss, allowDlq });
  }

  order(consumers: string | undefined): Checker {
    const ordered = this.input.cluster.topics.filter((t) => t.order).map((t) => t.name);
    const groups = this.input.workload.consumers.filter((c) => (consumers === undefined || c.group === consumers) && c.orderly).map((c) => c.group);
    return new OrderChecker({ history: this.input.history, groups, topics: ordered });
  }

  raftSafety(): Checker {
    const { sim } = this.input;
    const suite = new RaftCheckSuite({ seed: sim.seed, groups: this.raftProbes() });
    sim.addSink(suite.sink<ClusterEvent>());
    return { name: 'raft-safety', finish: (endUs: Micros): CheckResult => combine('raft-safety', suite.finish(endUs)) };
  }

  /**
   * After the last fault heals at `afterUs`: every live NameServer lists exactly the live
   * brokers under their current ids, and every DLedger group agrees on a leader, within `withinUs`.
   */
  convergence(afterUs: Micros, withinUs: Micros): Checker {
    const { sim, layout } = this.input;
    const routes = new RouteConvergenceChecker({
      liveBrokers: () => this.liveBrokers(),
      deadBrokers: () => layout.nodes.broker.filter((id) => !sim.isUp(id)).map((id) => this.deaths.deathOf(id)),
      namesrvTables: () => this.namesrvTables(),
      lastHealUs: () => afterUs,
    }, { ...DEFAULT_ROUTE_CONVERGENCE, registrationPeriodUs: Math.max(0, withinUs - DEFAULT_ROUTE_CONVERGENCE.slackUs) });
    const probes = this.raftProbes();
    const liveness = probes.length === 0 ? undefined : new RaftLivenessChecker(new RaftGroups({ seed: sim.seed, groups: probes }), { healedAtUs: afterUs, boundUs: withinUs });
    if (liveness !== undefined) {
      sim.addSink({
        onKernel: (t: Micros, e: KernelEvent): void => liveness.onKernel(t, e),
        onEvent: (t: Micros, node: NodeId, e: ClusterEvent): void => liveness.onEvent(t, node, e),
      });
    }
    sim.at(afterUs + withinUs, () => routes.sample(sim.now));
    return {
      name: 'convergence',
      finish: (endUs: Micros): CheckResult => combine('convergence', liveness === undefined ? [routes.finish(endUs)] : [routes.finish(endUs), liveness.finish(endUs)]),
    };
  }

  private liveBrokers(): BrokerIdentity[] {
    const out: BrokerIdentity[] = [];
    for (const id of this.input.layout.nodes.broker) {
      const core = this.brokerNode(id)?.core;
      if (core !== undefined && core.brokerId >= 0) out.push({ addr: id, brokerName: core.config.brokerName, brokerId: core.brokerId });
    }
    return out;
  }

  private namesrvTables(): NamesrvTable[] {
    const out: NamesrvTable[] = [];
    for (const ns of this.input.layout.nodes.namesrv) {
      const inst = this.input.sim.instance(ns);
      if (inst instanceof NamesrvNode) out.push({ ns, entries: inst.registeredBrokers() });
    }
    return out;
  }

  private raftProbes(): RaftGroupProbe[] {
    const { sim, cluster, layout, raftConfig } = this.input;
    return cluster.groups.filter((g) => g.mode === 'dledger').map((g): RaftGroupProbe => ({
      group: g.name,
      members: layout.brokersByGroup.get(g.name) ?? [],
      ackAfterFsync: raftConfig.ackAfterFsync,
      hostOf: (member) => sim.hostOf(member),
      logOf: (member) => {
        const live = this.brokerNode(member)?.dledger?.raft.logReader();
        // A broker's DLedger entries carry a whole record: RECORD_FIELDS numbers, whatever raftConfig says.
        return live ?? diskLogReader(sim.disk(sim.hostOf(member)), `dledger/${member}`, RECORD_FIELDS);
      },
    }));
  }

  private durabilityGroup(brokerName: string): DurabilityGroup | undefined {
    const { sim, cluster, layout } = this.input;
    const g = cluster.groups.find((x) => x.name === brokerName);
    const members = layout.brokersByGroup.get(brokerName);
    if (g === undefined || members === undefined) return undefined;
    return {
      brokerName, mode: g.mode, flushDiskType: g.flushDiskType, masterRole: g.brokerRole,
      masterHost: sim.hostOf(members[0] ?? brokerName), hosts: members.map((m) => sim.hostOf(m)),
    };
  }

  /**
   * Whether the group's agreed log still holds `uid` at the queue position it was acknowledged
   * with. A DLedger group's agreed log is its leader's (the leader holds every committed entry,
   * §4), or with no live leader what a majority of members hold: a copy left on a minority
   * member does not keep a message. A classic group has no agreement protocol: the master or
   * any slave holding the message keeps it (consumers read from the slave while the master is
   * away, §3.4). Slots whose content changed after a delivery are found by slotConflicts().
   */
  private find(brokerName: string, topic: string, queueId: number, queueOffset: number, uid: number): Presence {
    const members = this.input.layout.brokersByGroup.get(brokerName) ?? [];
    const dledger = this.input.cluster.groups.find((g) => g.name === brokerName)?.mode === 'dledger';
    let live = 0;
    let holders = 0;
    for (const member of members) {
      const node = this.brokerNode(member);
      if (node?.store === undefined || node.core === undefined) continue;
      live++;
      const holds = node.store.getMessage(topic, queueId, queueOffset, 1).messages[0]?.uid === uid;
      if (dledger && node.core.isMaster) return holds ? 'present' : 'absent';
      if (holds) holders++;
    }
    if (live === 0) return 'unknown';
    if (!dledger) return holders > 0 ? 'present' : 'absent';
    if (holders * 2 > members.length) return 'present';
    return live * 2 > members.length ? 'absent' : 'unknown';
  }

  private brokerNode(id: string): BrokerNode | undefined {
    const inst = this.input.sim.instance(id);
    return inst instanceof BrokerNode ? inst : undefined;
  }
}
