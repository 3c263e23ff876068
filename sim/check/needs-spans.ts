// Interval arithmetic of the availability needs (availability-needs.ts):
// elementary segments between outage boundaries, spans joined where they
// touch, and the intersection of per-group spans (when no group can take a
// write); the Span the per-need files build windows from. Pure.
import { formatTime, type Micros } from '../engine/index.js';
import type { NodeOutage } from './needs-input.js';

/** A time a group (or every send) is excused, as the per-need files build it. */
export interface Span {
  fromUs: Micros;
  toUs: Micros;
  silent: boolean;
  reason: string;
  /** The clients must find the group again (a route poll, a new leader) once it is back; else one send budget is enough. */
  reroute?: boolean;
  /** With reroute: the group already has its new leader when the span ends, only the route is left to find. */
  elected?: boolean;
}

/** What a group lacks in one segment of time (the segment's bounds are added by the caller). */
export interface Lack {
  readonly silent: boolean;
  readonly reason: string;
  readonly reroute?: boolean;
}

/** "crash broker-a-0 1m05.000s-1m38.000s". */
export function outageText(o: NodeOutage): string {
  return `${o.how} ${o.node} ${formatTime(o.fromUs)}-${formatTime(o.toUs)}`;
}

/** Elementary segments of [0, end) between every outage boundary, with the outages active in each. */
export function segments(
  outages: readonly NodeOutage[],
  endUs: Micros,
): { fromUs: Micros; toUs: Micros; active: NodeOutage[] }[] {
  const cuts = [...new Set([0, endUs, ...outages.flatMap((o) => [o.fromUs, o.toUs])])]
    .filter((t) => t >= 0 && t <= endUs)
    .sort((a, b) => a - b);
  const out: { fromUs: Micros; toUs: Micros; active: NodeOutage[] }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const fromUs = cuts[i] as number;
    const toUs = cuts[i + 1] as number;
    out.push({ fromUs, toUs, active: outages.filter((o) => o.fromUs <= fromUs && o.toUs >= toUs) });
  }
  return out;
}

/** Adjacent or overlapping spans joined (reasons kept once each, silent if any was). */
export function merge(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.fromUs - b.fromUs || a.toUs - b.toUs);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && s.fromUs <= last.toUs) {
      last.toUs = Math.max(last.toUs, s.toUs);
      last.silent ||= s.silent;
      if (!last.reason.includes(s.reason)) last.reason = `${last.reason}; ${s.reason}`;
    } else out.push({ ...s });
  }
  return out;
}

/** Intersection of per-group span lists: the times no group can take a write. */
export function intersect(lists: readonly Span[][]): Span[] {
  let acc: Span[] | undefined;
  for (const list of lists) {
    if (acc === undefined) {
      acc = list.map((s) => ({ ...s }));
      continue;
    }
    const next: Span[] = [];
    for (const a of acc) {
      for (const b of list) {
        const fromUs = Math.max(a.fromUs, b.fromUs);
        const toUs = Math.min(a.toUs, b.toUs);
        if (fromUs < toUs) next.push({ fromUs, toUs, silent: true, reason: `${a.reason}; ${b.reason}` });
      }
    }
    acc = next;
  }
  return acc ?? [];
}

/** The outages in `active` that cost `node` as a member (not those that cost only a master's answers). */
export function lostMember(active: readonly NodeOutage[], node: string | undefined): NodeOutage[] {
  return active.filter((o) => o.node === node && o.masterOnly !== true);
}

/** The segments of [0, end) in which every one of `nodes` (at least one) is down by `outages`. */
export function allDown(
  outages: readonly NodeOutage[],
  nodes: readonly string[],
  endUs: Micros,
): { fromUs: Micros; toUs: Micros; active: NodeOutage[] }[] {
  return segments(outages, endUs).filter((seg) => {
    const down = new Set(seg.active.map((o) => o.node));
    return nodes.length > 0 && nodes.every((n) => down.has(n));
  });
}
