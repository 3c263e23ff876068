// A stub broker for NameServer tests: it only does the registration loop of
// docs/model.md §3.1 (register to every NameServer at start, then every
// 30 s after a 10 s initial delay) and remembers the master address the
// NameServers hand back. Tests may change its id (a role change) at run time.
import { assert, nodeId, sec, type Micros, type NodeId, type RpcOutcome } from '../../sim/engine/index.js';
import type { ClusterContext, ClusterNode, TopicConfig, WireMessage } from '../../sim/protocol/index.js';
import { PERM_RW } from '../../sim/protocol/index.js';

export interface StubBrokerOptions {
  readonly brokerName: string;
  readonly brokerId: number;
  readonly namesrvs: readonly string[];
  readonly topics?: readonly TopicConfig[];
  readonly clusterName?: string;
  readonly periodUs?: Micros;
  readonly initialDelayUs?: Micros;
}

export const topicConfig = (topic: string, queues = 4): TopicConfig => ({
  topic,
  readQueueNums: queues,
  writeQueueNums: queues,
  perm: PERM_RW,
  order: false,
});

export class StubBroker implements ClusterNode {
  brokerId: number;
  masterAddr: NodeId | null = null;
  registrations = 0;
  private context: ClusterContext | undefined;

  constructor(readonly options: StubBrokerOptions) {
    this.brokerId = options.brokerId;
  }

  get ctx(): ClusterContext {
    assert(this.context !== undefined, 'stub broker not started');
    return this.context;
  }

  onStart(ctx: ClusterContext): void {
    this.context = ctx;
    this.registerAll(ctx);
    ctx.setTimer('register', this.options.initialDelayUs ?? sec(10));
  }

  onTimer(ctx: ClusterContext, name: string): void {
    if (name !== 'register') return;
    this.registerAll(ctx);
    ctx.setTimer('register', this.options.periodUs ?? sec(30));
  }

  /** A role change: new id, registered at once (oneway, as changeToMaster/changeToSlave do). */
  changeId(id: number): void {
    this.brokerId = id;
    for (const ns of this.options.namesrvs) this.ctx.send(nodeId(ns), this.request(this.ctx));
  }

  onMessage(): void {}

  onReply(_ctx: ClusterContext, _to: NodeId, _req: WireMessage, outcome: RpcOutcome<WireMessage>): void {
    if (outcome.ok && outcome.response.type === 'REGISTER_BROKER_RESPONSE')
      this.masterAddr = outcome.response.masterAddr;
  }

  onChannelClosed(): void {}
  onDiskDone(): void {}

  private registerAll(ctx: ClusterContext): void {
    this.registrations++;
    for (const ns of this.options.namesrvs) ctx.rpc(nodeId(ns), this.request(ctx), sec(6));
  }

  private request(ctx: ClusterContext): WireMessage {
    return {
      type: 'REGISTER_BROKER',
      clusterName: this.options.clusterName ?? 'DefaultCluster',
      brokerAddr: ctx.id,
      brokerName: this.options.brokerName,
      brokerId: this.brokerId,
      haServerAddr: ctx.id,
      dataVersion: { timestamp: 1, counter: 1 },
      topics: this.options.topics ?? [topicConfig('TopicTest')],
    };
  }
}
