// Excused time that follows the producers' routes (issue 13 part 3): a window
// that excuses only the sends to one group leaves the producer group's outage
// judged, since a correct producer sends to the other groups meanwhile. But a
// producer whose cached route holds no other writable group (one fetched
// before the other groups registered, or while they were lost) has nowhere
// else to send until its next route poll: [R4 DPI sendDefaultImpl] picks queues
// only from the cached TopicPublishInfo. While every running producer
// instance's route holds only excused groups, the group's outage is excused.
import { formatTime, type Micros } from '../engine/index.js';
import type { ExcusedWindow } from './needs-input.js';

/** A producer instance's writable groups from `atUs` on (empty: no route held, e.g. after a restart). */
export interface ProducerRoute {
  readonly atUs: Micros;
  readonly client: string;
  readonly writable: readonly string[];
}

/** The producers' routes at `atUs`: the last record of each at or before it (undefined: none yet). */
function routesAt(
  routes: readonly ProducerRoute[],
  producers: readonly string[],
  atUs: Micros,
): (ProducerRoute | undefined)[] {
  return producers.map((p) => {
    let last: ProducerRoute | undefined;
    for (const r of routes) if (r.client === p && r.atUs <= atUs) last = r;
    return last;
  });
}

/**
 * The times in which every producer instance holds a route whose writable groups all lie in windows that excuse
 * sends to them: then no send can succeed, so no time there counts as an outage. A producer with no route held
 * is not covered here (it asks a NameServer at each send).
 */
export function routeBoundWindows(
  windows: readonly ExcusedWindow[],
  routes: readonly ProducerRoute[],
  producers: readonly string[],
  endUs: Micros,
): ExcusedWindow[] {
  const scoped = windows.filter((w) => w.group !== undefined);
  if (scoped.length === 0 || producers.length === 0) return [];
  const cuts = [...new Set([0, endUs, ...scoped.flatMap((w) => [w.fromUs, w.toUs]), ...routes.map((r) => r.atUs)])]
    .filter((t) => t >= 0 && t <= endUs)
    .sort((a, b) => a - b);
  const out: ExcusedWindow[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] ?? 0;
    const to = cuts[i + 1] ?? endUs;
    const held = routesAt(routes, producers, from);
    const excusedAt = (g: string): boolean => scoped.some((w) => w.group === g && w.fromUs <= from && from < w.toUs);
    const bound = held.every((r) => r !== undefined && r.writable.length > 0 && r.writable.every(excusedAt));
    if (!bound) continue;
    const reason = held
      .map((r) =>
        r === undefined ? '' : `${r.client}'s route (since ${formatTime(r.atUs)}) holds only ${r.writable.join(', ')}`,
      )
      .join('; ');
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.toUs === from && prev.reason.startsWith(reason))
      out[out.length - 1] = { ...prev, toUs: to };
    else
      out.push({
        fromUs: from,
        toUs: to,
        group: undefined,
        reason: `${reason}, whose sends are excused: the producer group has nowhere else to send until its next route poll`,
      });
  }
  return out;
}

/** The times no producer instance holds a route with a writable group (none fetched yet, or lost with its process). */
export function routelessSpans(
  routes: readonly ProducerRoute[],
  producers: readonly string[],
  endUs: Micros,
): { fromUs: Micros; toUs: Micros }[] {
  if (producers.length === 0) return [];
  const cuts = [...new Set([0, endUs, ...routes.map((r) => r.atUs)])]
    .filter((t) => t >= 0 && t <= endUs)
    .sort((a, b) => a - b);
  const out: { fromUs: Micros; toUs: Micros }[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] ?? 0;
    const to = cuts[i + 1] ?? endUs;
    if (!routesAt(routes, producers, from).every((r) => r === undefined || r.writable.length === 0)) continue;
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.toUs === from) prev.toUs = to;
    else out.push({ fromUs: from, toUs: to });
  }
  return out;
}
