// The HTML report's inline SVG charts: node roles and faults over time, send
// rate and success over time, send latency over time, and route changes per
// NameServer. Each returns one <svg> string; hover titles carry the details.
import { formatTime, type Micros } from '../engine/index.js';
import type { FaultInterval, NodeSegment, NodeTrack, RunResult, SendSeries, TimelineEntry } from '../scenario/index.js';
import { esc, px, svg, timeAxis, timeScale, valueTicks, type Scale } from './svg.js';

const WIDTH = 1000;
const LABEL_W = 150;
const PLOT_W = WIDTH - LABEL_W - 20;
const ROW_H = 18;

/** CSS class of a node segment: its state, or its role family when up. */
export function segmentClass(s: NodeSegment): string {
  if (s.state !== 'up') return `seg-${s.state}`;
  switch (s.role) {
    case 'LEADER':
    case 'SYNC_MASTER':
    case 'ASYNC_MASTER':
      return 'seg-master';
    case 'FOLLOWER':
    case 'SLAVE':
      return 'seg-slave';
    case 'CANDIDATE':
      return 'seg-candidate';
    default:
      return 'seg-up';
  }
}

/** When a node that a fault took down was up again (a crash without `for` ends at the next restart). */
function backUpAt(track: NodeTrack | undefined, fromUs: Micros): Micros | undefined {
  return track?.segments.find((s) => s.fromUs > fromUs && s.state === 'up')?.fromUs;
}

function faultMarks(
  f: FaultInterval,
  tracks: Map<string, { row: number; track: NodeTrack }>,
  scale: Scale,
  top: number,
): string {
  return f.nodes
    .map((n) => {
      const at = tracks.get(n);
      if (at === undefined) return '';
      const endUs =
        f.endUs ??
        (f.verb === 'crash' || f.verb === 'power-loss' || f.verb === 'pause'
          ? backUpAt(at.track, f.startUs)
          : undefined);
      const x1 = scale.at(f.startUs);
      const x2 = endUs === undefined ? x1 + 3 : Math.max(x1 + 3, scale.at(endUs));
      const title = `${formatTime(f.startUs)}${endUs === undefined ? '' : `-${formatTime(endUs)}`} ${f.detail}`;
      const y = top + at.row * ROW_H;
      return `<rect class="fault fault-${esc(f.verb)}" x="${px(x1)}" y="${px(y + 1)}" width="${px(x2 - x1)}" height="${ROW_H - 2}"><title>${esc(title)}</title></rect>`;
    })
    .join('');
}

/** Node roles (colour), down and paused spans, and fault bars, one row per node. */
export function nodeTimelineChart(
  nodes: readonly NodeTrack[],
  faults: readonly FaultInterval[],
  endUs: Micros,
): string {
  const top = 10;
  const height = top + nodes.length * ROW_H + 24;
  const scale = timeScale(LABEL_W, PLOT_W, endUs);
  const rowOf = new Map(nodes.map((track, row) => [track.node, { row, track }]));
  const rows = nodes.map((n, i) => {
    const y = top + i * ROW_H;
    const segs = n.segments
      .map((s) => {
        const x1 = scale.at(s.fromUs);
        const w = Math.max(0.5, scale.at(s.toUs) - x1);
        const label = `${n.node}: ${s.state}${s.role === '' ? '' : ` (${s.role})`} ${formatTime(s.fromUs)}-${formatTime(s.toUs)}`;
        return `<rect class="seg ${segmentClass(s)}" x="${px(x1)}" y="${px(y + 3)}" width="${px(w)}" height="${ROW_H - 6}"><title>${esc(label)}</title></rect>`;
      })
      .join('');
    return `<text class="label" x="${LABEL_W - 6}" y="${px(y + ROW_H - 5)}" text-anchor="end">${esc(n.node)}</text>${segs}`;
  });
  const bars = faults.map((f) => faultMarks(f, rowOf, scale, top)).join('');
  const body = timeAxis(scale, top + nodes.length * ROW_H + 2, top) + rows.join('') + bars;
  return svg('node-timeline', WIDTH, height, 'Node roles and faults over time', body);
}

function faultLines(faults: readonly FaultInterval[], scale: Scale, top: number, bottom: number): string {
  return faults
    .map((f) => {
      const x = px(scale.at(f.startUs));
      return `<line class="fault-line" x1="${x}" y1="${px(top)}" x2="${x}" y2="${px(bottom)}"><title>${esc(`${formatTime(f.startUs)} ${f.detail}`)}</title></line>`;
    })
    .join('');
}

function valueAxis(ticks: readonly number[], toY: (v: number) => number, unit: string): string {
  return ticks
    .map(
      (v) =>
        `<text class="tick" x="${LABEL_W - 6}" y="${px(toY(v) + 4)}" text-anchor="end">${esc(`${v}${unit}`)}</text><line class="grid" x1="${LABEL_W}" y1="${px(toY(v))}" x2="${LABEL_W + PLOT_W}" y2="${px(toY(v))}"/>`,
    )
    .join('');
}

/** Sends per second by outcome, stacked: acknowledged, failed, unknown. */
export function sendRateChart(sends: SendSeries, faults: readonly FaultInterval[], endUs: Micros): string {
  const top = 10;
  const plotH = 160;
  const bottom = top + plotH;
  const perSec = 1_000_000 / sends.bucketUs;
  const max = Math.max(1, ...sends.buckets.map((b) => (b.acked + b.failed + b.unknown) * perSec));
  const ticks = valueTicks(max);
  const vmax = Math.max(max, ticks[ticks.length - 1] ?? max);
  const toY = (v: number): number => bottom - (v / vmax) * plotH;
  const scale = timeScale(LABEL_W, PLOT_W, endUs);
  const bars = sends.buckets
    .map((b) => {
      const x = scale.at(b.startUs);
      const w = Math.max(0.5, scale.at(b.startUs + sends.bucketUs) - x - 0.5);
      let y = bottom;
      const parts: string[] = [];
      for (const [cls, n] of [
        ['ok', b.acked],
        ['failed', b.failed],
        ['unknown', b.unknown],
      ] as const) {
        if (n === 0) continue;
        const h = ((n * perSec) / vmax) * plotH;
        y -= h;
        parts.push(
          `<rect class="bar bar-${cls}" x="${px(x)}" y="${px(y)}" width="${px(w)}" height="${px(h)}"><title>${esc(`${formatTime(b.startUs)}: ${n} ${cls} (${(n * perSec).toFixed(1)}/s)`)}</title></rect>`,
        );
      }
      return parts.join('');
    })
    .join('');
  const body =
    valueAxis(ticks, toY, '/s') + timeAxis(scale, bottom, top) + bars + faultLines(faults, scale, top, bottom);
  return svg('send-rate', WIDTH, bottom + 24, 'Sends per second: acknowledged, failed, unknown', body);
}

/** Runs of consecutive buckets that have acknowledged sends (a bucket with none ends a run). */
export function latencyRuns<B extends { readonly acked: number }>(buckets: readonly B[]): B[][] {
  const runs: B[][] = [];
  let current: B[] = [];
  for (const b of buckets) {
    if (b.acked > 0) current.push(b);
    else if (current.length > 0) {
      runs.push(current);
      current = [];
    }
  }
  if (current.length > 0) runs.push(current);
  return runs;
}

/** p50 and p99 latency of acknowledged sends per bucket (buckets with none are gaps). */
export function latencyChart(sends: SendSeries, faults: readonly FaultInterval[], endUs: Micros): string {
  const top = 10;
  const plotH = 140;
  const bottom = top + plotH;
  const max = Math.max(1, ...sends.buckets.map((b) => b.p99Us / 1000));
  const ticks = valueTicks(max);
  const vmax = Math.max(max, ticks[ticks.length - 1] ?? max);
  const toY = (ms: number): number => bottom - (ms / vmax) * plotH;
  const scale = timeScale(LABEL_W, PLOT_W, endUs);
  // One polyline per run of buckets with acknowledged sends: a gap with none breaks the line
  // (issue 10 row 13), and a lone bucket is a dot.
  const line = (pick: (b: SendSeries['buckets'][number]) => number, cls: string): string =>
    latencyRuns(sends.buckets)
      .map((run) => {
        const pts = run.map((b) => [px(scale.at(b.startUs + sends.bucketUs / 2)), px(toY(pick(b) / 1000))] as const);
        const [only] = pts;
        return pts.length === 1 && only !== undefined
          ? `<circle class="${cls}" cx="${only[0]}" cy="${only[1]}" r="1.5"/>`
          : `<polyline class="${cls}" points="${pts.map(([x, y]) => `${x},${y}`).join(' ')}"/>`;
      })
      .join('');
  const body =
    valueAxis(ticks, toY, 'ms') +
    timeAxis(scale, bottom, top) +
    line((b) => b.p99Us, 'lat-p99') +
    line((b) => b.p50Us, 'lat-p50') +
    faultLines(faults, scale, top, bottom);
  return svg('latency', WIDTH, bottom + 24, 'Send latency over time: p50 and p99', body);
}

/** NameServer route-table changes: one lane per NameServer, one mark per change. */
export function routeChangesChart(r: RunResult, changes: readonly TimelineEntry[]): string {
  const namesrvs = r.nodes.filter((n) => n.kind === 'namesrv').map((n) => n.node);
  const top = 10;
  const height = top + Math.max(1, namesrvs.length) * ROW_H + 24;
  const scale = timeScale(LABEL_W, PLOT_W, r.simulatedMs * 1000);
  const lanes = namesrvs
    .map((ns, i) => {
      const y = top + i * ROW_H + ROW_H / 2;
      const marks = changes
        .filter((c) => c.node === ns)
        .map((c) => {
          const cls = c.kind === 'ns.broker-registered' ? 'rc-add' : 'rc-remove';
          return `<circle class="${cls}" cx="${px(scale.at(c.atUs))}" cy="${px(y)}" r="4"><title>${esc(`${formatTime(c.atUs)} ${c.text}`)}</title></circle>`;
        })
        .join('');
      return `<text class="label" x="${LABEL_W - 6}" y="${px(y + 4)}" text-anchor="end">${esc(ns)}</text><line class="lane" x1="${LABEL_W}" y1="${px(y)}" x2="${LABEL_W + PLOT_W}" y2="${px(y)}"/>${marks}`;
    })
    .join('');
  return svg(
    'route-changes',
    WIDTH,
    height,
    'Route table changes per NameServer',
    timeAxis(scale, height - 22, top) + lanes,
  );
}
