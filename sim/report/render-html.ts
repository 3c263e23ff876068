// report.html: one self-contained page (inline CSS and SVG, no scripts, no
// network): the verdict, the expectations with their evidence, the cluster
// timeline of node roles and faults, send rate and success, send latency,
// route changes per NameServer, the faults and decisions, and the figures.
import { formatTime } from '../engine/index.js';
import type { RunResult } from '../scenario/index.js';
import { compactNodes, groupTimeline, lineText, type TimelineLine } from './timeline-groups.js';
import { descriptionIn, noteText, t, zhStoryOf, type Lang } from '../i18n/index.js';
import { detailText } from './render-md.js';
import { latencyChart, nodeTimelineChart, routeChangesChart, sendRateChart } from './html-charts.js';
import { replayCommand, type RunMeta } from './render-json.js';
import { esc } from './svg.js';
import { achievedNotes, consumerTail, sendsTableHeads, sendsTableRow } from './send-statuses.js';
import { violationLine } from './violation-text.js';

const MAX_TIMELINE_ROWS = 600;

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
.verdict{display:inline-block;padding:3px 10px;border-radius:4px;font-weight:600;color:#fff}
.pass{background:#2e8540} .fail{background:#c62828}
.meta{color:#555;font-size:13px} code{font:12px ui-monospace,Menlo,monospace;background:#eceff3;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px} th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top}
th{background:#eef1f5} #sends th{overflow-wrap:anywhere} #expectations td:nth-child(2){white-space:nowrap} td.ok{color:#2e8540;font-weight:600} td.bad{color:#c62828;font-weight:600}
.evidence{margin:2px 0 0 0;padding-left:18px;color:#444} .note{color:#6b5d00}
.chart{background:#fff;border:1px solid #d8dce3;border-radius:4px;margin:4px 0}
.axis{stroke:#888} .grid{stroke:#eceff3} .tick,.label{font-size:11px;fill:#444}
.seg-up{fill:#7fc97f} .seg-master{fill:#2f6fd0} .seg-slave{fill:#9cc7f2} .seg-candidate{fill:#b07cd8}
.seg-down{fill:#d4d7dd} .seg-paused{fill:#f0c24b}
.fault{fill:#e53935;fill-opacity:.35;stroke:#c62828;stroke-width:.6}
.fault-line{stroke:#c62828;stroke-dasharray:3 3;stroke-width:1}
.bar-ok{fill:#43a047} .bar-failed{fill:#e53935} .bar-unknown{fill:#fb8c00}
.lat-p50{fill:none;stroke:#2f6fd0;stroke-width:1.5} .lat-p99{fill:none;stroke:#c62828;stroke-width:1.5}
.lane{stroke:#d8dce3} .rc-add{fill:#43a047} .rc-remove{fill:#e53935}
details#scenario{margin:8px 0} details#scenario pre{background:#fff;border:1px solid #d8dce3;padding:8px;white-space:pre-wrap;font-size:12px}
.legend span{display:inline-block;margin-right:14px;font-size:12px} .sw{display:inline-block;width:12px;height:10px;margin-right:4px;vertical-align:middle}
.t-fault td:first-child{border-left:3px solid #e53935} .t-lifecycle td:first-child{border-left:3px solid #fb8c00}
`;

function legend(items: readonly (readonly [string, string])[]): string {
  return `<p class="legend">${items.map(([color, label]) => `<span><i class="sw" style="background:${color}"></i>${esc(label)}</span>`).join('')}</p>`;
}

function expectationsTable(r: RunResult, lang: Lang): string {
  const rows = r.expectations.map((e) => {
    const evidence = [
      ...e.violations.map((v) => `<li>${esc(violationLine(v, lang))}</li>`),
      ...e.notes.map(
        (n) => `<li class="note">${esc(t(lang, 'verdict.note'))}: ${esc(noteText(lang, n, e.notePhrases))}</li>`,
      ),
    ];
    const list = evidence.length === 0 ? '' : `<ul class="evidence">${evidence.join('')}</ul>`;
    const breaks = e.expect === 'break' ? ` <small>${esc(t(lang, 'verdict.expectedBreak'))}</small>` : '';
    return `<tr><td class="${e.ok ? 'ok' : 'bad'}">${esc(t(lang, e.ok ? 'verdict.pass' : 'verdict.fail'))}</td><td>${esc(e.name)}${breaks}</td><td>${esc(detailText(lang, e.detail, e.violations))}${list}</td></tr>`;
  });
  return `<table id="expectations"><thead><tr><th></th><th>${esc(t(lang, 'report.expectation'))}</th><th>${esc(t(lang, 'report.detail'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function timelineTable(entries: readonly TimelineLine[], lang: Lang): string {
  const shown = entries.slice(0, MAX_TIMELINE_ROWS);
  const rows = shown.map(
    (e) =>
      `<tr class="t-${e.source}"><td><code>${esc(formatTime(e.atUs))}</code></td><td>${esc(compactNodes(e.nodes))}</td><td>${esc(lineText(e, lang))}</td></tr>`,
  );
  const more =
    entries.length > shown.length
      ? `<p class="meta">${entries.length - shown.length} more entries in report.json.</p>`
      : '';
  return `<table id="timeline"><thead><tr><th>${esc(t(lang, 'report.time'))}</th><th>${esc(t(lang, 'report.node'))}</th><th>${esc(t(lang, 'report.what'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

/** In Chinese, the shipped scenario's story from the catalogue. */
function zhStory(r: RunResult, lang: Lang): string {
  const story = lang === 'zh' ? zhStoryOf(r.scenario) : undefined;
  return story === undefined
    ? ''
    : `<details id="story" open><summary>${esc(t(lang, 'report.story'))}</summary><p>${story.map(esc).join('<br>')}</p></details>`;
}

function sendsTable(r: RunResult, lang: Lang): string {
  if (r.sends.groups.length === 0) return '';
  const heads = sendsTableHeads(lang);
  const rows = r.sends.groups.map((g) => {
    const [group, ...numbers] = sendsTableRow(g);
    return `<tr>${[esc(group), ...numbers].map((v) => `<td>${v}</td>`).join('')}</tr>`;
  });
  const consumed = r.consumption.map(
    (g) =>
      `<tr><td>${esc(g.group)}</td><td colspan="${heads.length - 1}">${g.total} consumed, ${g.failed} RECONSUME_LATER${esc(consumerTail(g, lang))}</td></tr>`,
  );
  const achieved = achievedNotes(r.sends.groups, lang).map((l) => `<li>${esc(l)}</li>`);
  return `<table id="sends"><thead><tr>${heads.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${[...rows, ...consumed].join('')}</tbody></table><ul id="achieved">${achieved.join('')}</ul>`;
}

function statsTable(r: RunResult): string {
  const pct = r.sends.percentiles.map(
    (p) => `<tr><td>send latency p${p.p}</td><td>${(p.us / 1000).toFixed(2)} ms</td></tr>`,
  );
  const stats = Object.keys(r.stats)
    .sort()
    .map((k) => `<tr><td>${esc(k)}</td><td>${r.stats[k] ?? 0}</td></tr>`);
  return `<table id="figures"><tbody>${[...pct, ...stats].join('')}</tbody></table>`;
}

function faultsTable(r: RunResult, lang: Lang): string {
  if (r.faults.length === 0) return '<p class="meta">No faults were injected.</p>';
  const rows = r.faults.map(
    (f) =>
      `<tr><td><code>${esc(formatTime(f.startUs))}</code></td><td><code>${f.endUs === undefined ? '-' : esc(formatTime(f.endUs))}</code></td><td>${esc(t(lang, f.random ? 'report.faultRandom' : 'report.faultScripted'))}</td><td>${esc(f.detail)}</td></tr>`,
  );
  return `<table id="faults"><thead><tr><th>from</th><th>until</th><th>${esc(t(lang, 'report.faultSource'))}</th><th>fault</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

export function renderHtml(r: RunResult, meta: RunMeta): string {
  const lang = meta.lang ?? 'en';
  const endUs = r.simulatedMs * 1000;
  const failed = r.expectations.filter((e) => !e.ok).length;
  const verdict = r.ok
    ? `<span class="verdict pass">${esc(t(lang, 'verdict.pass'))}</span>`
    : `<span class="verdict fail">${esc(t(lang, 'verdict.brokenShort', { failed }))}</span>`;
  const routeChanges = r.timeline.filter(
    (e) => e.kind === 'ns.broker-registered' || e.kind === 'ns.broker-removed' || e.kind === 'ns.group-removed',
  );
  const major = groupTimeline(r.timeline.filter((e) => e.major));
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>rmqsim: ${esc(r.scenario)} (seed ${r.seed})</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(r.scenario)} <small>seed ${r.seed}</small></h1>
<p>${verdict}</p>
<p>${esc(descriptionIn(lang, r.scenario, r.description))}</p>
${zhStory(r, lang)}
<p id="viewer-link"><a href="viewer.html">${esc(t(lang, 'report.viewer'))}</a></p>
<p class="meta">Simulated ${esc(formatTime(endUs))} in ${(meta.wallMs / 1000).toFixed(1)} s; ${r.events} events; trace hash <code>${esc(r.traceHash)}</code>; scenario digest <code>${esc(r.scenarioDigest)}</code>; rmqsim ${esc(meta.codeVersion)}${r.bugs.length > 0 ? `; bug switches: ${esc(r.bugs.join(', '))}` : ''}.<br>Reproduce: <code>${esc(replayCommand(r))}</code></p>
<details id="scenario"><summary>The scenario in plain words</summary><pre>${esc(r.explanation.join('\n'))}</pre></details>
<h2>${esc(t(lang, 'expectations.title'))}</h2>
${expectationsTable(r, lang)}
<h2>Cluster timeline: node roles and faults</h2>
${legend([
  ['#2f6fd0', 'master / leader'],
  ['#9cc7f2', 'slave / follower'],
  ['#b07cd8', 'candidate'],
  ['#7fc97f', 'up'],
  ['#f0c24b', 'paused'],
  ['#d4d7dd', 'down'],
  ['rgba(229,57,53,.45)', 'fault'],
])}
${nodeTimelineChart(r.nodes, r.faults, endUs)}
<h2>Send rate and success</h2>
${legend([
  ['#43a047', 'acknowledged'],
  ['#e53935', 'failed'],
  ['#fb8c00', 'unknown (timed out)'],
])}
${sendRateChart(r.sends, r.faults, endUs)}
<h2>Send latency</h2>
${legend([
  ['#2f6fd0', 'p50'],
  ['#c62828', 'p99'],
])}
${latencyChart(r.sends, r.faults, endUs)}
<h2>Route changes per NameServer</h2>
${legend([
  ['#43a047', 'broker registered (new id)'],
  ['#e53935', 'broker or group removed'],
])}
${routeChangesChart(r, routeChanges)}
<h2>${esc(t(lang, 'report.faults'))}</h2>
${faultsTable(r, lang)}
<h2>${esc(t(lang, 'report.whatHappened'))}</h2>
${timelineTable(major, lang)}
<h2>Figures</h2>
${sendsTable(r, lang)}
${statsTable(r)}
</main></body></html>
`;
}
