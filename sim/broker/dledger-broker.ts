// DLedger mode (§4): the commit log replicated by the group's Raft.
// PLACEHOLDER until sim/raft's driver lands: the broker stays SLAVE (id -1).
import type { DiskCompletion, NodeId, RpcOutcome } from '../engine/index.js';
import type { WireMessage } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import type { WaitOutcome } from './put-waits.js';
import type { BrokerRoleServices } from './role-services.js';
import type { Replication, SendProcessor } from './send-processor.js';
import type { PutMessageStatus, StoreRecord } from './store/message-store.js';

export interface DLedgerBrokerOptions {
  readonly raft?: Readonly<Record<string, unknown>>;
}

export class DLedgerBroker implements Replication {
  readonly timeoutStatus: PutMessageStatus = 'OS_PAGECACHE_BUSY';
  readonly waitUs = 2_500_000;

  constructor(
    private readonly core: BrokerCore,
    private readonly send: SendProcessor,
    private readonly roles: BrokerRoleServices,
    private readonly options: DLedgerBrokerOptions,
  ) {}

  start(): void {}

  onAppended(_record: StoreRecord, _wait: boolean): WaitOutcome {
    return 'UNKNOWN_ERROR';
  }

  onMessage(_from: NodeId, _msg: WireMessage, _rpcId: number): void {}

  onReply(_to: NodeId, _request: WireMessage, _outcome: RpcOutcome<WireMessage>, _rpcId: number): void {}

  onTimer(_name: string): void {}

  onDiskDone(_done: DiskCompletion): void {}
}
