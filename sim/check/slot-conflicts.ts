// Queue slots whose content changed after it was agreed on. A consumer reads
// only what the group agreed (a classic master's or slave's dispatched log, a
// DLedger group's committed entries, §3.4, §4), so a delivery of message A at
// queue position P fixes P's content; an acknowledgement of a different
// message B at the same P means the agreed log changed under it (an
// overwritten committed entry, a master that came back shorter). Found by a
// merge-join of the history's acked sends and first-topic consumptions on
// (broker, topic, queue, offset); no per-message objects.
import { isAcked, type History } from '../history/index.js';
import { sortRows } from './row-sort.js';

export interface SlotConflict {
  /** Row of the acknowledged send whose position was already delivered with another message. */
  readonly sendRow: number;
  /** Row of the earliest consumption of that position that returned a different message. */
  readonly consumeRow: number;
}

/** Every acknowledged send whose queue position was delivered, before or after, as another message. */
export function slotConflicts(h: History): SlotConflict[] {
  const s = h.sends.col;
  const c = h.consumptions.col;
  let acked = 0;
  for (let i = 0; i < h.sends.length; i++) if (isAcked(s.outcome.get(i))) acked++;
  const ackedRows = new Uint32Array(acked);
  for (let i = 0, k = 0; i < h.sends.length; i++) if (isAcked(s.outcome.get(i))) ackedRows[k++] = i;
  const sends = sortRows(ackedRows, [s.broker, s.topic, s.queueId, s.queueOffset]);
  // Consumptions of one position by time, so the earliest one that returned another message is named.
  const consumes = sortRows(
    new Uint32Array(h.consumptions.length).map((_, i) => i),
    [c.broker, c.topic, c.queueId, c.queueOffset, c.atUs],
  );
  const sendRows = sends.rows;
  const consumeRows = consumes.rows;
  /** Position of sorted send i against sorted consumption j (the first four keys of both). */
  const cmp = (i: number, j: number): number => {
    for (let k = 0; k < POSITION_KEYS; k++) {
      const d = ((sends.keys[k] as Float64Array)[i] as number) - ((consumes.keys[k] as Float64Array)[j] as number);
      if (d !== 0) return d;
    }
    return 0;
  };
  const out: SlotConflict[] = [];
  let j = 0;
  for (let i = 0; i < sendRows.length; i++) {
    const sr = sendRows[i] as number;
    while (j < consumeRows.length && cmp(i, j) > 0) j++;
    for (let k = j; k < consumeRows.length && cmp(i, k) === 0; k++) {
      const cr = consumeRows[k] as number;
      if (c.uid.get(cr) !== s.uid.get(sr)) {
        out.push({ sendRow: sr, consumeRow: cr });
        break;
      }
    }
  }
  return out;
}

/** broker, topic, queue, offset: the keys of a queue position. */
const POSITION_KEYS = 4;
