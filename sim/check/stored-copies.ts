// Duplicates a message stored more than once explains (duplicates check with
// followFaults). A send that failed or timed out after the broker stored it is
// stored again by the producer's retry (model §5.4): a second position in the
// producer's topic, consumed as a message of its own. Each stored copy may be
// consumed successfully once: directly, or through the retry topic after its
// consumption failed (the retry of one copy is a success of that copy, not a
// re-delivery of the other).
import { ConsumeResult, type History } from '../history/index.js';

/** Per message uid stored at two or more positions: how many, and whether a consumption of one failed. */
interface Copies {
  readonly count: number;
  readonly failed: boolean;
}

/** The messages of a group's rows (sorted by uid, then time) stored at two or more positions of their topic. */
function storedCopies(h: History, rows: Uint32Array): Map<number, Copies> {
  const c = h.consumptions.col;
  const out = new Map<number, Copies>();
  let i = 0;
  while (i < rows.length) {
    const uid = c.uid.get(rows[i] as number);
    const positions = new Set<string>();
    let topic = -1;
    let failed = false;
    for (; i < rows.length && c.uid.get(rows[i] as number) === uid; i++) {
      const r = rows[i] as number;
      if (c.attempt.get(r) !== 0) continue;
      if (topic < 0) topic = c.topic.get(r);
      if (c.topic.get(r) !== topic) continue;
      positions.add(`${c.broker.get(r)}/${c.queueId.get(r)}/${c.queueOffset.get(r)}`);
      if (c.result.get(r) !== ConsumeResult.OK) failed = true;
    }
    if (positions.size >= 2) out.set(uid, { count: positions.size, failed });
  }
  return out;
}

/**
 * Whether a duplicate (`row`, after the message's first success `first`) is a success of another stored copy:
 * a direct consumption of another position of the topic, or a retry-topic delivery of a message one of whose
 * copies failed, at most one success per copy beyond the first. Call in the rows' order.
 */
export function storedCopiesExplain(h: History, rows: Uint32Array): (first: number, row: number) => boolean {
  const c = h.consumptions.col;
  const copies = storedCopies(h, rows);
  let uid = -1;
  let used = 0;
  return (first, row) => {
    if (c.uid.get(row) !== uid) {
      uid = c.uid.get(row);
      used = 0;
    }
    const otherPosition =
      c.attempt.get(row) === 0 &&
      c.topic.get(first) === c.topic.get(row) &&
      (c.broker.get(first) !== c.broker.get(row) ||
        c.queueId.get(first) !== c.queueId.get(row) ||
        c.queueOffset.get(first) !== c.queueOffset.get(row));
    const known = copies.get(uid);
    const retryOfACopy = c.attempt.get(row) > 0 && known !== undefined && known.failed && used < known.count - 1;
    if (otherPosition || retryOfACopy) used++;
    return otherPosition || retryOfACopy;
  };
}

/**
 * Whether a duplicate (`row`, after the first success `first`) is a second copy the schedule service stored: a
 * re-put that failed (a DLedger append whose quorum ack timed out, then committed) is re-put again from the same
 * schedule offset 10 s later ([R4 SMS] DELAY_FOR_A_PERIOD), so the retry topic may hold the message twice, at two
 * positions. Only for uids whose re-put the broker reported failed (broker.reput-failed).
 */
export function rePutCopiesExplain(h: History, failed: ReadonlySet<number>): (first: number, row: number) => boolean {
  const c = h.consumptions.col;
  return (first, row) =>
    failed.has(c.uid.get(row)) &&
    c.attempt.get(row) > 0 &&
    c.topic.get(row) === c.topic.get(first) &&
    (c.broker.get(first) !== c.broker.get(row) ||
      c.queueId.get(first) !== c.queueId.get(row) ||
      c.queueOffset.get(first) !== c.queueOffset.get(row));
}
