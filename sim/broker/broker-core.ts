// The state every broker service shares within one process incarnation:
// identity (brokerId, role), the message store, topic table, consumer
// offsets, the client registry and the master address learned from the
// NameServers. Services receive it instead of a dozen arguments.
// Corresponds to the fields of [R4 BC] BrokerController that its services reach.
import type { NodeId } from '../engine/index.js';
import type { BrokerEvent, ClusterContext } from '../protocol/index.js';
import { ClientRegistry } from './client-registry.js';
import type { BrokerConfig, BrokerRole } from './config.js';
import { ConsumerOffsetManager } from './consumer-offsets.js';
import type { Interner } from '../engine/index.js';
import type { MessageStore } from './store/message-store.js';
import { TopicConfigManager } from './topic-config.js';

/** brokerId of a DLedger broker whose role is not known yet (§1.2, §4.4). */
export const UNKNOWN_BROKER_ID = -1;

export class BrokerCore {
  brokerId: number;
  role: BrokerRole;
  /** SlaveSynchronize's master (from the first successful registration result); null = none known. */
  masterAddr: NodeId | null = null;
  /** The HA master address; kept when a registration returns null (HAClient keeps retrying it). */
  haMasterAddr: NodeId | null = null;
  readonly topics: TopicConfigManager;
  readonly offsets = new ConsumerOffsetManager();
  readonly clients = new ClientRegistry();

  constructor(
    readonly ctx: ClusterContext,
    readonly config: BrokerConfig,
    readonly store: MessageStore,
    readonly interner: Interner,
  ) {
    this.topics = new TopicConfigManager(config.topics, ctx.now());
    if (config.mode.kind === 'classic') {
      this.brokerId = config.mode.brokerId;
      this.role = config.mode.brokerRole;
    } else {
      // §4.4: a DLedger broker registers nothing useful until it knows its role. The bug switch restores
      // 4.5.0, where it started with the default brokerId 0 (apache/rocketmq#1464).
      this.brokerId = config.bugs.dledgerRegistersId0AtStart ? 0 : UNKNOWN_BROKER_ID;
      this.role = 'SLAVE';
    }
  }

  get name(): NodeId {
    return this.ctx.id;
  }

  get isMaster(): boolean {
    return this.role !== 'SLAVE' && this.brokerId === 0;
  }

  get isDLedger(): boolean {
    return this.config.mode.kind === 'dledger';
  }

  /** Changes identity, tells the store (a SLAVE store refuses puts) and emits the decision. */
  setRole(brokerId: number, role: BrokerRole, reason: string): void {
    this.brokerId = brokerId;
    this.role = role;
    this.store.setBrokerRole(role);
    this.emit({ kind: 'broker.role', broker: this.name, brokerName: this.config.brokerName, brokerId, role, reason });
  }

  emit(e: BrokerEvent): void {
    this.ctx.emit(e);
  }
}
