// Checkers wired to a running cluster: each factory gives one Checker for one
// scenario expectation, with the inputs only the cluster knows (stores,
// groups' configuration, DLedger logs, the clients' history) and the trace
// sinks it needs added to the simulation.
import { AtLeastOnceChecker } from '../check/index.js';
import { AvailabilityChecker } from '../check/index.js';
import { DuplicatesChecker, LeaderChangesChecker, SendSpreadChecker, type DuplicatesFollow } from '../check/index.js';
import { parseQueueKey, type OffsetReset } from '../check/index.js';
import { causeGraceUs, KilledBrokerRemoval } from '../check/index.js';
import { notJudged, type Checker, type CheckResult } from '../check/index.js';
import { DurabilityChecker, type DurabilityGroup, type Presence } from '../check/index.js';
import type { History } from '../history/index.js';
import { ackedSendAt, forEachAckedSend, type AckedSend } from '../history/index.js';
import { slotConflicts } from '../check/index.js';
import { QueueOrderChecker } from '../check/index.js';
import { RaftCheckSuite } from '../check/index.js';
import { RaftLivenessChecker } from '../check/index.js';
import { WatchedRaftGroups, type RaftGroupProbe } from '../check/index.js';
import {
  DEFAULT_ROUTE_CONVERGENCE,
  RouteConvergenceChecker,
  type BrokerIdentity,
  type NamesrvTable,
} from '../check/index.js';
import { NamesrvNode } from '../namesrv/index.js';
import { BrokerNode } from '../broker/index.js';
import { RECORD_FIELDS } from '../broker/index.js';
import { nodeId, type KernelEvent, type Micros, type NodeId } from '../engine/index.js';
import { DeathLog } from './death-log.js';
import type { ClusterEvent, ClusterSimulation, SendStatus } from '../protocol/index.js';
import { isSendStatus } from '../protocol/index.js';
import { say } from '../i18n/index.js';
import { diskLogReader } from '../raft/index.js';
import { electionTimeoutUs, type RaftConfig, type RaftLogReader } from '../raft/index.js';
import type { ClientConfig } from '../client/index.js';
import { DEFAULT_BROKER_TIMINGS, DEFAULT_DELAY_LEVELS_US, registrationPeriodUs } from '../broker/index.js';
import type { AvailabilityNeeds, InjectedFault } from '../check/index.js';
import type { FaultSource } from './cluster-seam.js';
import { AckPromiseChecker, type AckToJudge, type AckWitness } from '../check/index.js';
import { SendOutcome } from '../history/index.js';

/** Fault verbs that end a process: what it had not saved is lost (duplicates.ts follows them). */
const PROCESS_DEATHS: ReadonlySet<string> = new Set(['crash', 'power-loss']);
/** Network fault verbs that drop the consumers' oneway offset commits to a master. */
const COMMITS_LOST: ReadonlySet<string> = new Set(['partition', 'partition-one-way', 'packet-loss']);

/** How far back from a leader's log end an acked entry is looked for (in-flight appends are far fewer). */
const PROMISE_SEARCH_ENTRIES = 100_000;

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
    detail:
      failed.length === 0
        ? results.map((r) => `${r.name}: ${r.detail}`).join('; ')
        : failed.map((r) => `${r.name}: ${r.detail}`).join('; '),
    violations: failed.flatMap((r) => r.violations),
    notes: results.flatMap((r) => r.notes ?? []),
    notePhrases: results.flatMap((r) => r.notePhrases ?? []),
    figures,
  };
}

/** Uid -> the status each acknowledged send was answered with, and when (slot takeovers judge what was delivered there). */
interface AckedAs {
  readonly status: SendStatus;
  readonly atUs: Micros;
}
function ackedStatuses(h: History): Map<number, AckedAs> {
  const out = new Map<number, AckedAs>();
  forEachAckedSend(h, (a) => {
    if (isSendStatus(a.status)) out.set(a.uid, { status: a.status, atUs: a.atUs });
  });
  return out;
}

export interface ChecksInput {
  readonly sim: ClusterSimulation;
  readonly cluster: ClusterSpec;
  readonly workload: WorkloadSpec;
  readonly layout: ClusterLayout;
  readonly history: History;
  readonly raftConfig: RaftConfig;
  readonly clientConfig: ClientConfig;
}

export class ClusterChecks {
  private readonly deaths = new DeathLog();
  /** One durability judge per run: it sees every power loss, whichever checker asks. */
  private readonly durability: DurabilityChecker;

  constructor(private readonly input: ChecksInput) {
    input.sim.addSink(this.deaths.sink(input.sim));
    this.durability = new DurabilityChecker({
      group: (b) => this.durabilityGroup(b),
      find: (...a) => this.find(...a),
      strandedOn: (...a) => this.strandedOn(...a),
      heldPastReputStop: (...a) => this.heldPastReputStop(...a),
    });
    input.sim.addSink(this.durability.kernelSink<ClusterEvent>());
  }

  availability(
    producers: string,
    minRatio: number,
    maxOutageUs: Micros | undefined,
    accept: readonly SendStatus[],
    faults: FaultSource | undefined,
  ): Checker {
    const { history, sim } = this.input;
    const needs = faults === undefined ? {} : { needs: this.needs(producers, faults) };
    const base = { history, minSuccessRatio: minRatio, producerGroup: producers, accept, ...needs };
    const checker = new AvailabilityChecker(maxOutageUs === undefined ? base : { ...base, maxOutageUs });
    sim.addSink(checker.kernelSink<ClusterEvent>()); // finds master deaths for the outage-phase breakdown
    return checker;
  }

  /** What each group of this configuration needs to take writes, and the graces its constants give (availability-needs.ts). */
  private needs(producers: string, faults: FaultSource): AvailabilityNeeds {
    const { cluster, layout, clientConfig: cc } = this.input;
    return {
      groups: cluster.groups.map((g) => ({
        name: g.name,
        mode: g.mode,
        brokerRole: g.brokerRole,
        flushDiskType: g.flushDiskType,
        members: layout.brokersByGroup.get(g.name) ?? [],
      })),
      namesrvs: layout.nodes.namesrv,
      producers: layout.clientsByGroup.get(producers) ?? [],
      timings: {
        routeGraceUs: cc.pollNameServerIntervalUs + cc.sendMsgTimeoutUs,
        registrationUs: registrationPeriodUs(DEFAULT_BROKER_TIMINGS),
        electionUs: this.electionBoundUs(),
        sendTimeoutUs: cc.sendMsgTimeoutUs,
        haDetectUs: DEFAULT_BROKER_TIMINGS.haHousekeepingIntervalUs,
        haCatchUpUs: DEFAULT_BROKER_TIMINGS.haReconnectIntervalUs,
      },
      faults,
    };
  }

  noAckedLoss(): Checker {
    const durability = this.durability;
    return {
      name: durability.name,
      finish: (endUs: Micros): CheckResult => {
        const h = this.input.history;
        durability.readAcksFrom((visit) => forEachAckedSend(h, visit));
        const conflicts = slotConflicts(h);
        const statusOf = conflicts.length === 0 ? new Map<number, AckedAs>() : ackedStatuses(h);
        for (const c of conflicts) {
          const deliveredUid = h.consumptions.col.uid.get(c.consumeRow);
          durability.recordConflict({
            ack: ackedSendAt(h, c.sendRow),
            deliveredUid,
            deliveredAtUs: h.consumptions.col.atUs.get(c.consumeRow),
            deliveredStatus: statusOf.get(deliveredUid)?.status,
            deliveredAckedAtUs: statusOf.get(deliveredUid)?.atUs,
          });
        }
        return durability.finish(endUs);
      },
    };
  }

  /** Bound on a DLedger election: the follower timeout (maxHeartBeatLeak x heartBeatTimeInterval), then up to two vote rounds. */
  private electionBoundUs(): Micros {
    const rc = this.input.raftConfig;
    return electionTimeoutUs(rc) + 2 * (rc.voteWaitBaseUs + rc.maxVoteIntervalUs);
  }

  /** Elections of a DLedger group; with `faults`, only those no injected fault explains count (election-causes.ts). */
  leaderChanges(group: string, max: number, faults: FaultSource | undefined): Checker {
    if (faults === undefined) return new LeaderChangesChecker({ group, max });
    const members = this.input.layout.brokersByGroup.get(group) ?? [];
    return new LeaderChangesChecker({
      group,
      max,
      followFaults: {
        members,
        faults,
        graceUs: causeGraceUs(this.electionBoundUs()),
        heartbeatTimeoutUs: electionTimeoutUs(this.input.raftConfig),
      },
    });
  }

  sendSpread(producers: string, fromUs: Micros, minShare: number): Checker {
    return new SendSpreadChecker({ history: this.input.history, producerGroup: producers, fromUs, minShare });
  }

  duplicates(consumers: string, max: number, faults: FaultSource | undefined): Checker {
    const base = { history: this.input.history, group: consumers, max };
    return new DuplicatesChecker(
      faults === undefined ? base : { ...base, follow: this.duplicatesFollow(consumers, faults) },
    );
  }

  /** The events that send a group back to its saved progress, and how far that progress may lag (duplicate-windows.ts). */
  private duplicatesFollow(consumers: string, faults: FaultSource): DuplicatesFollow {
    const { sim, clientConfig: cc, layout } = this.input;
    // A new master serves the offsets it last flushed or copied; a queue that changes owner is taken up
    // from the last commit (and consumed by its old owner until that one's own rebalance).
    const moves: Micros[] = [];
    const masterChanges: Micros[] = [];
    const roles: { atUs: Micros; broker: string; master: boolean }[] = [];
    const resets: OffsetReset[] = [];
    const rePutFailed = new Set<number>();
    const members = new Set<string>(layout.clientsByGroup.get(consumers) ?? []);
    sim.addSink({
      onEvent: (t: Micros, _n: NodeId, e: ClusterEvent): void => {
        if (e.kind === 'broker.role') roles.push({ atUs: t, broker: e.broker, master: e.brokerId === 0 });
        if (e.kind === 'broker.role' && e.brokerId === 0) masterChanges.push(t);
        if (e.kind === 'client.rebalanced' && e.group === consumers) moves.push(t);
        if (e.kind === 'broker.reput-failed') rePutFailed.add(e.uid);
        const q = e.kind === 'client.offset-reset' && members.has(e.client) ? parseQueueKey(e.queue) : undefined;
        // The client stores the broker's correction offsetIllegalDelayUs after the answer (consumer.ts).
        if (e.kind === 'client.offset-reset' && q !== undefined)
          resets.push({
            ...q,
            atUs: t,
            answerUs: t - cc.offsetIllegalDelayUs,
            offset: e.offset,
            maxOffset: e.maxOffset,
          });
      },
    });
    const masterAt = (node: string, atUs: Micros): boolean => {
      let master = false;
      for (const r of roles) if (r.atUs <= atUs && r.broker === node) master = r.master;
      return master;
    };
    const t = DEFAULT_BROKER_TIMINGS;
    // A master or consumer process that dies loses what it had not saved yet (the offsets a master had not
    // flushed, those a consumer had not committed); while a master's links drop packets or are cut, the
    // consumers' oneway offset commits to it are lost. Slaves, followers, pauses, NameServers, latency and
    // disk faults move a group back only through a master change or a rebalance, counted as such.
    const losesProgress = (f: InjectedFault): boolean =>
      (PROCESS_DEATHS.has(f.verb) && f.nodes.some((n) => members.has(n) || masterAt(n, f.startUs))) ||
      (COMMITS_LOST.has(f.verb) && [...f.nodes, ...f.peers].some((n) => masterAt(n, f.startUs)));
    // A slave copies offsets only while it knows its master: one that registered while the NameServer knew no
    // master stops copying until its next registration round and the copy after it, so a new master's offsets
    // may be that much older.
    const copyLagUs = registrationPeriodUs(DEFAULT_BROKER_TIMINGS) + DEFAULT_BROKER_TIMINGS.slaveSyncIntervalUs;
    return {
      events: () => [
        ...faults()
          .filter(losesProgress)
          .map((f) => ({ fromUs: f.startUs, toUs: f.endUs ?? Number.POSITIVE_INFINITY })),
        ...moves.map((at) => ({ fromUs: at, toUs: at })),
        ...masterChanges.map((at) => ({ fromUs: at - copyLagUs, toUs: at })),
      ],
      margins: {
        // The client's commit, then the broker's flush of it or a slave's copy of it.
        beforeUs: cc.consumerOffsetPersistPeriodUs + Math.max(t.consumerOffsetFlushPeriodUs, t.slaveSyncIntervalUs),
        // The old owner consumes until its next rebalance; the new one starts from the last commit.
        afterUs: cc.rebalanceIntervalUs + cc.consumerOffsetPersistPeriodUs,
      },
      resets: () => resets,
      rePutFailed: () => rePutFailed,
    };
  }

  atLeastOnce(consumers: string | undefined, allowDlq: boolean, allowRetrying: boolean): Checker {
    const groups = this.input.workload.consumers
      .filter((c) => consumers === undefined || c.group === consumers)
      .map((c) => ({ group: c.group, topics: c.topics }));
    // Excuse exactly the losses the durability checker allows (e.g. ASYNC_FLUSH and a power loss).
    const allowedLoss = (a: AckedSend): string | undefined => {
      if (!isSendStatus(a.status)) return undefined;
      const v = this.durability.judge({ ...a, status: a.status });
      return v.allowed ? say('en', v.why) : undefined;
    };
    // A failed delivery is retried through delay level 3 + reconsumeTimes (ConsumeMessageConcurrentlyService, §3.10).
    const levels = DEFAULT_DELAY_LEVELS_US;
    const retryDelayUs = (attempt: number): Micros | undefined =>
      attempt >= this.input.clientConfig.maxReconsumeTimes
        ? undefined
        : levels[Math.min(2 + attempt, levels.length - 1)];
    const base = { history: this.input.history, groups, allowedLoss, allowDlq };
    return new AtLeastOnceChecker(allowRetrying ? { ...base, retryDelayUs } : base);
  }

  /** Judges each SEND_OK when the producer receives it (ack-promise.ts). */
  ackPromise(): Checker {
    const { history: h, sim } = this.input;
    const checker = new AckPromiseChecker((a) => this.witness(a));
    h.onSendDone((row) => {
      const c = h.sends.col;
      if (c.outcome.get(row) !== SendOutcome.SEND_OK) return;
      checker.onSendOk(sim.now, {
        uid: c.uid.get(row),
        brokerName: h.names.nameOf(c.broker.get(row)),
        topic: h.names.nameOf(c.topic.get(row)),
        queueId: c.queueId.get(row),
        queueOffset: c.queueOffset.get(row),
      });
    });
    return checker;
  }

  order(consumers: string | undefined): Checker {
    const ordered = this.input.cluster.topics.filter((t) => t.order).map((t) => t.name);
    const groups = this.input.workload.consumers
      .filter((c) => (consumers === undefined || c.group === consumers) && c.orderly)
      .map((c) => c.group);
    return new QueueOrderChecker({ history: this.input.history, groups, topics: ordered });
  }

  raftSafety(): Checker {
    const { sim } = this.input;
    const suite = new RaftCheckSuite({ seed: sim.seed, groups: this.raftProbes() });
    sim.addSink(suite.sink<ClusterEvent>());
    let leaders = 0;
    sim.addSink({
      readsEvent: (kind: string): boolean => kind === 'raft.role',
      onEvent: (_t: Micros, _n: NodeId, e: ClusterEvent): void => {
        if (e.kind === 'raft.role' && e.role === 'LEADER') leaders++;
      },
    });
    return {
      name: 'raft-safety',
      // With no leader ever elected there was nothing for the safety properties to judge.
      finish: (endUs: Micros): CheckResult =>
        leaders === 0
          ? notJudged('raft-safety', 'no DLedger leader was elected in the run')
          : combine('raft-safety', suite.finish(endUs)),
    };
  }

  /**
   * After the last fault heals at `afterUs`: every live NameServer lists exactly the live
   * brokers under their current ids, and every DLedger group agrees on a leader, within `withinUs`.
   */
  convergence(afterUs: Micros, withinUs: Micros): Checker {
    const { sim, layout } = this.input;
    const routes = new RouteConvergenceChecker(
      {
        liveBrokers: () => this.liveBrokers(),
        deadBrokers: () => layout.nodes.broker.filter((id) => !sim.isUp(id)).map((id) => this.deaths.deathOf(id)),
        namesrvTables: () => this.namesrvTables(),
        lastHealUs: () => afterUs,
      },
      { ...DEFAULT_ROUTE_CONVERGENCE, registrationPeriodUs: Math.max(0, withinUs - DEFAULT_ROUTE_CONVERGENCE.slackUs) },
    );
    const probes = this.raftProbes();
    const liveness =
      probes.length === 0
        ? undefined
        : new RaftLivenessChecker(new WatchedRaftGroups({ seed: sim.seed, groups: probes }), {
            healedAtUs: afterUs,
            boundUs: withinUs,
          });
    if (liveness !== undefined) {
      sim.addSink({
        onKernel: (t: Micros, e: KernelEvent): void => liveness.onKernel(t, e),
        onEvent: (t: Micros, node: NodeId, e: ClusterEvent): void => liveness.onEvent(t, node, e),
        readsEvent: (kind: string): boolean => liveness.readsEvent(kind),
      });
    }
    sim.at(afterUs + withinUs, () => routes.sample(sim.now));
    // While the faults are on too: a killed broker leaves every NameServer that saw its channel close at once.
    const killed = new KilledBrokerRemoval(layout.nodes.namesrv, DEFAULT_ROUTE_CONVERGENCE.slackUs);
    sim.addSink({
      onKernel: (t: Micros, e: KernelEvent): void => killed.onKernel(t, e),
      onEvent: (t: Micros, _n: NodeId, e: ClusterEvent): void => killed.onEvent(t, e),
      readsEvent: (kind: string): boolean => killed.readsEvent(kind),
    });
    return {
      name: 'convergence',
      finish: (endUs: Micros): CheckResult => {
        const removal = killed.finish(endUs);
        return combine('convergence', [
          routes.finish(endUs),
          ...(liveness === undefined ? [] : [liveness.finish(endUs)]),
          ...(removal === undefined ? [] : [removal]),
        ]);
      },
    };
  }

  private liveBrokers(): BrokerIdentity[] {
    const out: BrokerIdentity[] = [];
    for (const id of this.input.layout.nodes.broker) {
      const core = this.brokerNode(id)?.core;
      if (core !== undefined && core.brokerId >= 0)
        out.push({ addr: id, brokerName: core.config.brokerName, brokerId: core.brokerId });
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
    return cluster.groups
      .filter((g) => g.mode === 'dledger')
      .map((g): RaftGroupProbe => ({
        group: g.name,
        members: layout.brokersByGroup.get(g.name) ?? [],
        ackAfterFsync: raftConfig.ackAfterFsync,
        hostOf: (member) => sim.hostOf(nodeId(member)),
        logOf: (member) => this.logOf(member),
      }));
  }

  /** What the group's members hold of an acked message now; undefined when it cannot be told. */
  private witness(a: AckToJudge): AckWitness | undefined {
    const g = this.input.cluster.groups.find((x) => x.name === a.brokerName);
    const members = this.input.layout.brokersByGroup.get(a.brokerName) ?? [];
    const nodes = members.map((m) => this.brokerNode(m));
    const master = nodes.find((n) => n?.core?.isMaster === true);
    const store = master?.store;
    if (g === undefined || master === undefined || store === undefined) return undefined;
    const base = { mode: g.mode, masterRole: g.brokerRole, flushDiskType: g.flushDiskType, members: members.length };
    if (g.mode === 'dledger') {
      const holders = this.quorumHolders(master, members, a);
      return holders === undefined ? undefined : { ...base, holders, flushed: true, pastReputStop: false };
    }
    const msg = store.getMessage(a.topic, a.queueId, a.queueOffset, 1).messages[0];
    if (msg?.uid !== a.uid) return undefined;
    const end = msg.commitLogOffset + (store.lookupRecord(msg.commitLogOffset)?.sizeBytes ?? 0);
    // A slave holds it once its commit log has this record at this offset. HA acks only a length, and after a
    // master power loss a slave's longer log holds other records there (apache/rocketmq#3015).
    const holders = nodes.filter((n) => n !== master && n?.store?.lookupRecord(msg.commitLogOffset)?.uid === a.uid);
    const slaves = holders.length;
    // A slave whose dispatch stopped at a gap before this offset acked bytes it will never serve (model.md §3.4).
    const stoppedBefore = (stop: number | undefined): boolean =>
      stop !== undefined && stop >= 0 && stop <= msg.commitLogOffset;
    const pastReputStop = slaves > 0 && holders.every((n) => stoppedBefore(n?.store?.reputStoppedAt));
    // A slave that died after acking (its ack reached the master, its process is gone before the reply reached
    // the producer) cannot be read: whether it held the message cannot be told.
    if (slaves === 0 && nodes.some((n) => n !== master && n?.store === undefined)) return undefined;
    return { ...base, holders: 1 + slaves, flushed: store.positions.flushed >= end, pastReputStop };
  }

  /** Members whose DLedger log holds the leader's entry storing the acked message (searched back from the leader's end). */
  private quorumHolders(leader: BrokerNode, members: readonly string[], acked: AckToJudge): number | undefined {
    const raft = leader.dledger?.raft;
    const own = raft?.logReader();
    if (raft === undefined || own === undefined) return undefined;
    let index = -1;
    for (let i = own.endIndex; i >= Math.max(0, own.endIndex - PROMISE_SEARCH_ENTRIES); i--) {
      if (!raft.isNoop(i) && leader.dledger?.entryStores(i, acked) === true) {
        index = i;
        break;
      }
    }
    if (index < 0) return undefined;
    const hash = own.hashAt(index);
    return members.filter((m) => {
      const log = this.logOf(m);
      return log !== undefined && log.endIndex >= index && log.hashAt(index) === hash;
    }).length;
  }

  private logOf(member: string): RaftLogReader | undefined {
    const { sim } = this.input;
    const live = this.brokerNode(member)?.dledger?.raft.logReader();
    // A broker's DLedger entries carry RECORD_FIELDS numbers, whatever raftConfig says.
    return live ?? diskLogReader(sim.disk(sim.hostOf(nodeId(member))), `dledger/${member}`, RECORD_FIELDS);
  }

  private durabilityGroup(brokerName: string): DurabilityGroup | undefined {
    const { sim, cluster, layout } = this.input;
    const g = cluster.groups.find((x) => x.name === brokerName);
    const members = layout.brokersByGroup.get(brokerName);
    if (g === undefined || members === undefined) return undefined;
    return {
      brokerName,
      mode: g.mode,
      flushDiskType: g.flushDiskType,
      masterRole: g.brokerRole,
      masterHost: sim.hostOf(nodeId(members[0] ?? brokerName)),
      hosts: members.map((m) => sim.hostOf(nodeId(m))),
    };
  }

  /**
   * Whether the group's agreed log still holds `uid` at the queue position it was acknowledged
   * with. A DLedger group's agreed log is its leader's (the leader holds every committed entry,
   * §4), or with no live leader what a majority of members hold: a copy left on a minority
   * member does not keep a message. A classic group has no agreement protocol: the master or
   * any slave holding the message keeps it (consumers read from the slave while the master is
   * away, §3.4), except that a copy only slaves hold while the master is up is stranded there
   * (strandedOn). Slots whose content changed after a delivery are found by slotConflicts().
   */
  private find(brokerName: string, topic: string, queueId: number, queueOffset: number, uid: number): Presence {
    const members = this.input.layout.brokersByGroup.get(brokerName) ?? [];
    const dledger = this.input.cluster.groups.find((g) => g.name === brokerName)?.mode === 'dledger';
    if (!dledger && this.strandedOn(brokerName, topic, queueId, queueOffset, uid).length > 0) return 'stranded';
    // The first live leader decides alone: it is found before any member is read (NB: once per acked message).
    for (let i = 0; dledger && i < members.length; i++) {
      const node = this.brokerNode(members[i] as string);
      if (node?.store !== undefined && node.core?.isMaster === true)
        return node.store.uidAt(topic, queueId, queueOffset) === uid ? 'present' : 'absent';
    }
    let live = 0;
    let holders = 0;
    for (const member of members) {
      const node = this.brokerNode(member);
      if (node?.store === undefined || node.core === undefined) continue;
      live++;
      if (node.store.uidAt(topic, queueId, queueOffset) === uid) holders++;
    }
    if (live === 0) return 'unknown';
    if (!dledger) return holders > 0 ? 'present' : 'absent';
    if (holders * 2 > members.length) return 'present';
    return live * 2 > members.length ? 'absent' : 'unknown';
  }

  /**
   * Classic groups: the slaves whose store holds `uid` at this queue position while the live
   * master's does not. Classic HA copies master to slave only and consumers pull from a master
   * that is up (§3.4, §5.7), so such a copy is never served; empty when the master is down or
   * holds the message, and for DLedger groups.
   */
  private strandedOn(brokerName: string, topic: string, queueId: number, queueOffset: number, uid: number): string[] {
    if (this.input.cluster.groups.find((g) => g.name === brokerName)?.mode !== 'classic') return [];
    const live = (this.input.layout.brokersByGroup.get(brokerName) ?? []).flatMap((member) => {
      const node = this.brokerNode(member);
      return node?.store === undefined || node.core === undefined ? [] : [{ member, node, store: node.store }];
    });
    const master = live.find((m) => m.node.core?.isMaster === true);
    if (master === undefined || master.store.uidAt(topic, queueId, queueOffset) === uid) return [];
    return live.filter((m) => m !== master && m.store.uidAt(topic, queueId, queueOffset) === uid).map((m) => m.member);
  }

  /** Live classic slaves whose commit log holds `uid` only past their stopped dispatch (a gap, model.md §3.4). */
  private heldPastReputStop(brokerName: string, uid: number): string[] {
    return (this.input.layout.brokersByGroup.get(brokerName) ?? []).filter((member) => {
      const node = this.brokerNode(member);
      return node?.core?.isMaster === false && node.store?.holdsPastReputStop(uid) === true;
    });
  }

  private brokerNode(id: string): BrokerNode | undefined {
    const inst = this.input.sim.instance(nodeId(id));
    return inst instanceof BrokerNode ? inst : undefined;
  }
}
