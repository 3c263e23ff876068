// The client's cached routes and broker address table [R4 MCI
// updateTopicRouteInfoFromNameServer, topicRouteDataIsChange, cleanOfflineBroker].
// Routes never expire: a failed query or TOPIC_NOT_EXIST leaves the cache as it
// is. A new route replaces the cached one only when its sorted form differs;
// on a change the group address table is overwritten for every BrokerData of
// the route, and publish/subscribe info are rebuilt.
import type { BrokerAddr, MessageQueue, TopicRouteData } from '../protocol/index.js';
import { MASTER_ID } from '../protocol/index.js';
import { toPublishInfo, toSubscribeInfo, type BrokerAddrs, type TopicPublishInfo } from './publish-info.js';

export type RouteUpdate =
  | { readonly changed: false }
  | { readonly changed: true; readonly publish: TopicPublishInfo; readonly subscribe: readonly MessageQueue[] };

/** Canonical text of a route, independent of the order the NameServer listed things in. */
export function canonicalRoute(route: TopicRouteData): string {
  const qds = route.queueDatas
    .map((q) => `${q.brokerName}:${q.readQueueNums}/${q.writeQueueNums}/${q.perm}/${q.order ? 1 : 0}`)
    .sort();
  const bds = route.brokerDatas
    .map(
      (b) =>
        `${b.brokerName}=${[...b.brokerAddrs]
          .sort((x, y) => x.brokerId - y.brokerId)
          .map((a) => `${a.brokerId}@${a.addr}`)
          .join(',')}`,
    )
    .sort();
  return `${qds.join(';')}|${bds.join(';')}`;
}

/** The address of broker id `id` in a group's list (a loop, not find's callback: every send and pull asks). */
function withId(list: BrokerAddrs, id: number): BrokerAddrs[number] | undefined {
  for (let i = 0; i < list.length; i++) if ((list[i] as BrokerAddrs[number]).brokerId === id) return list[i];
  return undefined;
}

export class RouteCache {
  private readonly routes = new Map<string, { readonly route: TopicRouteData; readonly text: string }>();
  private readonly publish = new Map<string, TopicPublishInfo>();
  private readonly subscribe = new Map<string, readonly MessageQueue[]>();
  /** brokerName -> addresses by id (MQClientInstance.brokerAddrTable). */
  private readonly addrs = new Map<string, BrokerAddrs>();

  /** Applies a successful route answer; keeps the cache when nothing changed. */
  update(topic: string, route: TopicRouteData): RouteUpdate {
    const text = canonicalRoute(route);
    if (this.routes.get(topic)?.text === text) return { changed: false };
    this.routes.set(topic, { route, text });
    for (const bd of route.brokerDatas)
      this.addrs.set(
        bd.brokerName,
        [...bd.brokerAddrs].sort((a, b) => a.brokerId - b.brokerId),
      );
    const publish = toPublishInfo(topic, route);
    const subscribe = toSubscribeInfo(topic, route);
    this.publish.set(topic, publish);
    this.subscribe.set(topic, subscribe);
    return { changed: true, publish, subscribe };
  }

  route(topic: string): TopicRouteData | undefined {
    return this.routes.get(topic)?.route;
  }

  publishInfo(topic: string): TopicPublishInfo | undefined {
    return this.publish.get(topic);
  }

  /**
   * Replaces one queue of a topic's publish list, for the bug switch client.fault-pick-rewrites-route
   * (the shared MessageQueue mutated in place before apache/rocketmq#7812). The list stays so until
   * the route changes, as the Java TopicPublishInfo did.
   */
  rewritePublishQueue(topic: string, index: number, mq: MessageQueue): void {
    const info = this.publish.get(topic);
    if (info === undefined || index < 0 || index >= info.queues.length) return;
    this.publish.set(topic, { ...info, queues: info.queues.map((q, i) => (i === index ? mq : q)) });
  }

  /** The route's writeQueueNums of a broker for a topic (0 when unknown). */
  writeQueueNums(topic: string, brokerName: string): number {
    return this.routes.get(topic)?.route.queueDatas.find((q) => q.brokerName === brokerName)?.writeQueueNums ?? 0;
  }

  subscribeInfo(topic: string): readonly MessageQueue[] | undefined {
    return this.subscribe.get(topic);
  }

  /** findBrokerAddressInPublish: the master's address, or undefined. */
  masterAddr(brokerName: string): BrokerAddr | undefined {
    const list = this.addrs.get(brokerName);
    return list === undefined ? undefined : withId(list, MASTER_ID)?.addr;
  }

  /**
   * findBrokerAddressInSubscribe [R4 MCI]: the address of `brokerId`; if absent and
   * not the master, try id+1; otherwise any address of the group (the first one).
   */
  subscribeAddr(
    brokerName: string,
    brokerId: number,
  ): { readonly addr: BrokerAddr; readonly brokerId: number } | undefined {
    const list = this.addrs.get(brokerName);
    if (list === undefined || list.length === 0) return undefined;
    const exact = withId(list, brokerId);
    if (exact !== undefined) return exact;
    if (brokerId !== MASTER_ID) {
      const next = withId(list, brokerId + 1);
      if (next !== undefined) return next;
    }
    return list[0];
  }

  brokerAddrs(brokerName: string): BrokerAddrs {
    return this.addrs.get(brokerName) ?? [];
  }

  /** Every known (brokerName, addresses), sorted by name (heartbeat targets). */
  allBrokers(): { readonly brokerName: string; readonly addrs: BrokerAddrs }[] {
    return [...this.addrs.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([brokerName, addrs]) => ({ brokerName, addrs }));
  }

  /** cleanOfflineBroker: forget groups that appear in no cached route. */
  cleanOffline(): string[] {
    const used = new Set<string>();
    for (const { route } of this.routes.values()) for (const bd of route.brokerDatas) used.add(bd.brokerName);
    const gone: string[] = [];
    for (const name of [...this.addrs.keys()].sort()) {
      if (!used.has(name)) {
        this.addrs.delete(name);
        gone.push(name);
      }
    }
    return gone;
  }
}
