// Tiny stand-ins for the NameServer and the broker, enough to drive the client
// nodes end to end before (and independently of) the real ones: a route
// registry the test edits at fault time, and a broker whose queues live in a
// store object shared by the group (so master and slave serve the same data
// and the data survives a crash). No flush, no HA, no delay levels.
import type { DiskCompletion, NodeContext, NodeId, SimNode } from '../../sim/engine/index.js';
import { nodeId } from '../../sim/engine/index.js';
import type {
  ClusterEvent,
  MessageExt,
  MessageQueue,
  PullMessage,
  SendMessage,
  TopicRouteData,
  WireMessage,
} from '../../sim/protocol/index.js';
import { dlqTopic, isRetryTopic, mqKey, PERM_RW, retryTopic } from '../../sim/protocol/index.js';

// The stubs arm their own timer names (hold:n, reply:n), not the real nodes' ClusterTimer.
type StubContext = NodeContext<WireMessage, ClusterEvent>;
type StubNode = SimNode<WireMessage, ClusterEvent>;

export class StubRegistry {
  readonly groups = new Map<string, { brokerId: number; addr: NodeId }[]>();
  readonly topics = new Map<string, { queues: number; order: boolean }>();

  addGroup(brokerName: string, addrs: readonly string[]): void {
    this.groups.set(
      brokerName,
      addrs.map((a, i) => ({ brokerId: i, addr: nodeId(a) })),
    );
  }

  /** What a NameServer does when a broker's channel closes: forget its address (and the group if empty). */
  removeAddr(addr: string): void {
    for (const [name, list] of this.groups) {
      const left = list.filter((a) => a.addr !== addr);
      if (left.length === 0) this.groups.delete(name);
      else this.groups.set(name, left);
    }
  }

  routeOf(topic: string): TopicRouteData | null {
    const names = [...this.groups.keys()].sort();
    const t = this.topics.get(topic) ?? (isRetryTopic(topic) ? { queues: 1, order: false } : undefined);
    if (t === undefined || names.length === 0) return null;
    return {
      queueDatas: names.map((brokerName) => ({
        brokerName,
        readQueueNums: t.queues,
        writeQueueNums: t.queues,
        perm: PERM_RW,
        order: t.order,
      })),
      brokerDatas: names.map((brokerName) => ({
        cluster: 'c',
        brokerName,
        brokerAddrs: this.groups.get(brokerName) ?? [],
      })),
    };
  }
}

abstract class Passive implements StubNode {
  onStart(_ctx: StubContext): void {}
  abstract onMessage(ctx: StubContext, from: NodeId, msg: WireMessage, rpcId: number): void;
  onReply(): void {}
  onTimer(_ctx: StubContext, _name: string): void {}
  onChannelClosed(_ctx: StubContext, _peer: NodeId): void {}
  onDiskDone(_ctx: StubContext, _done: DiskCompletion): void {}
}

export class StubNamesrv extends Passive {
  constructor(private readonly registry: StubRegistry) {
    super();
  }

  onMessage(ctx: StubContext, from: NodeId, msg: WireMessage, rpcId: number): void {
    if (msg.type !== 'GET_ROUTEINFO_BY_TOPIC') return;
    const route = this.registry.routeOf(msg.topic);
    ctx.reply(from, rpcId, {
      type: 'ROUTEINFO_RESPONSE',
      code: route === null ? 'TOPIC_NOT_EXIST' : 'SUCCESS',
      topic: msg.topic,
      route,
    });
  }
}

/** The data of one broker group: queues of messages and consumer offsets. */
export class StubStore {
  readonly queues = new Map<string, MessageExt[]>();
  readonly offsets = new Map<string, number>();
  commitLogOffset = 0;
  /** The brokers answer QUERY_CONSUMER_OFFSET this long after it arrives (0: at once). */
  offsetReplyDelayUs = 0;

  queue(topic: string, queueId: number): MessageExt[] {
    const key = `${topic}#${queueId}`;
    let q = this.queues.get(key);
    if (q === undefined) {
      q = [];
      this.queues.set(key, q);
    }
    return q;
  }
}

interface Hold {
  readonly from: NodeId;
  readonly rpcId: number;
  readonly req: PullMessage;
}

export class StubBroker extends Passive {
  private readonly clients = new Map<string, Map<string, NodeId>>();
  private readonly locks = new Map<string, { clientId: string; untilUs: number }>();
  private holds = new Map<number, Hold>();
  private holdSeq = 0;
  private readonly delayedReplies = new Map<number, () => void>();

  constructor(
    private readonly brokerName: string,
    private readonly brokerId: number,
    private readonly store: StubStore,
  ) {
    super();
  }

  /** A master stores the message and answers SUCCESS; a slave answers SERVICE_NOT_AVAILABLE. */
  private onSend(
    ctx: StubContext,
    from: NodeId,
    msg: Extract<WireMessage, { type: 'SEND_MESSAGE' }>,
    rpcId: number,
  ): void {
    if (this.brokerId !== 0)
      ctx.reply(from, rpcId, {
        type: 'SEND_MESSAGE_RESPONSE',
        code: 'SERVICE_NOT_AVAILABLE',
        uid: msg.uid,
        queueId: msg.queueId,
        queueOffset: -1,
        remark: 'slave',
      });
    else {
      const off = this.put(ctx, msg, msg.topic, msg.queueId);
      if (rpcId > 0)
        ctx.reply(from, rpcId, {
          type: 'SEND_MESSAGE_RESPONSE',
          code: 'SUCCESS',
          uid: msg.uid,
          queueId: msg.queueId,
          queueOffset: off,
          remark: '',
        });
    }
  }

  onMessage(ctx: StubContext, from: NodeId, msg: WireMessage, rpcId: number): void {
    if (msg.type === 'SEND_MESSAGE') {
      this.onSend(ctx, from, msg, rpcId);
      return;
    }
    if (msg.type === 'PULL_MESSAGE') {
      if (msg.commitOffset >= 0 && this.brokerId === 0)
        this.store.offsets.set(`${msg.consumerGroup}|${msg.topic}#${msg.queueId}`, msg.commitOffset);
      if (!this.tryPull(ctx, { from, rpcId, req: msg }, false)) {
        const n = this.holdSeq++;
        this.holds.set(n, { from, rpcId, req: msg });
        ctx.setTimer(`hold:${n}`, msg.suspendTimeoutUs);
      }
      return;
    }
    if (msg.type === 'QUERY_CONSUMER_OFFSET') {
      const answer = (): void => {
        const off = this.store.offsets.get(`${msg.consumerGroup}|${msg.topic}#${msg.queueId}`);
        ctx.reply(from, rpcId, {
          type: 'QUERY_CONSUMER_OFFSET_RESPONSE',
          code: off === undefined ? 'QUERY_NOT_FOUND' : 'SUCCESS',
          offset: off ?? -1,
        });
      };
      if (this.store.offsetReplyDelayUs === 0) answer();
      else {
        const n = this.holdSeq++;
        this.delayedReplies.set(n, answer);
        ctx.setTimer(`reply:${n}`, this.store.offsetReplyDelayUs);
      }
      return;
    }
    if (msg.type === 'UPDATE_CONSUMER_OFFSET') {
      this.store.offsets.set(`${msg.consumerGroup}|${msg.topic}#${msg.queueId}`, msg.commitOffset);
      return;
    }
    if (msg.type === 'GET_MAX_OFFSET') {
      ctx.reply(from, rpcId, {
        type: 'GET_MAX_OFFSET_RESPONSE',
        code: 'SUCCESS',
        offset: this.store.queue(msg.topic, msg.queueId).length,
      });
      return;
    }
    if (msg.type === 'HEART_BEAT') {
      for (const c of msg.consumers) this.join(ctx, c.group, msg.clientId, from);
      ctx.reply(from, rpcId, { type: 'BROKER_ACK', code: 'SUCCESS', remark: '' });
      return;
    }
    if (msg.type === 'GET_CONSUMER_LIST_BY_GROUP') {
      ctx.reply(from, rpcId, {
        type: 'CONSUMER_LIST_RESPONSE',
        code: 'SUCCESS',
        consumerIdList: [...(this.clients.get(msg.consumerGroup)?.keys() ?? [])].sort(),
      });
      return;
    }
    if (msg.type === 'CONSUMER_SEND_MSG_BACK') {
      const times = msg.msg.reconsumeTimes;
      const topic = times >= msg.maxReconsumeTimes ? dlqTopic(msg.group) : retryTopic(msg.group);
      this.put(ctx, { ...msg.msg, reconsumeTimes: times + 1 }, topic, 0);
      ctx.reply(from, rpcId, { type: 'BROKER_ACK', code: 'SUCCESS', remark: '' });
      return;
    }
    if (msg.type === 'LOCK_BATCH_MQ') {
      const ok: MessageQueue[] = [];
      for (const mq of msg.mqs) {
        const l = this.locks.get(`${msg.consumerGroup}|${mqKey(mq)}`);
        if (l === undefined || l.clientId === msg.clientId || l.untilUs < ctx.now()) {
          this.locks.set(`${msg.consumerGroup}|${mqKey(mq)}`, {
            clientId: msg.clientId,
            untilUs: ctx.now() + 60_000_000,
          });
          ok.push(mq);
        }
      }
      ctx.reply(from, rpcId, { type: 'LOCK_BATCH_MQ_RESPONSE', code: 'SUCCESS', lockOkMqs: ok });
      return;
    }
    if (msg.type === 'UNLOCK_BATCH_MQ') {
      for (const mq of msg.mqs) {
        const key = `${msg.consumerGroup}|${mqKey(mq)}`;
        if (this.locks.get(key)?.clientId === msg.clientId) this.locks.delete(key);
      }
    }
  }

  override onTimer(ctx: StubContext, name: string): void {
    if (name.startsWith('reply:')) {
      const n = Number(name.slice('reply:'.length));
      this.delayedReplies.get(n)?.();
      this.delayedReplies.delete(n);
      return;
    }
    const n = Number(name.slice('hold:'.length));
    const h = this.holds.get(n);
    if (h === undefined) return;
    this.holds.delete(n);
    this.tryPull(ctx, h, true);
  }

  override onChannelClosed(ctx: StubContext, peer: NodeId): void {
    for (const [group, members] of this.clients) {
      for (const [cid, node] of [...members]) if (node === peer) members.delete(cid);
      this.notify(ctx, group);
    }
  }

  private join(ctx: StubContext, group: string, clientId: string, from: NodeId): void {
    const members = this.clients.get(group) ?? new Map<string, NodeId>();
    this.clients.set(group, members);
    if (members.has(clientId)) return;
    members.set(clientId, from);
    this.notify(ctx, group);
  }

  private notify(ctx: StubContext, group: string): void {
    for (const node of this.clients.get(group)?.values() ?? [])
      ctx.send(node, { type: 'NOTIFY_CONSUMER_IDS_CHANGED', consumerGroup: group });
  }

  private put(
    ctx: StubContext,
    msg: Omit<SendMessage, 'type' | 'producerGroup' | 'queueId' | 'delayLevel'>,
    topic: string,
    queueId: number,
  ): number {
    const q = this.store.queue(topic, queueId);
    const ext: MessageExt = {
      uid: msg.uid,
      topic,
      queueId,
      queueOffset: q.length,
      commitLogOffset: this.store.commitLogOffset++,
      bodyBytes: msg.bodyBytes,
      keys: msg.keys,
      bornTimestampUs: msg.bornTimestampUs,
      storeTimestampUs: ctx.now(),
      reconsumeTimes: msg.reconsumeTimes,
      originUid: msg.originUid,
      originTopic: msg.originTopic,
      brokerName: this.brokerName,
    };
    q.push(ext);
    for (const [n, h] of [...this.holds]) {
      if (h.req.topic === topic && h.req.queueId === queueId && this.tryPull(ctx, h, false)) this.holds.delete(n);
    }
    return ext.queueOffset;
  }

  private tryPull(ctx: StubContext, h: Hold, expired: boolean): boolean {
    const q = this.store.queue(h.req.topic, h.req.queueId);
    const off = h.req.queueOffset;
    const base = { type: 'PULL_MESSAGE_RESPONSE' as const, minOffset: 0, maxOffset: q.length, suggestWhichBrokerId: 0 };
    if (off > q.length) {
      ctx.reply(h.from, h.rpcId, { ...base, code: 'PULL_OFFSET_MOVED', nextBeginOffset: q.length, messages: [] });
      return true;
    }
    if (off === q.length) {
      if (!expired && h.req.suspendTimeoutUs > 0) return false;
      ctx.reply(h.from, h.rpcId, { ...base, code: 'PULL_NOT_FOUND', nextBeginOffset: off, messages: [] });
      return true;
    }
    const messages = q.slice(off, off + h.req.maxMsgNums);
    ctx.reply(h.from, h.rpcId, { ...base, code: 'SUCCESS', nextBeginOffset: off + messages.length, messages });
    return true;
  }
}
