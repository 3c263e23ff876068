// A bound on how unevenly a producer group's sends land on the queues it
// writes to. The default producer spreads sends round robin over every
// writable queue of the route (TopicPublishInfo.selectOneMessageQueue, model
// §5.4); a queue that gets far less than an even share after the cluster is
// healthy again means the producer's publish list no longer matches the route
// (a queue rewritten to another broker before apache/rocketmq#7812). Judges the
// acknowledged sends of the group completed at or after `fromUs`, over every
// queue that took an acknowledged send of the group at any time in the run.
import type { Micros } from '../engine/index.js';
import { isAcked, type History } from '../history/index.js';
import { phrase } from '../i18n/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';

export interface SendSpreadOptions {
  readonly history: History;
  readonly producerGroup: string;
  /** Only sends completed at or after this time count (after the faults have healed). */
  readonly fromUs: Micros;
  /** Each queue must take at least this fraction of an even share (0..1). */
  readonly minShare: number;
}

export class SendSpreadChecker implements Checker {
  readonly name = 'send-spread';

  constructor(private readonly opts: SendSpreadOptions) {}

  finish(endUs: Micros): CheckResult {
    const { history: h, producerGroup, fromUs, minShare } = this.opts;
    const g = h.names.peek(producerGroup);
    const c = h.sends.col;
    const counts = new Map<string, number>();
    let total = 0;
    for (let i = 0; i < h.sends.length; i++) {
      if (c.group.get(i) !== g || !isAcked(c.outcome.get(i))) continue;
      const queue = `${h.names.nameOf(c.broker.get(i))}:${c.queueId.get(i)}`;
      const late = c.doneUs.get(i) >= fromUs;
      counts.set(queue, (counts.get(queue) ?? 0) + (late ? 1 : 0));
      if (late) total++;
    }
    if (total === 0)
      return notJudged(this.name, `no acked send of ${producerGroup} completed after ${fromUs / 1e6}s`, { sends: 0 });
    const even = total / counts.size;
    const queues = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const spread = queues.map(([q, n]) => `${q}=${n}`).join(' ');
    const log = new ViolationLog();
    for (const [queue, n] of queues) {
      if (n < minShare * even)
        log.add(
          endUs,
          phrase('spread.starved', { group: producerGroup, queue, n, total, even: Math.round(even), min: minShare }),
          [],
        );
    }
    const least = Math.min(...queues.map(([, n]) => n));
    return log.result(
      this.name,
      `${producerGroup}: ${total} acked sends after ${fromUs / 1e6}s over ${counts.size} queues (${spread})`,
      { sends: total, queues: counts.size, leastShare: least / even },
    );
  }
}
