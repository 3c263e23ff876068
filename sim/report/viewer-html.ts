// viewer.html: the replay viewer, one self-contained page (inline CSS, data
// and script; no network, opens from file://), written beside report.html.
// The page is static markup plus viewer-script.ts; everything it shows comes
// from viewerData() embedded as JSON.
import type { Lang } from '../i18n/index.js';
import { t } from '../i18n/index.js';
import type { RunResult } from '../scenario/index.js';
import { esc } from './svg.js';
import { viewerData } from './viewer-data.js';
import { VIEWER_SCRIPT } from './viewer-script.js';

const CSS = `
*{box-sizing:border-box} body{font:13px/1.4 system-ui,-apple-system,"Segoe UI","PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;color:#1d2330;background:#f3f5f8}
header{display:flex;gap:12px;align-items:center;padding:8px 14px;background:#1d2330;color:#fff} header h1{font-size:16px;margin:0} header a{color:#9cc7f2}
header .sp{flex:1} button,select{font:inherit;padding:3px 9px;border:1px solid #b9c0cc;border-radius:4px;background:#fff;cursor:pointer}
#layout{display:grid;grid-template-columns:minmax(0,1fr) 460px;gap:10px;padding:10px 14px}
.panel{background:#fff;border:1px solid #d8dce3;border-radius:6px;padding:8px}
#cluster{width:100%;height:auto;display:block}
.group{fill:#f7f9fc;stroke:#c5cdd9;stroke-dasharray:4 3} .group-name{font-size:12px;font-weight:600;fill:#556}
.node rect{fill:#fff;stroke:#7a8594;stroke-width:1.4} .node text{text-anchor:middle;font-size:11px;fill:#1d2330} .node .name{font-weight:600;font-size:12px}
.node .info{font-size:10px;fill:#555} .node .role{font-size:10.5px}
.kind-namesrv rect{fill:#eef6ee} .kind-producer rect,.kind-consumer rect{fill:#fdf8ee}
.st-master rect{fill:#2f6fd0;stroke:#1d4f9f} .st-master text{fill:#fff} .st-master .info{fill:#e8f0ff}
.st-slave rect{fill:#cfe3f8;stroke:#6c9bd0} .st-candidate rect{fill:#e4d2f3;stroke:#8e24aa}
.st-down rect{fill:#dfe2e7;stroke:#9aa1ab;stroke-dasharray:3 2} .st-down text{fill:#8a919b}
.st-paused rect{fill:#fbe7a6;stroke:#c99a00} .cut rect{stroke:#e53935;stroke-width:2.5}
.msg{stroke-linecap:round;opacity:.55} .dot{opacity:.95} .fault-link{stroke:#e53935;stroke-width:2.5;stroke-dasharray:6 4}
#controls{display:flex;gap:8px;align-items:center;flex-wrap:wrap} #clock{font:600 15px ui-monospace,Menlo,monospace;min-width:110px}
#scrub{width:100%} #ticks{width:100%;height:12px;display:block;cursor:pointer} #ticks line{stroke-width:1.2} .tick-event{stroke:#2f6fd0} .tick-fault{stroke:#e53935;stroke-width:2.5} .tick-lifecycle{stroke:#fb8c00}
.keys{color:#667;font-size:11.5px}
#narration .label{font-size:11px;text-transform:uppercase;color:#778;margin-top:6px} #narration .decision{font-size:14px;font-weight:600}
#narration .when{font:600 13px ui-monospace,Menlo,monospace;color:#2f6fd0} #narration ul{margin:2px 0 0;padding-left:16px} #narration .none{color:#777}
#decision-list{list-style:none;margin:0;padding:0;max-height:230px;overflow:auto;font-size:11.5px} #decision-list li{padding:2px 4px;border-left:3px solid transparent;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#decision-list li.src-fault{border-left-color:#e53935} #decision-list li.src-lifecycle{border-left-color:#fb8c00} #decision-list li.current{background:#e3edfb}
#mqadmin-out{font:10.5px/1.3 ui-monospace,Menlo,monospace;white-space:pre;overflow:auto;max-height:260px;background:#1d2330;color:#d6e2f0;padding:6px;border-radius:4px;margin:4px 0 0}
.charts svg{width:100%;height:auto;display:block;cursor:pointer} .axis{stroke:#888} .tick{font-size:10px;fill:#555}
.bar-ok{fill:#43a047} .bar-failed{fill:#e53935} .bar-unknown{fill:#fb8c00} .lat-p50{fill:none;stroke:#2f6fd0;stroke-width:1.3} .lat-p99{fill:none;stroke:#c62828;stroke-width:1.3}
.fault-line{stroke:#c62828;stroke-dasharray:3 3} .cursor{stroke:#1d2330;stroke-width:1.5}
.legend span{margin-right:10px;font-size:11px} .legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:3px}
#story{white-space:pre-wrap;color:#445;font-size:12px;margin:0}
h2{font-size:13px;margin:0 0 4px}
`;

const LEGEND: readonly (readonly [string, string])[] = [
  ['#2e7d32', 'send'],
  ['#00838f', 'pull'],
  ['#9e9e9e', 'heartbeat'],
  ['#8e24aa', 'vote'],
  ['#ef6c00', 'register'],
  ['#1565c0', 'replicate'],
  ['#6d4c41', 'route'],
  ['#e53935', 'dropped'],
];

/** JSON safe inside <script>: no "</script>" or "<!--" can close or comment it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function renderViewer(r: RunResult, lang: Lang): string {
  const data = viewerData(r, lang);
  const legend = LEGEND.map(([c, k]) => `<span><i style="background:${c}"></i>${esc(k)}</span>`).join('');
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>rmqsim viewer: ${esc(r.scenario)} (seed ${r.seed})</title><style>${CSS}</style></head>
<body>
<header><h1>${esc(r.scenario)} <small>seed ${r.seed}</small> · <span data-msg="viewer.title">${esc(t(lang, 'viewer.title'))}</span></h1><span class="sp"></span>
<a href="report.html" data-msg="viewer.report">${esc(t(lang, 'viewer.report'))}</a><button id="lang" type="button"></button></header>
<div id="layout">
<div>
<div class="panel"><p id="story"></p>
<svg id="cluster" viewBox="0 0 1000 440" role="img" aria-label="cluster diagram"></svg>
<p class="legend"><b data-msg="viewer.traffic"></b>: ${legend}</p></div>
<div class="panel" id="controls-panel">
<div id="controls"><button id="prev" type="button" data-msg="viewer.prev"></button><button id="play" type="button"></button><button id="next" type="button" data-msg="viewer.next"></button>
<span data-msg="viewer.speed"></span><select id="speed" aria-label="speed"></select><span id="clock" data-us="0">0.000s</span></div>
<input id="scrub" type="range" min="0" max="1" step="1" value="0" aria-label="time">
<svg id="ticks" viewBox="0 0 1000 12" preserveAspectRatio="none"></svg>
<p class="keys" data-msg="viewer.keys"></p></div>
<div class="panel charts"><h2 data-msg="viewer.sendRate"></h2><svg id="chart-rate" viewBox="0 0 1000 110" preserveAspectRatio="none"></svg>
<h2 data-msg="viewer.latency"></h2><svg id="chart-latency" viewBox="0 0 1000 110" preserveAspectRatio="none"></svg></div>
</div>
<div>
<div class="panel" id="narration" aria-live="polite"></div>
<div class="panel"><ul id="decision-list"></ul></div>
<div class="panel"><h2 data-msg="viewer.mqadmin"></h2><select id="mqadmin-view" aria-label="mqadmin view"></select> <span id="mqadmin-asof" class="keys"></span><pre id="mqadmin-out"></pre></div>
</div>
</div>
<script type="application/json" id="viewer-data">${scriptJson(data)}</script>
<script>${VIEWER_SCRIPT}</script>
</body></html>
`;
}
