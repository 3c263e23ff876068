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

type Cols = { readonly broker: ColumnReader; readonly topic: ColumnReader; readonly queueId: ColumnReader };

function byPosition(
  cols: Cols,
  offset: ColumnReader,
  tieBreak: (a: number, b: number) => number,
): (a: number, b: number) => number {
  return (a, b) =>
    cols.broker.get(a) - cols.broker.get(b) ||
    cols.topic.get(a) - cols.topic.get(b) ||
    cols.queueId.get(a) - cols.queueId.get(b) ||
    offset.get(a) - offset.get(b) ||
    tieBreak(a, b);
}

/**
 * `rows` (ascending) sorted by queue position, then row, through one native numeric sort: each row
 * becomes the exact integer position * R + row (R a power of two above every row). Undefined when
 * that number could pass 2^53 (then the comparator sort runs). NB: sorting with a comparator that
 * reads four columns per comparison was most of this check's cost.
 */
function packedOrder(cols: Cols, offset: ColumnReader, rows: Uint32Array): Uint32Array | undefined {
  let b = 1;
  let t = 1;
  let q = 1;
  let o = 1;
  let r = 1;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    const vb = cols.broker.get(row);
    const vt = cols.topic.get(row);
    const vq = cols.queueId.get(row);
    const vo = offset.get(row);
    if (!(vb >= 0 && vt >= 0 && vq >= 0 && vo >= 0) || !Number.isInteger(vo)) return undefined;
    b = Math.max(b, vb + 1);
    t = Math.max(t, vt + 1);
    q = Math.max(q, vq + 1);
    o = Math.max(o, vo + 1);
    while (r <= row) r *= 2;
  }
  if (b * t * q * o * r >= Number.MAX_SAFE_INTEGER) return undefined;
  const keys = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as number;
    const position =
      ((cols.broker.get(row) * t + cols.topic.get(row)) * q + cols.queueId.get(row)) * o + offset.get(row);
    keys[i] = position * r + row;
  }
  keys.sort();
  return Uint32Array.from(keys, (k) => k % r);
}

/** Sorts each run of equal positions in `sorted` by `tieBreak` (runs are short: a position's consumptions). */
function sortRuns(
  sorted: Uint32Array,
  cols: Cols,
  offset: ColumnReader,
  tieBreak: (a: number, b: number) => number,
): void {
  const same = byPosition(cols, offset, () => 0);
  for (let start = 0; start < sorted.length;) {
    let end = start + 1;
    while (end < sorted.length && same(sorted[start] as number, sorted[end] as number) === 0) end++;
    if (end - start > 1) sorted.subarray(start, end).sort(tieBreak);
    start = end;
  }
}

/** Every acknowledged send whose queue position was delivered, before or after, as another message. */
export function slotConflicts(h: History): SlotConflict[] {
  const s = h.sends.col;
  const c = h.consumptions.col;
  let acked = 0;
  for (let i = 0; i < h.sends.length; i++) if (isAcked(s.outcome.get(i))) acked++;
  const ackedRows = new Uint32Array(acked);
  for (let i = 0, k = 0; i < h.sends.length; i++) if (isAcked(s.outcome.get(i))) ackedRows[k++] = i;
  const allRows = new Uint32Array(h.consumptions.length).map((_, i) => i);
  const consumeTie = (a: number, b: number): number => c.atUs.get(a) - c.atUs.get(b) || a - b;
  const packedSends = packedOrder(s, s.queueOffset, ackedRows);
  const sendRows = packedSends ?? ackedRows.sort(byPosition(s, s.queueOffset, (a, b) => a - b));
  const packedConsumes = packedOrder(c, c.queueOffset, allRows);
  if (packedConsumes !== undefined) sortRuns(packedConsumes, c, c.queueOffset, consumeTie);
  const consumeRows = packedConsumes ?? allRows.sort(byPosition(c, c.queueOffset, consumeTie));
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
