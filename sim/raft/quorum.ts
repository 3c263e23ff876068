// Quorum arithmetic of DLedger's QuorumAckChecker: the committed index is the
// highest index that a quorum of members (the leader included) has acked in
// the current term, i.e. the quorum-th largest watermark. The naive version
// mirrors DLedger's double loop; tests check one against the other.
import { quorumOf } from './types.js';

/** The quorum-th largest of the watermarks (-1 when there are none). Allocation-free for n <= 8. */
export function quorumIndex(watermarks: ArrayLike<number>): number {
  const n = watermarks.length;
  if (n === 0) return -1;
  const q = quorumOf(n);
  // Selection by counting: the answer is the largest w such that at least q watermarks are >= w.
  let best = -1;
  for (let i = 0; i < n; i++) {
    const w = watermarks[i] as number;
    if (w <= best) continue;
    let ge = 0;
    for (let j = 0; j < n; j++) if ((watermarks[j] as number) >= w) ge++;
    if (ge >= q) best = w;
  }
  return best;
}

/** DLedger's QuorumAckChecker loop, verbatim in spirit, for differential tests. */
export function quorumIndexNaive(watermarks: readonly number[]): number {
  const sorted = [...watermarks].sort((a, b) => b - a);
  const q = quorumOf(watermarks.length);
  return sorted.length === 0 ? -1 : (sorted[q - 1] ?? -1);
}
