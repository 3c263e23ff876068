// The NameServer process: answers brokers' registrations and clients' route
// queries from its RouteTable, expires silent brokers with a periodic scan,
// and cleans up a broker at once when its channel closes (process death) or
// idles out. State lives only in memory: a restarted NameServer starts empty.
// Mirrors [R4 DRP] DefaultRequestProcessor, [R4 NSC] NamesrvController
// (scan timer) and [R4 BHS] BrokerHousekeepingService (docs/model.md §2).
import type { DiskCompletion, NodeId, RpcOutcome } from '../engine/index.js';
import type {
  ChangeWritePerm,
  ClusterContext,
  ClusterNode,
  ClusterTimer,
  NamesrvRemovalReason,
  NamesrvTimer,
  RegisterBroker,
  UnregisterBroker,
  WireMessage,
} from '../protocol/index.js';
import type { NamesrvConfig } from './config.js';
import { RouteTable, type BrokerEntry, type RemovalOutcome } from './route-table.js';

const TIMER_SCAN = 'ns:scan';
const IDLE_PREFIX = 'ns:idle:';
export class NamesrvNode implements ClusterNode {
  /** The route registry; read-only use by checkers and tests. */
  readonly routes = new RouteTable();
  /** Idle timer names by broker address, built once: every registration re-arms one (a new string hashed per lookup otherwise). */
  private readonly idleTimers = new Map<string, NamesrvTimer>();

  constructor(readonly config: NamesrvConfig) {}

  /** Every <brokerName, brokerId, addr> this NameServer lists, sorted. */
  registeredBrokers(): BrokerEntry[] {
    return this.routes.entries();
  }

  onStart(ctx: ClusterContext): void {
    ctx.emit({ kind: 'ns.started', ns: ctx.id });
    ctx.setTimer(TIMER_SCAN, this.config.scanInitialDelayUs);
  }

  onMessage(ctx: ClusterContext, from: NodeId, msg: WireMessage, rpcId: number): void {
    const t = msg.type;
    if (t === 'REGISTER_BROKER') this.register(ctx, from, msg, rpcId);
    else if (t === 'UNREGISTER_BROKER') this.unregister(ctx, from, msg, rpcId);
    else if (t === 'GET_ROUTEINFO_BY_TOPIC') {
      const route = this.routes.pickupTopicRouteData(msg.topic);
      const code = route === null ? 'TOPIC_NOT_EXIST' : 'SUCCESS';
      if (rpcId > 0) ctx.reply(from, rpcId, { type: 'ROUTEINFO_RESPONSE', code, topic: msg.topic, route });
    } else if (t === 'WIPE_WRITE_PERM_OF_BROKER' || t === 'ADD_WRITE_PERM_OF_BROKER')
      this.changeWritePerm(ctx, from, msg, rpcId);
    // Anything else is not a NameServer request (RocketMQ answers REQUEST_CODE_NOT_SUPPORTED); nobody sends one.
  }

  onReply(_ctx: ClusterContext, _to: NodeId, _request: WireMessage, _outcome: RpcOutcome<WireMessage>): void {}

  onTimer(ctx: ClusterContext, name: ClusterTimer): void {
    if (name === TIMER_SCAN) {
      for (const out of this.routes.scanNotActiveBroker(ctx.now(), this.config.brokerChannelExpiredUs)) {
        this.report(ctx, out, 'expired');
      }
      this.armScan(ctx);
      return;
    }
    if (name.startsWith(IDLE_PREFIX)) {
      const addr = name.slice(IDLE_PREFIX.length) as NodeId;
      // Netty closes the idle channel and BrokerHousekeepingService.onChannelIdle cleans up.
      if (this.routes.liveInfo(addr) !== undefined)
        this.report(ctx, this.routes.onChannelDestroy(addr, ctx.now()), 'channel-idle');
    }
  }

  /**
   * The next scan that can find anything (issue 9: quiet when idle). The scan runs every scanIntervalUs and
   * drops an address at the first tick with lastUpdate + expiry < now, so the ticks before the oldest
   * address could expire find nothing and are skipped: the timer sleeps whole intervals, staying on the
   * scan's grid. A registration never brings that tick nearer (it refreshes an address, or adds one that
   * expires after every other); with no live address the wait is one expiry, which no later registration
   * can beat. A removal only leaves a tick with nothing to do.
   */
  private armScan(ctx: ClusterContext): void {
    const expiry = this.config.brokerChannelExpiredUs;
    const earliest = this.routes.earliestUpdateUs();
    const waitUs = earliest === undefined ? expiry + 1 : earliest + expiry + 1 - ctx.now();
    ctx.setTimer(TIMER_SCAN, Math.max(1, Math.ceil(waitUs / this.config.scanIntervalUs)) * this.config.scanIntervalUs);
  }

  /** A forward jump of the wall clock brings expiries nearer: scan again at the next tick of the grid. */
  onClockJump(ctx: ClusterContext): void {
    const dueIn = ctx.timerDelay(TIMER_SCAN);
    if (dueIn > 0) ctx.setTimer(TIMER_SCAN, dueIn % this.config.scanIntervalUs);
  }

  onChannelClosed(ctx: ClusterContext, peer: NodeId): void {
    ctx.cancelTimer(this.idleTimer(peer));
    if (this.config.bugs.ignoreChannelClose) return; // bug switch namesrv.ignore-channel-close
    this.report(ctx, this.routes.onChannelDestroy(peer, ctx.now()), 'channel-closed');
  }

  onDiskDone(_ctx: ClusterContext, _done: DiskCompletion): void {}

  private register(ctx: ClusterContext, from: NodeId, msg: RegisterBroker, rpcId: number): void {
    // Named fields, not a spread of the request: V8's object spread costs microseconds per heartbeat.
    const r = this.routes.registerBroker({
      clusterName: msg.clusterName,
      brokerAddr: msg.brokerAddr,
      brokerName: msg.brokerName,
      brokerId: msg.brokerId,
      haServerAddr: msg.haServerAddr,
      dataVersion: msg.dataVersion,
      topics: msg.topics,
      nowUs: ctx.now(),
    });
    if (this.config.serverChannelMaxIdleUs > 0)
      ctx.setTimer(this.idleTimer(msg.brokerAddr), this.config.serverChannelMaxIdleUs);
    ctx.emit({
      kind: 'ns.broker-registered',
      ns: ctx.id,
      brokerName: msg.brokerName,
      brokerId: msg.brokerId,
      addr: msg.brokerAddr,
      first: r.newLiveEntry,
      movedFromIds: r.movedFromIds,
      overwrote: r.overwrittenAddr ?? '',
      topicsUpdated: r.topicsUpdated,
    });
    if (rpcId > 0) {
      ctx.reply(from, rpcId, {
        type: 'REGISTER_BROKER_RESPONSE',
        code: 'SUCCESS',
        masterAddr: r.masterAddr,
        haServerAddr: r.haServerAddr,
      });
    }
  }

  private unregister(ctx: ClusterContext, from: NodeId, msg: UnregisterBroker, rpcId: number): void {
    ctx.cancelTimer(this.idleTimer(msg.brokerAddr));
    this.report(ctx, this.routes.unregisterBroker({ ...msg, nowUs: ctx.now() }), 'unregistered');
    if (rpcId > 0) ctx.reply(from, rpcId, { type: 'GENERIC_RESPONSE', code: 'SUCCESS', remark: '' });
  }

  private changeWritePerm(ctx: ClusterContext, from: NodeId, msg: ChangeWritePerm, rpcId: number): void {
    const op = msg.type === 'WIPE_WRITE_PERM_OF_BROKER' ? 'wipe' : 'add';
    const topics = this.routes.changeWritePerm(msg.brokerName, op);
    ctx.emit({ kind: 'ns.write-perm', ns: ctx.id, brokerName: msg.brokerName, op, topics });
    // The real response carries the count in its header (wipeTopicCount / addTopicCount).
    if (rpcId > 0) ctx.reply(from, rpcId, { type: 'GENERIC_RESPONSE', code: 'SUCCESS', remark: String(topics) });
  }

  /** The idle timer of the channel from broker `addr`. */
  private idleTimer(addr: string): NamesrvTimer {
    let name = this.idleTimers.get(addr);
    if (name === undefined) {
      name = `${IDLE_PREFIX}${addr}`;
      this.idleTimers.set(addr, name);
    }
    return name;
  }

  private report(ctx: ClusterContext, out: RemovalOutcome, reason: NamesrvRemovalReason): void {
    for (const r of out.removed) {
      ctx.emit({
        kind: 'ns.broker-removed',
        ns: ctx.id,
        brokerName: r.brokerName,
        brokerId: r.brokerId,
        addr: r.addr,
        reason,
        silentUs: r.silentUs,
      });
    }
    for (const g of out.groupsRemoved) {
      ctx.emit({ kind: 'ns.group-removed', ns: ctx.id, brokerName: g, topicsDeleted: out.topicsDeleted });
    }
  }
}
