// The broker's view of its clients (§3.8): producer and consumer groups
// registered by client heartbeats (every 30 s), each tied to the client's
// channel. A channel silent for 120 s is dropped by a 10 s scan; a closed
// channel is dropped at once. Any change of a consumer group's membership is
// reported so the broker can send NOTIFY_CONSUMER_IDS_CHANGED to every member.
// Models [R4 CM] ConsumerManager, [R4 PM] ProducerManager, [R4 CHS]
// ClientHousekeepingService and [R4 DCICL] DefaultConsumerIdsChangeListener.
import type { Micros, NodeId } from '../engine/index.js';
import type { ConsumerData } from '../protocol/index.js';

interface ClientChannel {
  readonly clientId: string;
  readonly channel: NodeId;
  lastUpdateUs: Micros;
}

interface ConsumerGroupInfo {
  /**
   * Members by channel, as [R4 ConsumerGroupInfo].channelInfoTable: two instances that share a client id stay
   * two entries, and the id list has it twice (apache/rocketmq#1589).
   */
  readonly clients: Map<NodeId, ClientChannel>;
  subscription: ConsumerData;
}

export class ClientRegistry {
  private readonly consumers = new Map<string, ConsumerGroupInfo>();
  private readonly producers = new Map<string, Map<string, ClientChannel>>();

  /**
   * Registers a heartbeat's groups. Returns the consumer groups whose
   * membership changed (a new client joined), sorted.
   */
  heartbeat(
    nowUs: Micros,
    channel: NodeId,
    clientId: string,
    producerGroups: readonly string[],
    consumers: readonly ConsumerData[],
  ): string[] {
    const changed: string[] = [];
    for (const data of consumers) {
      let info = this.consumers.get(data.group);
      if (info === undefined) {
        info = { clients: new Map(), subscription: data };
        this.consumers.set(data.group, info);
      }
      info.subscription = data;
      const c = info.clients.get(channel);
      if (c === undefined || c.clientId !== clientId) {
        info.clients.set(channel, { clientId, channel, lastUpdateUs: nowUs });
        changed.push(data.group);
      } else {
        c.lastUpdateUs = nowUs;
      }
    }
    for (const group of producerGroups) {
      let clients = this.producers.get(group);
      if (clients === undefined) {
        clients = new Map();
        this.producers.set(group, clients);
      }
      const p = clients.get(clientId);
      if (p === undefined) clients.set(clientId, { clientId, channel, lastUpdateUs: nowUs });
      else p.lastUpdateUs = nowUs;
    }
    return changed.sort();
  }

  /** UNREGISTER_CLIENT from `channel`; returns the consumer groups that changed. */
  unregister(channel: NodeId, clientId: string, producerGroup: string | null, consumerGroup: string | null): string[] {
    if (producerGroup !== null) this.producers.get(producerGroup)?.delete(clientId);
    if (consumerGroup === null) return [];
    const info = this.consumers.get(consumerGroup);
    return info !== undefined && info.clients.get(channel)?.clientId === clientId && info.clients.delete(channel)
      ? [consumerGroup]
      : [];
  }

  /** The channel to `peer` closed: every client on it leaves at once. */
  channelClosed(peer: NodeId): string[] {
    return this.removeWhere((c) => c.channel === peer);
  }

  /** No client registered: a housekeeping scan would find nothing to drop. */
  get empty(): boolean {
    for (const info of this.consumers.values()) if (info.clients.size > 0) return false;
    for (const clients of this.producers.values()) if (clients.size > 0) return false;
    return true;
  }

  /** The 10 s housekeeping scan: drops channels silent for longer than `expiryUs`. */
  scanExpired(nowUs: Micros, expiryUs: Micros): string[] {
    return this.removeWhere((c) => nowUs - c.lastUpdateUs > expiryUs);
  }

  /** Client ids of a consumer group, sorted (GET_CONSUMER_LIST_BY_GROUP). */
  consumerIds(group: string): string[] {
    const info = this.consumers.get(group);
    return info === undefined ? [] : [...info.clients.values()].map((c) => c.clientId).sort();
  }

  /** Channels of a consumer group's members, in client id order. */
  consumerChannels(group: string): NodeId[] {
    const info = this.consumers.get(group);
    if (info === undefined) return [];
    const byId = (a: ClientChannel, b: ClientChannel): number =>
      a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : a.channel < b.channel ? -1 : 1;
    return [...info.clients.values()].sort(byId).map((c) => c.channel);
  }

  subscription(group: string): ConsumerData | undefined {
    return this.consumers.get(group)?.subscription;
  }

  producerCount(group: string): number {
    return this.producers.get(group)?.size ?? 0;
  }

  private removeWhere(pred: (c: ClientChannel) => boolean): string[] {
    const changed: string[] = [];
    for (const [group, info] of this.consumers) {
      let removed = false;
      for (const [id, c] of [...info.clients]) {
        if (pred(c)) {
          info.clients.delete(id);
          removed = true;
        }
      }
      if (removed) changed.push(group);
    }
    for (const clients of this.producers.values()) {
      for (const [id, c] of [...clients]) if (pred(c)) clients.delete(id);
    }
    return changed.sort();
  }
}
