// Builds small clusters for broker tests: NameServers (sim/namesrv), classic
// master/slave groups and DLedger groups of BrokerNodes sharing one
// Interner, and an event log of every ClusterEvent.
import { nodeId, Simulation, type Micros, type NodeId } from '../../sim/engine/index.js';
import { BrokerNode } from '../../sim/broker/broker-node.js';
import {
  resolveBrokerConfig,
  type BrokerConfigInput,
  type BrokerRole,
  type FlushDiskType,
} from '../../sim/broker/config.js';
import { Interner } from '../../sim/base/index.js';
import type { StoreConfig } from '../../sim/broker/store/config.js';
import type { RaftConfigOverrides } from '../../sim/raft/index.js';
import {
  describeClusterEvent,
  PERM_RW,
  type ClusterEvent,
  type ClusterSimulation,
  type SendStatus,
  type TopicConfig,
  type WireMessage,
} from '../../sim/protocol/index.js';
import type { DurabilityChecker, DurabilityGroup, DurabilityInput, Presence } from '../../sim/check/durability.js';
import type { SendRecord } from './stub-clients.js';
import { NamesrvNode } from '../../sim/namesrv/namesrv-node.js';
import { resolveNamesrvConfig } from '../../sim/namesrv/config.js';

export const TOPIC = 'TopicTest';
export const topicConfig = (queues = 4): TopicConfig => ({
  topic: TOPIC,
  readQueueNums: queues,
  writeQueueNums: queues,
  perm: PERM_RW,
  order: false,
});

export interface LoggedEvent {
  readonly atUs: Micros;
  readonly node: NodeId;
  readonly e: ClusterEvent;
}

export class Cluster {
  readonly sim: ClusterSimulation;
  readonly interner = new Interner();
  readonly events: LoggedEvent[] = [];
  readonly namesrvs: NodeId[] = [];
  private readonly groups = new Map<string, { readonly info: DurabilityGroup; readonly nodes: NodeId[] }>();

  constructor(seed: number, namesrvs = 1) {
    this.sim = new Simulation<WireMessage, ClusterEvent>({ seed, describeEvent: describeClusterEvent });
    this.sim.addSink({ onEvent: (t, node, e) => this.events.push({ atUs: t, node, e }) });
    for (let i = 1; i <= namesrvs; i++)
      this.namesrvs.push(this.sim.addNode(`ns-${i}`, () => new NamesrvNode(resolveNamesrvConfig())));
  }

  ns(i = 0): NamesrvNode {
    const n = this.sim.instance(this.namesrvs[i] ?? nodeId('ns-1'));
    if (!(n instanceof NamesrvNode)) throw new Error('namesrv down');
    return n;
  }

  /** The address NameServer `i` lists for (group, brokerId), if any. */
  nsAddr(brokerName: string, brokerId: number, i = 0): NodeId | undefined {
    if (!this.sim.isUp(this.namesrvs[i] ?? nodeId('ns-1'))) return undefined;
    return this.ns(i)
      .registeredBrokers()
      .find((b) => b.brokerName === brokerName && b.brokerId === brokerId)?.addr;
  }

  broker(id: string): BrokerNode {
    const n = this.sim.instance(nodeId(id));
    if (!(n instanceof BrokerNode)) throw new Error(`${id} is down`);
    return n;
  }

  /** Classic group: `${name}-0` master, `${name}-1..` slaves. */
  classic(
    name: string,
    o: {
      role?: BrokerRole;
      flush?: FlushDiskType;
      slaves?: number;
      extra?: Partial<BrokerConfigInput>;
      store?: Partial<StoreConfig>;
    } = {},
  ): NodeId[] {
    const role = o.role ?? 'ASYNC_MASTER';
    const nodes: NodeId[] = [];
    for (let i = 0; i <= (o.slaves ?? 0); i++) {
      const config = resolveBrokerConfig({
        brokerName: name,
        namesrvAddrs: this.namesrvs,
        topics: [topicConfig()],
        flushDiskType: o.flush ?? 'ASYNC_FLUSH',
        mode: { kind: 'classic', brokerRole: i === 0 ? role : 'SLAVE', brokerId: i },
        ...o.extra,
      });
      const store = o.store ?? {};
      nodes.push(this.sim.addNode(`${name}-${i}`, () => new BrokerNode({ config, interner: this.interner, store })));
    }
    this.groups.set(name, {
      nodes,
      info: {
        brokerName: name,
        mode: 'classic',
        flushDiskType: o.flush ?? 'ASYNC_FLUSH',
        masterRole: role === 'SLAVE' ? 'ASYNC_MASTER' : role,
        masterHost: `${name}-0`,
        hosts: nodes,
      },
    });
    return nodes;
  }

  /** DLedger group of `size` members `${name}-0..`. */
  dledger(name: string, size = 3, extra: Partial<BrokerConfigInput> = {}, raft: RaftConfigOverrides = {}): NodeId[] {
    const peers = Array.from({ length: size }, (_, i) => nodeId(`${name}-${i}`));
    peers.forEach((p, i) => {
      const config = resolveBrokerConfig({
        brokerName: name,
        namesrvAddrs: this.namesrvs,
        topics: [topicConfig()],
        mode: { kind: 'dledger', group: name, peers, selfIndex: i },
        ...extra,
      });
      this.sim.addNode(p, () => new BrokerNode({ config, interner: this.interner, dledger: { raft } }));
    });
    this.groups.set(name, {
      nodes: peers,
      info: {
        brokerName: name,
        mode: 'dledger',
        flushDiskType: extra.flushDiskType ?? 'ASYNC_FLUSH',
        masterRole: 'SYNC_MASTER',
        masterHost: '',
        hosts: peers,
      },
    });
    return peers;
  }

  /** The up broker of a group that currently acts as master (id 0), if any. */
  master(name: string): NodeId | undefined {
    for (const n of this.groups.get(name)?.nodes ?? []) {
      const b = this.sim.isUp(n) ? this.sim.instance(n) : undefined;
      if (b instanceof BrokerNode && b.core?.isMaster === true) return n;
    }
    return undefined;
  }

  eventsOf<K extends ClusterEvent['kind']>(
    kind: K,
  ): (LoggedEvent & { readonly e: Extract<ClusterEvent, { kind: K }> })[] {
    return this.events.filter(
      (x): x is LoggedEvent & { readonly e: Extract<ClusterEvent, { kind: K }> } => x.e.kind === kind,
    );
  }

  /** The durability checker's view of this cluster's stores. */
  durabilityInput(): DurabilityInput {
    return {
      group: (b) => this.groups.get(b)?.info,
      find: (b, topic, queueId, offset, uid): Presence => {
        let anyUp = false;
        for (const n of this.groups.get(b)?.nodes ?? []) {
          const inst = this.sim.isUp(n) ? this.sim.instance(n) : undefined;
          if (!(inst instanceof BrokerNode) || inst.store === undefined) continue;
          anyUp = true;
          const got = inst.store.getMessage(topic, queueId, offset, 1);
          if (got.status === 'FOUND' && got.messages[0]?.uid === uid) return 'present';
        }
        return anyUp ? 'absent' : 'unknown';
      },
      strandedOn: (b, topic, queueId, offset, uid): string[] => {
        const holds = (n: NodeId): boolean => {
          const inst = this.sim.isUp(n) ? this.sim.instance(n) : undefined;
          return inst instanceof BrokerNode && inst.store?.uidAt(topic, queueId, offset) === uid;
        };
        const master = this.master(b);
        if (master === undefined || holds(master)) return [];
        return (this.groups.get(b)?.nodes ?? []).filter((n) => n !== master && holds(n));
      },
      heldPastReputStop: (b, uid): string[] =>
        (this.groups.get(b)?.nodes ?? []).filter((n) => {
          const inst = this.sim.isUp(n) ? this.sim.instance(n) : undefined;
          return n !== this.master(b) && inst instanceof BrokerNode && inst.store?.holdsPastReputStop(uid) === true;
        }),
    };
  }
}

export const s = (n: number): Micros => Math.round(n * 1_000_000);

const STATUS: Partial<Record<string, SendStatus>> = {
  SUCCESS: 'SEND_OK',
  FLUSH_DISK_TIMEOUT: 'FLUSH_DISK_TIMEOUT',
  FLUSH_SLAVE_TIMEOUT: 'FLUSH_SLAVE_TIMEOUT',
  SLAVE_NOT_AVAILABLE: 'SLAVE_NOT_AVAILABLE',
};

/** Feeds a stub producer's stored sends (the four "stored" statuses) to a durability checker. */
export function feedAcks(
  checker: DurabilityChecker,
  records: readonly SendRecord[],
  brokerName: string,
  topic = TOPIC,
): number {
  let n = 0;
  for (const r of records) {
    const status = STATUS[r.code];
    if (status === undefined) continue;
    checker.recordAck({
      uid: r.uid,
      brokerName,
      topic,
      queueId: r.queueId,
      queueOffset: r.queueOffset,
      status,
      atUs: r.atUs,
    });
    n++;
  }
  return n;
}
