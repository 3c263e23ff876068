// When a group first got a queue position (duplicates check with followFaults).
// The progress a group saves is a queue offset, whatever became of the
// delivery: a message whose first delivery failed and was sent back
// (RECONSUME_LATER: a retry copy is stored, the offset moves on) is re-read
// from the same position when that saved offset is lost (a master's power
// loss before its consumerOffset.json flush), so its re-delivery succeeds and
// so does its retry copy. What explains that duplicate is a fault near the
// position's first delivery, not near its first success.
import type { Micros } from '../engine/index.js';
import type { History } from '../history/index.js';

/**
 * For a consumption row of `rows` (one group's rows sorted by uid, then time): the time of the group's first
 * delivery, whatever its result, of the same message at the same queue position.
 */
export function firstDeliveryAt(h: History, rows: Uint32Array): (row: number) => Micros {
  const c = h.consumptions.col;
  const samePosition = (a: number, b: number): boolean =>
    c.topic.get(a) === c.topic.get(b) &&
    c.broker.get(a) === c.broker.get(b) &&
    c.queueId.get(a) === c.queueId.get(b) &&
    c.queueOffset.get(a) === c.queueOffset.get(b);
  return (row) => {
    const uid = c.uid.get(row);
    // The first of the uid's rows (binary search: rows are sorted by uid).
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c.uid.get(rows[mid] as number) < uid) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < rows.length; i++) {
      const r = rows[i] as number;
      if (c.uid.get(r) !== uid) break;
      if (samePosition(r, row)) return c.atUs.get(r);
    }
    return c.atUs.get(row);
  };
}
