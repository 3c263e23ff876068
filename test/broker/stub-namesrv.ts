// A minimal NameServer for broker tests (until and besides sim/namesrv):
// the parts of RouteInfoManager a broker depends on (§2.2-§2.4): register
// with "same address, other id" removal and last-writer-wins ids, the
// master address in a slave's result, the 10 s scan with 120 s expiry, and
// channel-close cleanup. Records every removal with its time and reason.
import type { DiskCompletion, Micros, NodeId } from '../../sim/engine/index.js';
import type { ClusterContext, ClusterNode, RegisterBroker, WireMessage } from '../../sim/protocol/index.js';

interface Live {
  readonly brokerName: string;
  brokerId: number;
  lastUpdateUs: Micros;
}

export interface Removal {
  readonly addr: string;
  readonly brokerName: string;
  readonly brokerId: number;
  readonly atUs: Micros;
  readonly reason: 'expired' | 'channel-closed';
}

export class StubNamesrv implements ClusterNode {
  /** brokerName -> brokerId -> addr. */
  readonly brokerAddrs = new Map<string, Map<number, NodeId>>();
  readonly live = new Map<NodeId, Live>();
  readonly removals: Removal[] = [];
  readonly registrations: { readonly addr: NodeId; readonly brokerId: number; readonly atUs: Micros }[] = [];

  onStart(ctx: ClusterContext): void {
    ctx.setTimer('scan', 5_000_000);
  }

  /** Current address of (group, id), or undefined. */
  addr(brokerName: string, brokerId: number): NodeId | undefined {
    return this.brokerAddrs.get(brokerName)?.get(brokerId);
  }

  onMessage(ctx: ClusterContext, from: NodeId, msg: WireMessage, rpcId: number): void {
    if (msg.type !== 'REGISTER_BROKER') return;
    this.register(ctx.now(), msg);
    if (rpcId <= 0) return;
    const master = msg.brokerId !== 0 ? this.addr(msg.brokerName, 0) : undefined;
    const masterLive = master !== undefined && this.live.has(master) ? master : null;
    ctx.reply(from, rpcId, { type: 'REGISTER_BROKER_RESPONSE', code: 'SUCCESS', masterAddr: masterLive, haServerAddr: masterLive });
  }

  private register(now: Micros, msg: RegisterBroker): void {
    let addrs = this.brokerAddrs.get(msg.brokerName);
    if (addrs === undefined) {
      addrs = new Map();
      this.brokerAddrs.set(msg.brokerName, addrs);
    }
    for (const [id, a] of [...addrs]) if (a === msg.brokerAddr && id !== msg.brokerId) addrs.delete(id);
    addrs.set(msg.brokerId, msg.brokerAddr);
    this.live.set(msg.brokerAddr, { brokerName: msg.brokerName, brokerId: msg.brokerId, lastUpdateUs: now });
    this.registrations.push({ addr: msg.brokerAddr, brokerId: msg.brokerId, atUs: now });
  }

  onReply(): void {}

  onTimer(ctx: ClusterContext): void {
    const now = ctx.now();
    for (const [addr, l] of [...this.live]) if (l.lastUpdateUs + 120_000_000 < now) this.remove(addr, now, 'expired');
    ctx.setTimer('scan', 10_000_000);
  }

  onChannelClosed(ctx: ClusterContext, peer: NodeId): void {
    if (this.live.has(peer)) this.remove(peer, ctx.now(), 'channel-closed');
  }

  onDiskDone(_ctx: ClusterContext, _done: DiskCompletion): void {}

  private remove(addr: NodeId, now: Micros, reason: Removal['reason']): void {
    const l = this.live.get(addr);
    if (l === undefined) return;
    this.live.delete(addr);
    const addrs = this.brokerAddrs.get(l.brokerName);
    if (addrs !== undefined) for (const [id, a] of [...addrs]) if (a === addr) addrs.delete(id);
    this.removals.push({ addr, brokerName: l.brokerName, brokerId: l.brokerId, atUs: now, reason });
  }
}
