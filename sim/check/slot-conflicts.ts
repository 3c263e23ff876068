// Queue slots whose content changed after it was agreed on. A consumer reads
// only what the group agreed (a classic master's or slave's dispatched log, a
// DLedger group's committed entries, §3.4, §4), so a delivery of message A at
// queue position P fixes P's content; an acknowledgement of a different
// message B at the same P means the agreed log changed under it (an
// overwritten committed entry, a master that came back shorter). Found by a
// merge-join of the history's acked sends and first-topic consumptions on
// (broker, topic, queue, offset); no per-message objects.
import { isAcked, type ColumnReader, type History } from '../history/index.js';

export interface SlotConflict {
  /** Row of the acknowledged send whose position was already delivered with another message. */
  readonly sendRow: number;
  /** Row of the earliest consumption of that position that returned a different message. */
  readonly consumeRow: number;
}

type Cols = {
  readonly broker: ColumnReader;
  readonly topic: ColumnReader;
  readonly queueId: ColumnReader;
  readonly queueOffset: ColumnReader;
};

/**
 * The queue position (broker, topic, queue, offset) of each listed row, read once per row: sorting
 * compares positions about n log n times, and a column read per comparison was most of this
 * check's cost. Each field is kept in its own array, compared in that order.
 */
class Positions {
  readonly broker: Float64Array;
  readonly topic: Float64Array;
  readonly queueId: Float64Array;
  readonly offset: Float64Array;

  private constructor(n: number) {
    this.broker = new Float64Array(n);
    this.topic = new Float64Array(n);
    this.queueId = new Float64Array(n);
    this.offset = new Float64Array(n);
  }

  static read(cols: Cols, rows: Uint32Array): Positions {
    const p = new Positions(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      p.broker[i] = cols.broker.get(r);
      p.topic[i] = cols.topic.get(r);
      p.queueId[i] = cols.queueId.get(r);
      p.offset[i] = cols.queueOffset.get(r);
    }
    return p;
  }

  /** Item i of the result is item order[i] of this list. */
  permuted(order: Uint32Array): Positions {
    const p = new Positions(order.length);
    for (let i = 0; i < order.length; i++) {
      const o = order[i] as number;
      p.broker[i] = this.broker[o] as number;
      p.topic[i] = this.topic[o] as number;
      p.queueId[i] = this.queueId[o] as number;
      p.offset[i] = this.offset[o] as number;
    }
    return p;
  }

  /** Position of item i of this list against item j of `other` (negative: i comes first). */
  compare(i: number, other: Positions, j: number): number {
    return (
      (this.broker[i] as number) - (other.broker[j] as number) ||
      (this.topic[i] as number) - (other.topic[j] as number) ||
      (this.queueId[i] as number) - (other.queueId[j] as number) ||
      (this.offset[i] as number) - (other.offset[j] as number)
    );
  }
}

/** The rows in position order, ties by `tieBreak` on the rows; returns the rows and their positions, both sorted. */
function sortByPosition(
  cols: Cols,
  rows: Uint32Array,
  tieBreak: (a: number, b: number) => number,
): { rows: Uint32Array; at: Positions } {
  const at = Positions.read(cols, rows);
  const order = new Uint32Array(rows.length).map((_, i) => i);
  order.sort((a, b) => at.compare(a, at, b) || tieBreak(rows[a] as number, rows[b] as number));
  return { rows: order.map((i) => rows[i] as number), at: at.permuted(order) };
}

/** Every acknowledged send whose queue position was delivered, before or after, as another message. */
export function slotConflicts(h: History): SlotConflict[] {
  const s = h.sends.col;
  const c = h.consumptions.col;
  let acked = 0;
  for (let i = 0; i < h.sends.length; i++) if (isAcked(s.outcome.get(i))) acked++;
  const ackedRows = new Uint32Array(acked);
  for (let i = 0, k = 0; i < h.sends.length; i++) if (isAcked(s.outcome.get(i))) ackedRows[k++] = i;
  const sends = sortByPosition(s, ackedRows, (a, b) => a - b);
  const consumes = sortByPosition(
    c,
    new Uint32Array(h.consumptions.length).map((_, i) => i),
    (a, b) => c.atUs.get(a) - c.atUs.get(b) || a - b,
  );
  const sendRows = sends.rows;
  const consumeRows = consumes.rows;
  const out: SlotConflict[] = [];
  let j = 0;
  for (let i = 0; i < sendRows.length; i++) {
    const sr = sendRows[i] as number;
    while (j < consumeRows.length && sends.at.compare(i, consumes.at, j) > 0) j++;
    for (let k = j; k < consumeRows.length && sends.at.compare(i, consumes.at, k) === 0; k++) {
      const cr = consumeRows[k] as number;
      if (c.uid.get(cr) !== s.uid.get(sr)) {
        out.push({ sendRow: sr, consumeRow: cr });
        break;
      }
    }
  }
  return out;
}
