// Per-queue order for orderly topics, read from the client history: within a
// consumer group, the messages of one queue must be consumed for the first
// time in queue-offset order. Consuming an offset again (after a failure, a
// rebalance or a crash) is allowed; delivering a later offset before an
// earlier one has ever been consumed is not.
import { formatTime, type Micros } from '../engine/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';
import { phrase } from '../i18n/index.js';
import type { History } from '../history/index.js';

export interface QueueOrderOptions {
  readonly history: History;
  /** Consumer groups that consume orderly. */
  readonly groups: readonly string[];
  /** Topics that are ordered. */
  readonly topics: readonly string[];
}

export class QueueOrderChecker implements Checker {
  readonly name = 'queue-order';

  constructor(private readonly opts: QueueOrderOptions) {}

  finish(_endUs: Micros): CheckResult {
    const h = this.opts.history;
    const log = new ViolationLog();
    const groups = new Set(this.opts.groups.map((g) => h.names.peek(g)));
    const topics = new Set(this.opts.topics.map((t) => h.names.peek(t)));
    const c = h.consumptions.col;
    /** Per (group, topic, broker, queue): the highest offset consumed so far and every offset seen. */
    const state = new Map<string, { max: number; seen: Set<number> }>();
    let checked = 0;
    for (let i = 0; i < h.consumptions.length; i++) {
      if (!groups.has(c.group.get(i)) || !topics.has(c.topic.get(i))) continue;
      const key = `${c.group.get(i)}|${c.topic.get(i)}|${c.broker.get(i)}|${c.queueId.get(i)}`;
      let s = state.get(key);
      if (s === undefined) {
        s = { max: -1, seen: new Set() };
        state.set(key, s);
      }
      const off = c.queueOffset.get(i);
      checked++;
      if (s.seen.has(off)) continue;
      s.seen.add(off);
      if (off < s.max) {
        const queue = `${h.names.nameOf(c.topic.get(i))}@${h.names.nameOf(c.broker.get(i))}#${c.queueId.get(i)}`;
        log.add(
          c.atUs.get(i),
          phrase('order.regress', {
            group: h.names.nameOf(c.group.get(i)),
            queue,
            offset: off,
            at: formatTime(c.atUs.get(i)),
            max: s.max,
          }),
          [h.names.nameOf(c.instance.get(i))],
        );
      }
      if (off > s.max) s.max = off;
    }
    if (checked === 0)
      return notJudged(
        this.name,
        `no orderly consumption by ${this.opts.groups.join(', ')} of ${this.opts.topics.join(', ')}`,
        { checked, queues: 0 },
      );
    return log.result(
      this.name,
      `${checked} orderly consumption(s) in ${state.size} queue(s), first deliveries in offset order`,
      { checked, queues: state.size },
    );
  }
}
