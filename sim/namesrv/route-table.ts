// The NameServer's route registry as a pure state machine: four tables and
// the operations of RocketMQ 4.9.7's RouteInfoManager (docs/model.md §2).
// No engine imports except types and asserts: time comes in as `nowUs`, and
// every operation returns what changed so the node can explain it.
// Outputs are deterministic: every list is sorted by name, then id/address.
// Mirrors [R4 RIM] org.apache.rocketmq.namesrv.routeinfo.RouteInfoManager.
import { fail } from '../base/index.js';
import type { Micros } from '../engine/index.js';
import type {
  BrokerAddr,
  BrokerData,
  DataVersion,
  QueueData,
  RegisterBroker,
  TopicConfig,
  TopicRouteData,
} from '../protocol/index.js';
import { MASTER_ID, PERM_WRITE } from '../protocol/index.js';
import {
  compareEntries,
  sortedKeys,
  type BrokerEntry,
  type RemovedBroker,
  type RemovalOutcome,
} from './route-types.js';

export type { BrokerEntry, RemovedBroker, RemovalOutcome } from './route-types.js';

/** BrokerLiveInfo: the heartbeat record of one broker address. */
export interface BrokerLiveInfo {
  readonly lastUpdateUs: Micros;
  readonly dataVersion: DataVersion;
  readonly haServerAddr: BrokerAddr;
}

/** A REGISTER_BROKER request's header and body, stamped with the NameServer's time. */
export type RegisterInput = Omit<RegisterBroker, 'type'> & { readonly nowUs: Micros };

export interface RegisterResult {
  /** For a slave: the group's master address if that master is live here (§2.2 step 7), else null. */
  readonly masterAddr: BrokerAddr | null;
  readonly haServerAddr: BrokerAddr | null;
  /** registerFirst: the group was new or this id had no address. */
  readonly registerFirst: boolean;
  /** No live record existed for this address before (a new broker, not a heartbeat). */
  readonly newLiveEntry: boolean;
  /** Ids this same address held before and lost (slave -> master moves it from <k> to <0>). */
  readonly movedFromIds: readonly number[];
  /** The other address this id slot held and that was overwritten (last writer wins), or null. */
  readonly overwrittenAddr: BrokerAddr | null;
  /** Topic QueueData was (re)written from this registration (id 0 with a new data version or first). */
  readonly topicsUpdated: boolean;
}

interface GroupState {
  readonly cluster: string;
  readonly addrs: Map<number, BrokerAddr>;
}

const NO_IDS: readonly number[] = Object.freeze([]);

/** What a registration changed in the routes (steps 1-5), beside the heartbeat. */
type RouteChanges = Omit<RegisterResult, 'masterAddr' | 'haServerAddr'>;

/** A heartbeat that changes nothing (the refresh path). */
const NO_CHANGES: RouteChanges = {
  registerFirst: false,
  newLiveEntry: false,
  movedFromIds: NO_IDS,
  overwrittenAddr: null,
  topicsUpdated: false,
};

const sameVersion = (a: DataVersion, b: DataVersion): boolean => a.timestamp === b.timestamp && a.counter === b.counter;

export class RouteTable {
  /** topic -> brokerName -> QueueData. */
  private readonly topicQueueTable = new Map<string, Map<string, QueueData>>();
  /** brokerName -> BrokerData. */
  private readonly brokerAddrTable = new Map<string, GroupState>();
  /** cluster -> brokerNames. */
  private readonly clusterAddrTable = new Map<string, Set<string>>();
  /** brokerAddr -> heartbeat record. */
  private readonly brokerLiveTable = new Map<BrokerAddr, BrokerLiveInfo>();

  /** §2.2 REGISTER_BROKER, steps 1-7, as one atomic update. */
  registerBroker(r: RegisterInput): RegisterResult {
    return this.refresh(r) ?? this.register(r);
  }

  /**
   * The periodic heartbeat (every 30 s per broker and NameServer): the address already holds its id slot,
   * its group is listed under the cluster, and the data version is the one this table holds. Steps 1-5
   * would then change nothing (no id moves, no slot is overwritten, topics are rewritten only for a new
   * version), so only the live record is refreshed (step 6) and the master looked up (step 7). Undefined
   * when the registration may change the routes.
   */
  private refresh(r: RegisterInput): RegisterResult | undefined {
    const prevLive = this.brokerLiveTable.get(r.brokerAddr);
    if (prevLive === undefined || !sameVersion(prevLive.dataVersion, r.dataVersion)) return undefined;
    const group = this.brokerAddrTable.get(r.brokerName);
    if (group === undefined || group.addrs.get(r.brokerId) !== r.brokerAddr) return undefined;
    if (this.clusterAddrTable.get(r.clusterName)?.has(r.brokerName) !== true) return undefined;
    return this.heartbeat(r, group, NO_CHANGES);
  }

  /** Steps 6-7: the registration is the heartbeat (the live record is refreshed); a slave learns its live master. */
  private heartbeat(r: RegisterInput, group: GroupState, changes: RouteChanges): RegisterResult {
    this.brokerLiveTable.set(r.brokerAddr, {
      lastUpdateUs: r.nowUs,
      dataVersion: r.dataVersion,
      haServerAddr: r.haServerAddr,
    });
    const master = this.liveMaster(r.brokerId, group);
    // Fields written out, not spread: this runs for every registration (the idle benchmark's hot path).
    return {
      masterAddr: master?.addr ?? null,
      haServerAddr: master?.haServerAddr ?? null,
      registerFirst: changes.registerFirst,
      newLiveEntry: changes.newLiveEntry,
      movedFromIds: changes.movedFromIds,
      overwrittenAddr: changes.overwrittenAddr,
      topicsUpdated: changes.topicsUpdated,
    };
  }

  /** For a slave (step 7): its group's master address and HA address if that master is live here. */
  private liveMaster(
    brokerId: number,
    group: GroupState,
  ): { readonly addr: BrokerAddr; readonly haServerAddr: BrokerAddr } | undefined {
    if (brokerId === MASTER_ID) return undefined;
    const m = group.addrs.get(MASTER_ID);
    const mLive = m === undefined ? undefined : this.brokerLiveTable.get(m);
    return m === undefined || mLive === undefined ? undefined : { addr: m, haServerAddr: mLive.haServerAddr };
  }

  private register(r: RegisterInput): RegisterResult {
    let names = this.clusterAddrTable.get(r.clusterName);
    if (names === undefined) this.clusterAddrTable.set(r.clusterName, (names = new Set()));
    names.add(r.brokerName);
    let group = this.brokerAddrTable.get(r.brokerName);
    let registerFirst = false;
    if (group === undefined) {
      registerFirst = true;
      this.brokerAddrTable.set(r.brokerName, (group = { cluster: r.clusterName, addrs: new Map() }));
    }
    // Step 3: the same address must hold only one id (a slave promoted to master moves to <0>).
    const movedFromIds: number[] = [];
    for (const [id, addr] of [...group.addrs]) {
      if (addr === r.brokerAddr && id !== r.brokerId) {
        group.addrs.delete(id);
        movedFromIds.push(id);
      }
    }
    // Step 4: last writer wins; 4.x has no version or term check.
    const oldAddr = group.addrs.get(r.brokerId);
    group.addrs.set(r.brokerId, r.brokerAddr);
    registerFirst ||= oldAddr === undefined;
    this.checkAddrHeldOnce(r.brokerName, r.brokerAddr);
    // Step 5: only the master's topic config enters the routes.
    const prevLive = this.brokerLiveTable.get(r.brokerAddr);
    let topicsUpdated = false;
    if (
      r.brokerId === MASTER_ID &&
      (prevLive === undefined || !sameVersion(prevLive.dataVersion, r.dataVersion) || registerFirst)
    ) {
      for (const t of r.topics) this.createAndUpdateQueueData(r.brokerName, t);
      topicsUpdated = true;
    }
    return this.heartbeat(r, group, {
      registerFirst,
      newLiveEntry: prevLive === undefined,
      movedFromIds,
      overwrittenAddr: oldAddr !== undefined && oldAddr !== r.brokerAddr ? oldAddr : null,
      topicsUpdated,
    });
  }

  /**
   * §2.4 UNREGISTER_BROKER. NB: 4.x removes the id slot whatever address it holds now,
   * so a stale unregister can remove a newer broker that took the same id.
   */
  unregisterBroker(input: {
    readonly clusterName: string;
    readonly brokerAddr: BrokerAddr;
    readonly brokerName: string;
    readonly brokerId: number;
    readonly nowUs: Micros;
  }): RemovalOutcome {
    const live = this.brokerLiveTable.get(input.brokerAddr);
    this.brokerLiveTable.delete(input.brokerAddr);
    const removed: RemovedBroker[] = [];
    const group = this.brokerAddrTable.get(input.brokerName);
    const addr = group?.addrs.get(input.brokerId);
    if (group !== undefined && addr !== undefined) {
      group.addrs.delete(input.brokerId);
      removed.push({
        brokerName: input.brokerName,
        brokerId: input.brokerId,
        addr,
        silentUs: live === undefined ? 0 : input.nowUs - live.lastUpdateUs,
      });
    }
    const groupsRemoved = group !== undefined && group.addrs.size === 0 ? [input.brokerName] : [];
    // NB: unregister drops the name only from the request's cluster set; channel cleanup from every set.
    return this.removeEmptyGroups(removed, groupsRemoved, input.clusterName);
  }

  /** §2.4 channel close / idle / expiry cleanup: every id this address holds goes. */
  onChannelDestroy(addr: BrokerAddr, nowUs: Micros): RemovalOutcome {
    const live = this.brokerLiveTable.get(addr);
    this.brokerLiveTable.delete(addr);
    const silentUs = live === undefined ? 0 : nowUs - live.lastUpdateUs;
    const removed: RemovedBroker[] = [];
    const groupsRemoved: string[] = [];
    for (const name of sortedKeys(this.brokerAddrTable)) {
      const group = this.brokerAddrTable.get(name);
      if (group === undefined) continue;
      for (const id of [...group.addrs.keys()].sort((a, b) => a - b)) {
        if (group.addrs.get(id) !== addr) continue;
        group.addrs.delete(id);
        removed.push({ brokerName: name, brokerId: id, addr, silentUs });
      }
      if (removed.length > 0 && group.addrs.size === 0 && removed.some((x) => x.brokerName === name))
        groupsRemoved.push(name);
    }
    return this.removeEmptyGroups(removed, groupsRemoved);
  }

  /** §2.3 scanNotActiveBroker: drops every address silent for more than expiryUs, oldest address first. */
  scanNotActiveBroker(nowUs: Micros, expiryUs: Micros): RemovalOutcome[] {
    const out: RemovalOutcome[] = [];
    for (const addr of sortedKeys(this.brokerLiveTable)) {
      const live = this.brokerLiveTable.get(addr);
      if (live !== undefined && live.lastUpdateUs + expiryUs < nowUs) out.push(this.onChannelDestroy(addr, nowUs));
    }
    return out;
  }

  /** §2.5 GET_ROUTEINFO_BY_TOPIC; null means TOPIC_NOT_EXIST. */
  pickupTopicRouteData(topic: string): TopicRouteData | null {
    const byBroker = this.topicQueueTable.get(topic);
    if (byBroker === undefined || byBroker.size === 0) return null;
    const queueDatas: QueueData[] = [];
    const brokerDatas: BrokerData[] = [];
    for (const name of sortedKeys(byBroker)) {
      const qd = byBroker.get(name);
      if (qd !== undefined) queueDatas.push(qd);
      const group = this.brokerAddrTable.get(name);
      // Groups leave every topic when they leave brokerAddrTable (removeEmptyGroups).
      if (group === undefined) fail(`route table: topic ${topic} lists broker ${name}, which has no addresses`);
      brokerDatas.push(this.brokerData(name, group));
    }
    return brokerDatas.length === 0 ? null : { queueDatas, brokerDatas };
  }

  /** §2.6 WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER: returns how many topics changed. */
  changeWritePerm(brokerName: string, op: 'wipe' | 'add'): number {
    let count = 0;
    for (const topic of sortedKeys(this.topicQueueTable)) {
      const byBroker = this.topicQueueTable.get(topic);
      const qd = byBroker?.get(brokerName);
      if (byBroker === undefined || qd === undefined) continue;
      const perm = op === 'wipe' ? qd.perm & ~PERM_WRITE : qd.perm | PERM_WRITE;
      byBroker.set(brokerName, { ...qd, perm });
      count++;
    }
    return count;
  }

  /** Every (brokerName, brokerId, addr) in brokerAddrTable, sorted. */
  entries(): BrokerEntry[] {
    const out: BrokerEntry[] = [];
    for (const [brokerName, group] of this.brokerAddrTable) {
      for (const [brokerId, addr] of group.addrs) out.push({ brokerName, brokerId, addr });
    }
    return out.sort(compareEntries);
  }

  liveInfo(addr: BrokerAddr): BrokerLiveInfo | undefined {
    return this.brokerLiveTable.get(addr);
  }

  /** The oldest lastUpdate of a live address (the first one the scan can expire), or undefined when none is live. */
  earliestUpdateUs(): Micros | undefined {
    let earliest: Micros | undefined;
    for (const live of this.brokerLiveTable.values())
      if (earliest === undefined || live.lastUpdateUs < earliest) earliest = live.lastUpdateUs;
    return earliest;
  }

  liveAddrs(): BrokerAddr[] {
    return sortedKeys(this.brokerLiveTable);
  }

  topics(): string[] {
    return sortedKeys(this.topicQueueTable);
  }

  clusterBrokerNames(cluster: string): string[] {
    return [...(this.clusterAddrTable.get(cluster) ?? [])].sort();
  }

  private brokerData(name: string, group: GroupState): BrokerData {
    const brokerAddrs = [...group.addrs].sort(([a], [b]) => a - b).map(([brokerId, addr]) => ({ brokerId, addr }));
    return { cluster: group.cluster, brokerName: name, brokerAddrs };
  }

  /**
   * An address holds one id in its group (step 3 moves it). Not checked across groups: RouteInfoManager
   * accepts one address under two broker names (a renamed broker), and the differential test drives that.
   */
  private checkAddrHeldOnce(brokerName: string, addr: BrokerAddr): void {
    let held = 0;
    for (const a of this.brokerAddrTable.get(brokerName)?.addrs.values() ?? []) if (a === addr) held++;
    if (held !== 1) fail(`route table: ${addr} holds ${held} id(s) under ${brokerName}`);
  }

  private createAndUpdateQueueData(brokerName: string, t: TopicConfig): void {
    if (!this.brokerAddrTable.has(brokerName))
      fail(`route table: queue data of ${t.topic} for unknown broker ${brokerName}`);
    let byBroker = this.topicQueueTable.get(t.topic);
    if (byBroker === undefined) this.topicQueueTable.set(t.topic, (byBroker = new Map<string, QueueData>()));
    byBroker.set(brokerName, {
      brokerName,
      readQueueNums: t.readQueueNums,
      writeQueueNums: t.writeQueueNums,
      perm: t.perm,
      order: t.order,
    });
  }

  /** Groups left without an address leave brokerAddrTable, their cluster sets and every topic. */
  private removeEmptyGroups(removed: RemovedBroker[], groupsRemoved: string[], onlyCluster?: string): RemovalOutcome {
    const topicsDeleted: string[] = [];
    for (const name of groupsRemoved) {
      this.brokerAddrTable.delete(name);
      for (const cluster of onlyCluster === undefined ? sortedKeys(this.clusterAddrTable) : [onlyCluster]) {
        const names = this.clusterAddrTable.get(cluster);
        names?.delete(name);
        if (names !== undefined && names.size === 0) this.clusterAddrTable.delete(cluster);
      }
      for (const topic of sortedKeys(this.topicQueueTable)) {
        const byBroker = this.topicQueueTable.get(topic);
        if (byBroker === undefined || !byBroker.delete(name)) continue;
        if (byBroker.size === 0) {
          this.topicQueueTable.delete(topic);
          topicsDeleted.push(topic);
        }
      }
    }
    return { removed, groupsRemoved, topicsDeleted: topicsDeleted.sort() };
  }
}
