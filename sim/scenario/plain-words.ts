// Small helpers that tell durations and target lists in plain words, shared by
// `rmqsim explain` (explain.ts) and the fault verb table (verbs.ts).
import { formatDuration, type Micros } from '../engine/index.js';
import { describeSelector } from './selectors.js';

/** A duration in compound units for people: "3m30s", "1h05m", "250ms". */
export function formatSpan(us: Micros): string {
  if (us < 1_000_000 || us % 1_000_000 !== 0) return formatDuration(us);
  const total = us / 1_000_000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts = [h > 0 ? `${h}h` : '', m > 0 ? `${m}m` : '', s > 0 ? `${s}s` : ''];
  return parts.join('');
}

/** "a, b and c". */
export const list = (xs: readonly string[]): string =>
  xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1] ?? ''}`;

/** A target list told selector by selector: "the current master of broker-a and ns-1". */
export const targets = (ts: readonly string[]): string => list(ts.map(describeSelector));
