// diff.html: two runs of one seed side by side. The differing rows of each
// section are marked, and the two runs' charts (node roles and faults, sends
// per second, latency) are drawn one above the other on one shared time axis,
// so a failover in A lines up with the same moment in B. Self-contained like
// report.html. Pure.
import type { RunResult } from '../scenario/index.js';
import type { DiffSection } from './diff-model.js';
import { latencyChart, nodeTimelineChart, sendRateChart } from './html-charts.js';
import { esc } from './svg.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px} h1{font-size:22px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dce3;padding-bottom:4px} h3{font-size:14px;margin:14px 0 4px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px;table-layout:fixed}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top;overflow-wrap:anywhere}
th{background:#eef1f5} th:first-child{width:26%} tr.differs td{background:#fff6d6} tr.differs td:first-child{border-left:3px solid #e0a800}
.meta{color:#555;font-size:13px} code{font:12px ui-monospace,Menlo,monospace;background:#eceff3;padding:1px 4px;border-radius:3px}
.chart{background:#fff;border:1px solid #d8dce3;border-radius:4px;margin:4px 0}
.axis{stroke:#888} .grid{stroke:#eceff3} .tick,.label{font-size:11px;fill:#444}
.seg-up{fill:#7fc97f} .seg-master{fill:#2f6fd0} .seg-slave{fill:#9cc7f2} .seg-candidate{fill:#b07cd8}
.seg-down{fill:#d4d7dd} .seg-paused{fill:#f0c24b}
.fault{fill:#e53935;fill-opacity:.35;stroke:#c62828;stroke-width:.6} .fault-line{stroke:#c62828;stroke-dasharray:3 3;stroke-width:1}
.bar-ok{fill:#43a047} .bar-failed{fill:#e53935} .bar-unknown{fill:#fb8c00}
.lat-p50{fill:none;stroke:#2f6fd0;stroke-width:1.5} .lat-p99{fill:none;stroke:#c62828;stroke-width:1.5}
.side{font-weight:600;color:#2f3b52}
`;

export interface DiffSides {
  readonly a: RunResult;
  readonly b: RunResult;
  /** How each side was produced, e.g. the file, or "same file --set broker.flushDiskType=SYNC_FLUSH". */
  readonly labelA: string;
  readonly labelB: string;
}

function sectionTable(s: DiffSection): string {
  const rows = s.rows.map(
    (r) =>
      `<tr${r.differs ? ' class="differs"' : ''}><td>${esc(r.label)}</td><td>${esc(r.a)}</td><td>${esc(r.b)}</td></tr>`,
  );
  return `<h2>${esc(s.title)}</h2><table><thead><tr><th></th><th>A</th><th>B</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Prefixes the chart's id so A's and B's charts stay distinct in one page. */
const side = (prefix: string, chart: string): string => chart.replace(/^<svg id="/, `<svg id="${prefix}-`);

export function renderDiffHtml(d: DiffSides, sections: readonly DiffSection[]): string {
  const endUs = Math.max(d.a.simulatedMs, d.b.simulatedMs) * 1000;
  const pair = (title: string, draw: (r: RunResult) => string): string =>
    `<h3>${esc(title)}</h3><p class="side">A</p>${side('a', draw(d.a))}<p class="side">B</p>${side('b', draw(d.b))}`;
  const charts = [
    pair('Node roles and faults', (r) => nodeTimelineChart(r.nodes, r.faults, endUs)),
    pair('Sends per second: acknowledged, failed, unknown', (r) => sendRateChart(r.sends, r.faults, endUs)),
    pair('Send latency: p50 and p99', (r) => latencyChart(r.sends, r.faults, endUs)),
  ];
  const differing = sections.reduce((n, s) => n + s.rows.filter((r) => r.differs).length, 0);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>rmqsim diff: ${esc(d.a.scenario)} vs ${esc(d.b.scenario)} (seed ${d.a.seed})</title><style>${CSS}</style></head><body><main>`,
    `<h1>What if? Same seed (${d.a.seed}), two configurations</h1>`,
    `<p class="meta"><b>A</b> ${esc(d.labelA)} — trace <code>${esc(d.a.traceHash)}</code><br><b>B</b> ${esc(d.labelB)} — trace <code>${esc(d.b.traceHash)}</code></p>`,
    `<p class="meta">${differing} row(s) differ (highlighted). Charts share one time axis.</p>`,
    ...sections.map(sectionTable),
    '<h2>Charts, A above B</h2>',
    ...charts,
    '</main></body></html>',
    '',
  ].join('\n');
}
