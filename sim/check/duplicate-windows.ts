// When a duplicate consumption is explained (a duplicates bound that follows
// the faults, issue 13 part 3). RocketMQ re-delivers what a group consumed
// after the progress it last saved: the client commits its offsets every
// persistConsumerOffsetInterval (5 s), the broker flushes them every 5 s and
// a slave copies them every 10 s (model §3.9, §5.8). A broker or consumer
// process that stops, a change of master, or a queue changing owner (a
// rebalance) sends the group back to that saved progress, and a queue that
// changes owner is consumed by its old owner until its next rebalance (20 s,
// §5.6). So a message first consumed from `before` ahead of such an event
// until `after` past its end may be consumed again; one first consumed
// outside every such window has no reason to be (a switch such as
// client.rebalance-overlap, broker.overflow-corrects-to-min or
// broker.delay-offset-not-reloaded re-delivers those).
import type { Micros } from '../engine/index.js';

export interface DuplicateEvent {
  readonly fromUs: Micros;
  readonly toUs: Micros;
}

export interface DuplicateMargins {
  /** How far the saved progress may lag what was consumed: commit period, then the broker's flush or the slave's copy. */
  readonly beforeUs: Micros;
  /** How long after an event the old owner of a queue may keep consuming it: a rebalance round and a commit. */
  readonly afterUs: Micros;
}

/** A predicate over first-consumption times: true when some event explains a later re-delivery. */
export function explainedAt(events: readonly DuplicateEvent[], m: DuplicateMargins): (firstUs: Micros) => boolean {
  const spans = events
    .map((e) => ({ from: e.fromUs - m.beforeUs, to: e.toUs + m.afterUs }))
    .sort((a, b) => a.from - b.from);
  return (firstUs) => {
    for (const s of spans) {
      if (s.from > firstUs) return false;
      if (firstUs <= s.to) return true;
    }
    return false;
  };
}
