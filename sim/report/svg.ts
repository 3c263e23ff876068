// Small SVG building blocks for the HTML report: escaping, a linear time
// scale, "nice" axis ticks, and a time axis. Strings in, strings out; no
// DOM, no scripts, no external assets.
import { formatTime, type Micros } from '../engine/index.js';

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rounds a coordinate to 0.1 px so the markup stays small. */
export const px = (v: number): string => String(Math.round(v * 10) / 10);

export interface Scale {
  readonly x0: number;
  readonly width: number;
  readonly endUs: Micros;
  at(us: Micros): number;
}

export function timeScale(x0: number, width: number, endUs: Micros): Scale {
  const span = Math.max(1, endUs);
  return { x0, width, endUs, at: (us) => x0 + (Math.min(Math.max(us, 0), span) / span) * width };
}

const NICE_STEPS_US = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * 1_000_000);

/** Tick positions for a time axis with at most ~`max` ticks. */
export function timeTicks(endUs: Micros, max = 10): Micros[] {
  const step = NICE_STEPS_US.find((s) => endUs / s <= max) ?? Math.ceil(endUs / max);
  const ticks: Micros[] = [];
  for (let t = 0; t <= endUs; t += step) ticks.push(t);
  return ticks;
}

/** Ticks for a value axis: 0 and about four round steps up to `max`. */
export function valueTicks(max: number): number[] {
  if (max <= 0) return [0];
  const raw = max / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v <= max + step / 1000; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

/**
 * An axis label in the one time format (formatTime) with a whole second's zero milliseconds
 * dropped: "0s", "30s", "1m00s", "1m30s", "1h00m00s" (never "30s, 1m, 90s" mixed).
 */
export function tickLabel(us: Micros): string {
  return formatTime(us).replace(/\.000s$/, 's');
}

/** A time axis along y = `y`, with grid lines up to `top`. */
export function timeAxis(scale: Scale, y: number, top: number): string {
  const parts: string[] = [
    `<line class="axis" x1="${px(scale.x0)}" y1="${px(y)}" x2="${px(scale.x0 + scale.width)}" y2="${px(y)}"/>`,
  ];
  for (const t of timeTicks(scale.endUs)) {
    const x = px(scale.at(t));
    parts.push(`<line class="grid" x1="${x}" y1="${px(top)}" x2="${x}" y2="${px(y)}"/>`);
    parts.push(`<text class="tick" x="${x}" y="${px(y + 13)}" text-anchor="middle">${esc(tickLabel(t))}</text>`);
  }
  return parts.join('');
}

/** An <svg> element with a role and an accessible title. */
export function svg(id: string, width: number, height: number, title: string, body: string): string {
  return `<svg id="${esc(id)}" class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg"><title>${esc(title)}</title>${body}</svg>`;
}
