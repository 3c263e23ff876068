// What mqadmin would read from a running cluster at one instant: the
// NameServer's broker table (clusterList), a topic's route (topicRoute), a
// consumer group's progress per queue (consumerProgress) and a broker's
// runtime figures (brokerStatus). A read-only snapshot of the live processes
// (like LiveClusterView, it never changes anything); formatting in mqadmin's
// layout is the report layer's job (sim/report/mqadmin.ts).
import { BrokerNode } from '../broker/index.js';
import { ConsumerNode } from '../client/index.js';
import type { Micros, NodeId } from '../engine/index.js';
import { NamesrvNode } from '../namesrv/index.js';
import { retryTopic, type ClusterSimulation, type TopicRouteData } from '../protocol/index.js';
import type { ClusterSpec, WorkloadSpec } from './spec.js';
import type { ClusterLayout } from './view.js';

/** The broker version every simulated broker reports (the model is RocketMQ 4.9.7). */
export const BROKER_VERSION = 'V4_9_7';

export interface AdminBrokerRow {
  readonly cluster: string;
  readonly brokerName: string;
  readonly brokerId: number;
  readonly addr: NodeId;
  /** Messages in this broker's consume queues (sum of max offsets), for a put rate over a window. */
  readonly queuedTotal: number;
  /** Whether it serves puts (a master); a slave's queues grow by replication, which mqadmin's InTPS does not count. */
  readonly master: boolean;
}

export interface AdminQueueRow {
  readonly topic: string;
  readonly brokerName: string;
  readonly queueId: number;
  /** Max offset of the queue on the broker read from (the group's master, else a live slave); -1 unknown. */
  readonly brokerOffset: number;
  /** The group's committed offset on that broker; -1 when none. */
  readonly consumerOffset: number;
  /** The consumer instance that owns the queue now, or "" when none. */
  readonly client: string;
}

/**
 * A queue's #Diff as `mqadmin consumerProgress` prints it: the broker's max offset less the group's
 * committed offset, the whole queue when the group committed none, 0 when the broker is unknown.
 * Committed offsets trail consumption by up to the client's 5 s persist interval
 * (persistConsumerOffsetInterval), so this is what an operator reads, not an exact count.
 */
export function queueDiff(r: AdminQueueRow): number {
  if (r.brokerOffset < 0) return 0;
  return r.consumerOffset >= 0 ? r.brokerOffset - r.consumerOffset : r.brokerOffset;
}

/** consumerProgress's "Diff Total" of a group: what it has not committed over its queues and retry queue. */
export function diffTotal(rows: readonly AdminQueueRow[]): number {
  let total = 0;
  for (const r of rows) total += queueDiff(r);
  return total;
}

export interface AdminBrokerStatus {
  readonly addr: NodeId;
  readonly up: boolean;
  /** Key -> value, as `mqadmin brokerStatus` lists them (the subset the model has). */
  readonly kv: Readonly<Record<string, string>>;
}

export interface AdminSnapshot {
  readonly atUs: Micros;
  /** The NameServer mqadmin asked (the first live one in the namesrvAddr list), or null when none is up. */
  readonly namesrv: NodeId | null;
  readonly clusterList: readonly AdminBrokerRow[];
  /** topic -> route as that NameServer answers it (null: TOPIC_NOT_EXIST). */
  readonly routes: Readonly<Record<string, TopicRouteData | null>>;
  /** consumer group -> one row per queue of its topics and its retry topic. */
  readonly consumerProgress: Readonly<Record<string, readonly AdminQueueRow[]>>;
  readonly brokerStatus: readonly AdminBrokerStatus[];
}

function instanceOf<T>(sim: ClusterSimulation, id: NodeId, type: new (...args: never[]) => T): T | undefined {
  const inst = sim.instance(id);
  return inst instanceof type ? inst : undefined;
}

function queuedTotal(node: BrokerNode | undefined): number {
  let total = 0;
  for (const q of node?.store?.listQueues() ?? []) total += q.maxOffset;
  return total;
}

function brokerStatus(sim: ClusterSimulation, addr: NodeId): AdminBrokerStatus {
  const node = instanceOf(sim, addr, BrokerNode);
  const core = node?.core;
  const store = node?.store;
  if (!sim.isUp(addr) || core === undefined || store === undefined) return { addr, up: false, kv: {} };
  const pos = store.positions;
  const kv: Record<string, string> = {
    brokerVersionDesc: BROKER_VERSION,
    brokerRole: core.role,
    brokerId: String(core.brokerId),
    commitLogMinOffset: '0',
    commitLogMaxOffset: String(pos.appended),
    commitLogFlushedOffset: String(pos.flushed),
    dispatchBehindBytes: String(Math.max(0, pos.appended - pos.confirmed)),
  };
  if (core.masterAddr !== null && !core.isMaster) kv['masterAddr'] = core.masterAddr;
  return { addr, up: true, kv };
}

interface Reading {
  readonly sim: ClusterSimulation;
  readonly layout: ClusterLayout;
  readonly namesrv: NamesrvNode | undefined;
}

/** The broker of `brokerName` that mqadmin reads offsets from: the routed master, else the first live routed slave. */
function readFrom(r: Reading, route: TopicRouteData | null, brokerName: string): BrokerNode | undefined {
  const addrs = route?.brokerDatas.find((b) => b.brokerName === brokerName)?.brokerAddrs ?? [];
  for (const a of addrs) {
    const node = instanceOf(r.sim, a.addr, BrokerNode);
    if (node !== undefined && r.sim.isUp(a.addr)) return node;
  }
  return undefined;
}

function ownerOf(r: Reading, group: string, topic: string, brokerName: string, queueId: number): string {
  for (const id of r.layout.clientsByGroup.get(group) ?? []) {
    const c = r.sim.isUp(id) ? instanceOf(r.sim, id, ConsumerNode) : undefined;
    if (c?.owned.some((q) => q.topic === topic && q.brokerName === brokerName && q.queueId === queueId) === true)
      return id;
  }
  return '';
}

function progressOf(r: Reading, group: string, topics: readonly string[]): AdminQueueRow[] {
  const rows: AdminQueueRow[] = [];
  for (const topic of [...topics, retryTopic(group)]) {
    const route = r.namesrv?.routes.pickupTopicRouteData(topic) ?? null;
    for (const qd of route?.queueDatas ?? []) {
      const broker = readFrom(r, route, qd.brokerName);
      for (let queueId = 0; queueId < qd.readQueueNums; queueId++) {
        rows.push({
          topic,
          brokerName: qd.brokerName,
          queueId,
          brokerOffset: broker?.store?.maxOffsetInQueue(topic, queueId) ?? -1,
          consumerOffset: broker?.core?.offsets.query(group, topic, queueId) ?? -1,
          client: ownerOf(r, group, topic, qd.brokerName, queueId),
        });
      }
    }
  }
  return rows;
}

export function adminSnapshot(
  sim: ClusterSimulation,
  layout: ClusterLayout,
  cluster: ClusterSpec,
  workload: WorkloadSpec,
): AdminSnapshot {
  const nsId = layout.nodes.namesrv.find((id) => sim.isUp(id)) ?? null;
  const namesrv = nsId === null ? undefined : instanceOf(sim, nsId, NamesrvNode);
  const r: Reading = { sim, layout, namesrv };
  const clusterList = (namesrv?.routes.entries() ?? []).map((e): AdminBrokerRow => ({
    cluster: cluster.clusterName,
    brokerName: e.brokerName,
    brokerId: e.brokerId,
    addr: e.addr,
    queuedTotal: queuedTotal(instanceOf(sim, e.addr, BrokerNode)),
    master: instanceOf(sim, e.addr, BrokerNode)?.core?.isMaster === true && sim.isUp(e.addr),
  }));
  const topics = new Set([...cluster.topics.map((t) => t.name), ...workload.consumers.map((c) => retryTopic(c.group))]);
  const routes: Record<string, TopicRouteData | null> = {};
  for (const topic of topics) routes[topic] = namesrv?.routes.pickupTopicRouteData(topic) ?? null;
  const consumerProgress: Record<string, readonly AdminQueueRow[]> = {};
  for (const c of workload.consumers) consumerProgress[c.group] = progressOf(r, c.group, c.topics);
  return {
    atUs: sim.now,
    namesrv: nsId,
    clusterList,
    routes,
    consumerProgress,
    brokerStatus: layout.nodes.broker.map((id) => brokerStatus(sim, id)),
  };
}
