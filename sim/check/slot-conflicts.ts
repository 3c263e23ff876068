// Queue slots whose content changed after it was agreed on. A consumer reads
// only what the group agreed (a classic master's or slave's dispatched log, a
// DLedger group's committed entries, §3.4, §4), so a delivery of message A at
// queue position P fixes P's content; an acknowledgement of a different
// message B at the same P means the agreed log changed under it (an
// overwritten committed entry, a master that came back shorter). Found by a
// merge-join of the history's acked sends and first-topic consumptions on
// (broker, topic, queue, offset); no per-message objects.
import { isAcked, type History } from '../history/index.js';
import { sortByPosition } from './position-order.js';

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
  const sendRows = new Uint32Array(acked);
  for (let i = 0, k = 0; i < h.sends.length; i++) if (isAcked(s.outcome.get(i))) sendRows[k++] = i;
  const consumeRows = new Uint32Array(h.consumptions.length);
  for (let i = 0; i < consumeRows.length; i++) consumeRows[i] = i;
  sortByPosition(sendRows, s, s.queueOffset, (a, b) => a - b);
  sortByPosition(consumeRows, c, c.queueOffset, (a, b) => c.atUs.get(a) - c.atUs.get(b) || a - b);
  const cmp = (sr: number, cr: number): number =>
    s.broker.get(sr) - c.broker.get(cr) ||
    s.topic.get(sr) - c.topic.get(cr) ||
    s.queueId.get(sr) - c.queueId.get(cr) ||
    s.queueOffset.get(sr) - c.queueOffset.get(cr);
  const out: SlotConflict[] = [];
  let j = 0;
  for (const sr of sendRows) {
    while (j < consumeRows.length && cmp(sr, consumeRows[j] as number) > 0) j++;
    for (let k = j; k < consumeRows.length && cmp(sr, consumeRows[k] as number) === 0; k++) {
      const cr = consumeRows[k] as number;
      if (c.uid.get(cr) !== s.uid.get(sr)) {
        out.push({ sendRow: sr, consumeRow: cr });
        break;
      }
    }
  }
  return out;
}
