// Re-deliveries an offset correction does not explain (duplicates check with
// followFaults). When a pull answers PULL_OFFSET_MOVED the client waits
// offsetIllegalDelayUs, then stores the broker's corrected offset
// (client.offset-reset). RocketMQ's broker corrects an offset past the end to
// the queue's max, one too small to its min, an empty queue to 0
// (DefaultMessageStore.getMessage, OFFSET_OVERFLOW_BADLY ->
// nextOffsetCorrection(offset, maxOffset)): never below a message the group
// had consumed that is still in the queue. So a message the group consumed
// before the broker's answer, delivered again from that queue at or past the
// corrected offset after the reset, was sent back by the correction itself
// (switch broker.overflow-corrects-to-min), whatever fault is near. A message
// a producer's retry stored again after that first consumption (§5.4, the
// same offset after a power loss) is a new copy and stays explained. So is
// one at or past the max the broker answered: its entry was not in the
// consume queue then (dispatch behind the commit log, as on a full disk that
// stops the ReputMessageService until space is freed, or after a recovery
// whose re-dispatch stopped there), so no correction, however right, could
// keep the group past it; when the entry comes back the group reads it
// again, which the fault window explains.
import type { Micros } from '../engine/index.js';
import type { History } from '../history/index.js';

/** A client's offset reset after PULL_OFFSET_MOVED: `answerUs` is when the broker answered. */
export interface OffsetReset {
  readonly atUs: Micros;
  readonly answerUs: Micros;
  readonly topic: string;
  readonly broker: string;
  readonly queueId: number;
  readonly offset: number;
  /** The queue's max offset in the broker's answer: entries at or past it were not in the queue then. */
  readonly maxOffset: number;
}

/** The latest time a producer's send of each uid of `h` completed (a retry may have stored it again until then). */
function lastSendDone(h: History): Map<number, number> {
  const s = h.sends.col;
  const out = new Map<number, number>();
  for (let i = 0; i < h.sends.length; i++) {
    const uid = s.uid.get(i);
    out.set(uid, Math.max(out.get(uid) ?? 0, s.invokeUs.get(i), s.doneUs.get(i)));
  }
  return out;
}

/** True when the duplicate `row` of `first` is a re-delivery a correct offset reset could not cause. */
export function resetRedelivers(h: History, resets: readonly OffsetReset[]): (first: number, row: number) => boolean {
  if (resets.length === 0) return () => false;
  const c = h.consumptions.col;
  const sentUntil = lastSendDone(h);
  const keyed = resets.map((r) => ({
    ...r,
    topicId: h.names.peek(r.topic),
    brokerId: h.names.peek(r.broker),
  }));
  return (first, row) => {
    if (c.attempt.get(row) !== 0) return false;
    const firstUs = c.atUs.get(first);
    const atUs = c.atUs.get(row);
    const offset = c.queueOffset.get(row);
    if ((sentUntil.get(c.uid.get(row)) ?? 0) >= firstUs) return false;
    return keyed.some(
      (r) =>
        r.topicId === c.topic.get(row) &&
        r.brokerId === c.broker.get(row) &&
        r.queueId === c.queueId.get(row) &&
        firstUs < r.answerUs &&
        atUs >= r.atUs &&
        offset >= r.offset &&
        offset < r.maxOffset,
    );
  };
}

/** Parses a queue key `topic@broker#queueId` (protocol mqKey). */
export function parseQueueKey(key: string): { topic: string; broker: string; queueId: number } | undefined {
  const at = key.lastIndexOf('@');
  const hash = key.lastIndexOf('#');
  if (at < 0 || hash < at) return undefined;
  return { topic: key.slice(0, at), broker: key.slice(at + 1, hash), queueId: Number(key.slice(hash + 1)) };
}
