// The part of MQClientInstance that producers and consumers share [R4 MCI]
// [R4 NRC getAndCreateNameserverChannel] [R4 MCAPI]: one sticky NameServer
// chosen from a random start and walked on failure, route polling every 30 s
// for every used topic (routes never expire), the broker address table, and
// heartbeats to brokers every 30 s. Owned by a node by composition; the node
// forwards replies, timers and channel closes it does not handle itself.
import type { Micros, NodeId, RpcOutcome } from '../engine/index.js';
import type {
  ClientHeartbeat,
  ClusterContext,
  ClusterTimer,
  GetRouteInfoByTopic,
  WireMessage,
} from '../protocol/index.js';
import { MASTER_ID } from '../protocol/index.js';
import type { ClientConfig } from './config.js';
import { writableGroups } from './publish-info.js';
import { RouteCache, type RouteUpdate } from './route-cache.js';

const TIMER_ROUTE_POLL = 'route-poll';
const TIMER_HEARTBEAT = 'heartbeat';

export interface ClientInstanceOwner {
  /** A route query finished (changed or not, ok or not); parked work may proceed. */
  onRouteQueryDone(ctx: ClusterContext, topic: string, update: RouteUpdate | undefined): void;
  /** What to tell brokers in heartbeats. */
  heartbeat(): Omit<ClientHeartbeat, 'type' | 'clientId'>;
}

export interface ClientInstanceOptions {
  readonly clientId: string;
  readonly namesrvs: readonly NodeId[];
  readonly config: ClientConfig;
  /** Producers heartbeat masters only; consumers every address [R4 MCI sendHeartbeatToAllBroker]. */
  readonly heartbeatSlaves: boolean;
}

interface RouteQuery {
  readonly startUs: Micros;
  tries: number;
}

export class ClientInstance {
  readonly routes = new RouteCache();
  private readonly topics: string[] = [];
  private readonly queries = new Map<string, RouteQuery>();
  private nsIndex = 0;

  constructor(
    private readonly opts: ClientInstanceOptions,
    private readonly owner: ClientInstanceOwner,
  ) {}

  get clientId(): string {
    return this.opts.clientId;
  }

  /** The NameServer currently chosen. */
  get namesrv(): NodeId | undefined {
    const list = this.opts.namesrvs;
    return list.length === 0 ? undefined : list[this.nsIndex % list.length];
  }

  start(ctx: ClusterContext): void {
    // NettyRemotingClient.namesrvIndex: random initial value in [0, 999).
    this.nsIndex = ctx.rng.int(0, 998);
    ctx.setTimer(TIMER_ROUTE_POLL, this.opts.config.pollNameServerInitialDelayUs);
    ctx.setTimer(TIMER_HEARTBEAT, this.opts.config.heartbeatInitialDelayUs);
  }

  /** Registers a topic for periodic route refresh. */
  useTopic(topic: string): void {
    if (!this.topics.includes(topic)) this.topics.push(topic);
  }

  /** Queries the route of `topic` now unless a query is already in flight. */
  updateRoute(ctx: ClusterContext, topic: string): void {
    this.useTopic(topic);
    if (this.queries.has(topic)) return;
    this.queries.set(topic, { startUs: ctx.now(), tries: 0 });
    this.sendQuery(ctx, topic, this.opts.config.rpcTimeoutUs);
  }

  isQuerying(topic: string): boolean {
    return this.queries.has(topic);
  }

  handleTimer(ctx: ClusterContext, name: ClusterTimer): boolean {
    if (name === TIMER_ROUTE_POLL) {
      for (const topic of this.topics) this.updateRoute(ctx, topic);
      ctx.setTimer(TIMER_ROUTE_POLL, this.opts.config.pollNameServerIntervalUs);
      return true;
    }
    if (name === TIMER_HEARTBEAT) {
      this.routes.cleanOffline();
      this.heartbeatNow(ctx);
      ctx.setTimer(TIMER_HEARTBEAT, this.opts.config.heartbeatBrokerIntervalUs);
      return true;
    }
    return false;
  }

  /** sendHeartbeatToAllBroker: every master (and, for consumers, every slave) in the address table. */
  heartbeatNow(ctx: ClusterContext): void {
    const msg: ClientHeartbeat = { type: 'HEART_BEAT', clientId: this.opts.clientId, ...this.owner.heartbeat() };
    for (const { addrs } of this.routes.allBrokers()) {
      for (const a of addrs) {
        if (a.brokerId !== MASTER_ID && !this.opts.heartbeatSlaves) continue;
        ctx.rpc(a.addr, msg, this.opts.config.rpcTimeoutUs);
      }
    }
  }

  /** Handles replies to route queries and heartbeats; false for anything else. */
  handleReply(ctx: ClusterContext, to: NodeId, request: WireMessage, outcome: RpcOutcome<WireMessage>): boolean {
    if (request.type === 'HEART_BEAT') return true;
    if (request.type !== 'GET_ROUTEINFO_BY_TOPIC') return false;
    this.onRouteReply(ctx, to, request, outcome);
    return true;
  }

  /** A closed channel to the chosen NameServer makes the next request walk on. */
  handleChannelClosed(ctx: ClusterContext, peer: NodeId): void {
    if (peer === this.namesrv) this.switchNamesrv(ctx, 'channel closed');
  }

  private sendQuery(ctx: ClusterContext, topic: string, timeoutUs: Micros): void {
    const ns = this.namesrv;
    const q = this.queries.get(topic);
    if (ns === undefined || q === undefined) {
      this.finishQuery(ctx, topic, undefined);
      return;
    }
    q.tries++;
    const req: GetRouteInfoByTopic = { type: 'GET_ROUTEINFO_BY_TOPIC', topic };
    ctx.rpc(ns, req, Math.max(1, timeoutUs));
  }

  private onRouteReply(
    ctx: ClusterContext,
    ns: NodeId,
    req: GetRouteInfoByTopic,
    outcome: RpcOutcome<WireMessage>,
  ): void {
    const topic = req.topic;
    const q = this.queries.get(topic);
    if (q === undefined) return;
    if (outcome.ok) {
      const resp = outcome.response;
      if (resp.type === 'ROUTEINFO_RESPONSE' && resp.code === 'SUCCESS' && resp.route !== null) {
        this.finishQuery(ctx, topic, this.applyRoute(ctx, topic, resp.route));
        return;
      }
      // TOPIC_NOT_EXIST (or anything else): the cached route stays [R4 MCI].
      const code = resp.type === 'ROUTEINFO_RESPONSE' ? resp.code : resp.type;
      ctx.emit({ kind: 'client.route-query-failed', client: ctx.id, topic, ns, reason: code });
      this.finishQuery(ctx, topic, undefined);
      return;
    }
    if (ns === this.namesrv) this.switchNamesrv(ctx, outcome.reason);
    // Refused/closed: the channel factory walks to the next address within the same call,
    // while time is left. A timeout used the whole budget (and closed the channel).
    const left = this.opts.config.rpcTimeoutUs - (ctx.now() - q.startUs);
    if (outcome.reason !== 'timeout' && left > 0 && q.tries < this.opts.namesrvs.length) {
      this.sendQuery(ctx, topic, left);
      return;
    }
    ctx.emit({ kind: 'client.route-query-failed', client: ctx.id, topic, ns, reason: outcome.reason });
    this.finishQuery(ctx, topic, undefined);
  }

  private applyRoute(ctx: ClusterContext, topic: string, route: Parameters<RouteCache['update']>[1]): RouteUpdate {
    const update = this.routes.update(topic, route);
    if (update.changed) {
      const readable = [...new Set(update.subscribe.map((mq) => mq.brokerName))];
      ctx.emit({
        kind: 'client.route-changed',
        client: ctx.id,
        topic,
        writableBrokers: writableGroups(update.publish),
        readableBrokers: readable,
      });
    }
    return update;
  }

  private finishQuery(ctx: ClusterContext, topic: string, update: RouteUpdate | undefined): void {
    this.queries.delete(topic);
    this.owner.onRouteQueryDone(ctx, topic, update);
  }

  private switchNamesrv(ctx: ClusterContext, reason: string): void {
    const from = this.namesrv;
    if (this.opts.namesrvs.length <= 1 || from === undefined) return;
    this.nsIndex++;
    const to = this.namesrv;
    if (to !== undefined) ctx.emit({ kind: 'client.namesrv-switched', client: ctx.id, from, to, reason });
  }
}
