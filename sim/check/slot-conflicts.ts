// Queue slots whose content changed after it was agreed on. A consumer reads
// only what the group agreed (a classic master's or slave's dispatched log, a
// DLedger group's committed entries, §3.4, §4), so a delivery of message A at
// queue position P fixes P's content; an acknowledgement of a different
// message B at the same P means the agreed log changed under it (an
// overwritten committed entry, a master that came back shorter). Found by a
// merge-join of the history's acked sends and first-topic consumptions on
// (broker, topic, queue, offset); no per-message objects.
import { isAcked, type History } from '../history/index.js';
import { PositionKeys, sortByPosition } from './position-order.js';

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
  const sendPositions = new PositionKeys(s.where);
  const consumePositions = new PositionKeys(c.where);
  sortByPosition(sendRows, sendPositions, s.queueOffset, (a, b) => a - b);
  sortByPosition(consumeRows, consumePositions, c.queueOffset, (a, b) => c.atUs.get(a) - c.atUs.get(b) || a - b);
  // Both sides sorted: a send's slot is read once, and a consumption's once each time the join moves onto it.
  const out: SlotConflict[] = [];
  let j = 0;
  let cKey = -1;
  let cOffset = 0;
  const readConsume = (at: number): void => {
    const cr = consumeRows[at] as number;
    cKey = consumePositions.keyOf(cr);
    cOffset = c.queueOffset.get(cr);
  };
  if (consumeRows.length > 0) readConsume(0);
  for (const sr of sendRows) {
    const sKey = sendPositions.keyOf(sr);
    const sOffset = s.queueOffset.get(sr);
    while (j < consumeRows.length && (sKey - cKey || sOffset - cOffset) > 0)
      if (++j < consumeRows.length) readConsume(j);
    for (let k = j; k < consumeRows.length; k++) {
      const cr = consumeRows[k] as number;
      if (consumePositions.keyOf(cr) !== sKey || c.queueOffset.get(cr) !== sOffset) break;
      if (c.uid.get(cr) !== s.uid.get(sr)) {
        out.push({ sendRow: sr, consumeRow: cr });
        break;
      }
    }
  }
  return out;
}
