// Consumer offsets kept by a push consumer [R4 RBOS RemoteBrokerOffsetStore]
// [R4 DPCI LocalFileOffsetStore]. Clustering: an in-memory table, updated after
// consumption and committed every 5 s, oneway, to the group's master (any
// address of the group when no master is known, i.e. a slave). Broadcasting:
// a small local file on the consumer's own host. Every commit is recorded in
// the history (bookkeeping only).
import type { ClusterContext, MessageQueue, UpdateConsumerOffset } from '../protocol/index.js';
import { mqKey } from '../protocol/index.js';
import type { History } from '../history/index.js';
import type { RouteCache } from './route-cache.js';

interface Entry {
  readonly mq: MessageQueue;
  offset: number;
}

export class OffsetStore {
  private readonly table = new Map<string, Entry>();

  constructor(
    private readonly group: string,
    private readonly broadcasting: boolean,
    private readonly history: History,
  ) {}

  private get file(): string {
    return `consumer-offsets/${this.group}`;
  }

  /** Broadcasting: reloads the local offset file (after a restart). */
  load(ctx: ClusterContext): void {
    if (!this.broadcasting) return;
    const text = ctx.disk.readFile(this.file);
    if (text === undefined) return;
    for (const line of text.split('\n')) {
      const [topic, brokerName, q, off] = line.split('\t');
      if (topic === undefined || brokerName === undefined || q === undefined || off === undefined) continue;
      const mq = { topic, brokerName, queueId: Number(q) };
      this.table.set(mqKey(mq), { mq, offset: Number(off) });
    }
  }

  /** `key`: mqKey(mq), when the caller has it (a queue entry's: every pull reads and every consumption updates). */
  read(mq: MessageQueue, key = mqKey(mq)): number | undefined {
    return this.table.get(key)?.offset;
  }

  /** updateOffset(mq, offset, increaseOnly); `key` as read's. */
  update(mq: MessageQueue, offset: number, increaseOnly: boolean, key = mqKey(mq)): void {
    if (offset < 0) return;
    const e = this.table.get(key);
    if (e === undefined) this.table.set(key, { mq, offset });
    else if (!increaseOnly || offset > e.offset) e.offset = offset;
  }

  remove(mq: MessageQueue): void {
    this.table.delete(mqKey(mq));
  }

  /** Commits one queue's offset (oneway) to its master, else any address of its group. */
  commit(ctx: ClusterContext, routes: RouteCache, mq: MessageQueue): void {
    const e = this.table.get(mqKey(mq));
    if (e === undefined || this.broadcasting) return;
    const target = routes.masterAddr(mq.brokerName) ?? routes.subscribeAddr(mq.brokerName, 0)?.addr;
    if (target === undefined) return;
    const msg: UpdateConsumerOffset = {
      type: 'UPDATE_CONSUMER_OFFSET',
      consumerGroup: this.group,
      topic: mq.topic,
      queueId: mq.queueId,
      commitOffset: e.offset,
    };
    ctx.send(target, msg);
    this.history.committed({
      group: this.group,
      instance: ctx.id,
      topic: mq.topic,
      brokerName: mq.brokerName,
      queueId: mq.queueId,
      offset: e.offset,
      atUs: ctx.now(),
    });
  }

  /** persistAll: commits the owned queues and forgets offsets of queues no longer owned. */
  persistAll(ctx: ClusterContext, routes: RouteCache, owned: readonly MessageQueue[]): void {
    const keep = new Set(owned.map(mqKey));
    for (const key of [...this.table.keys()]) if (!keep.has(key)) this.table.delete(key);
    if (this.broadcasting) {
      const lines = [...this.table.values()].map(
        (e) => `${e.mq.topic}\t${e.mq.brokerName}\t${e.mq.queueId}\t${e.offset}`,
      );
      ctx.disk.writeFile(this.file, lines.join('\n'));
      return;
    }
    for (const mq of owned) this.commit(ctx, routes, mq);
  }
}
