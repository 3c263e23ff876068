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
// queue at that offset or above) before the message was even sent.
import { formatTime, type Micros } from '../engine/index.js';
import type { History } from '../history/index.js';

interface QueueDeliveries {
  /** Delivery times, ascending. */
  readonly atUs: number[];
  /** The highest queue offset delivered up to and including each time. */
  readonly maxOffset: number[];
}

/** Per broker queue, the group's deliveries as a running maximum of the offsets handed out. */
export class OffsetReuse {
  private readonly queues = new Map<string, QueueDeliveries>();

  constructor(private readonly h: History, rows: Uint32Array) {
    const c = h.consumptions.col;
    const order = [...rows].sort((a, b) => (c.atUs[a] as number) - (c.atUs[b] as number) || a - b);
    for (const r of order) {
      const key = `${c.broker[r] as number}|${c.queueId[r] as number}`;
      let q = this.queues.get(key);
      if (q === undefined) {
        q = { atUs: [], maxOffset: [] };
        this.queues.set(key, q);
      }
      const prev = q.maxOffset[q.maxOffset.length - 1] ?? -1;
      const offset = c.queueOffset[r] as number;
      q.atUs.push(c.atUs[r] as number);
      q.maxOffset.push(Math.max(prev, offset));
    }
  }

  /**
   * Why send row `i` (acked at broker/queue/offset, never delivered to the group) was skipped, or
   * undefined when the group had not been handed that offset before the message was sent.
   */
  skipped(i: number, brokerName: string, queueId: number, queueOffset: number): string | undefined {
    const b = this.h.names.peek(brokerName);
    const q = this.queues.get(`${b}|${queueId}`);
    if (q === undefined || b < 0) return undefined;
    const invokeUs = this.h.sends.col.invokeUs[i] as Micros;
    let lo = 0;
    let hi = q.atUs.length - 1;
    let last = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((q.atUs[mid] as number) < invokeUs) {
        last = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (last < 0 || (q.maxOffset[last] as number) < queueOffset) return undefined;
    return `queue offset ${queueOffset} reused after the queue was truncated (offset ${q.maxOffset[last] as number} had been delivered by ${formatTime(q.atUs[last] as number)}); ` +
      'the consumer\'s position was already past it, and RocketMQ reads on from that position (DefaultMessageStore.getMessage: OFFSET_OVERFLOW_ONE keeps it, OFFSET_OVERFLOW_BADLY corrects only down to max)';
  }
}
