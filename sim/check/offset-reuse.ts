// Messages a consumer group skips because their queue offset was handed out
// before: after a power loss the recovered CommitLog/ConsumeQueue lose their
// unflushed tail (model §3.6, §7 f), new messages reuse those queue offsets,
// and a consumer whose position is already past them never reads them.
// Real RocketMQ does skip them: DefaultMessageStore.getMessage reads from the
// requested offset when it is below the queue's max, answers
// OFFSET_OVERFLOW_ONE (offset kept) when it equals max, and corrects an offset
// above max only down to max (OFFSET_OVERFLOW_BADLY, nextOffsetCorrection;
// apache/rocketmq store/.../DefaultMessageStore.java); the push consumer then
// stores that corrected offset (OFFSET_ILLEGAL, DefaultMQPushConsumerImpl
// pullMessage). Nothing compares the consumer's position with what the
// offsets held before the truncation, so every message stored at an offset
// below the consumer's position is never delivered. The at-least-once judge
// allows exactly those: a message never delivered to the group, at a queue
// offset the group had already been handed (a delivery on the same broker
// queue at that offset or above) before the message was even sent, when the
// loss of the message it replaced was itself allowed (else the skip is the
// consequence of a violation, and stays one).
import { formatTime } from '../engine/index.js';
import type { History } from '../history/index.js';
import { msgText } from '../protocol/index.js';

interface Delivery {
  readonly atUs: number;
  readonly offset: number;
  readonly uid: number;
}

/** Per broker queue, what the group was handed and when. */
export class OffsetReuse {
  private readonly queues = new Map<string, Delivery[]>();

  constructor(
    private readonly h: History,
    rows: Uint32Array,
  ) {
    const c = h.consumptions.col;
    for (const r of rows) {
      const key = `${c.broker.get(r)}|${c.queueId.get(r)}`;
      const list = this.queues.get(key) ?? [];
      list.push({ atUs: c.atUs.get(r), offset: c.queueOffset.get(r), uid: c.uid.get(r) });
      this.queues.set(key, list);
    }
  }

  /**
   * For send row `i` (acked at broker/queue/offset, never delivered to the group): the message the
   * group had been handed at that offset or the nearest above it before this one was sent (the one
   * whose loss made the offset free again), or undefined when there is none.
   */
  replaced(i: number, brokerName: string, queueId: number, queueOffset: number): Delivery | undefined {
    const b = this.h.names.peek(brokerName);
    const list = b < 0 ? undefined : this.queues.get(`${b}|${queueId}`);
    const invokeUs = this.h.sends.col.invokeUs.get(i);
    let best: Delivery | undefined;
    for (const d of list ?? []) {
      if (d.atUs >= invokeUs || d.offset < queueOffset) continue;
      if (best === undefined || d.offset < best.offset || (d.offset === best.offset && d.atUs > best.atUs)) best = d;
    }
    return best;
  }
}

/** The allowance's reason, given why losing the replaced message was allowed. */
export function reuseReason(queueOffset: number, replaced: Delivery, why: string): string {
  return (
    `queue offset ${queueOffset} reused after the queue was truncated (${msgText(replaced.uid)} had been delivered at offset ${replaced.offset} by ${formatTime(replaced.atUs)}; losing it was allowed: ${why}); ` +
    "the consumer's position was already past it, and RocketMQ reads on from that position (DefaultMessageStore.getMessage: OFFSET_OVERFLOW_ONE keeps it, OFFSET_OVERFLOW_BADLY corrects only down to max)"
  );
}
