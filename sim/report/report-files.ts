// The four files of a run's report directory, rendered in memory (pure), so
// the writer can put them on disk all at once or not at all.
import type { RunResult } from '../scenario/index.js';
import { renderHtml } from './render-html.js';
import { reportJson, type RunMeta } from './render-json.js';
import { renderJunit } from './render-junit.js';
import { renderMarkdown } from './render-md.js';
import { renderViewer } from './viewer-html.js';

export const REPORT_FILES = ['report.json', 'report.md', 'junit.xml', 'report.html', 'viewer.html'] as const;
export type ReportFileName = (typeof REPORT_FILES)[number];

export function renderReportFiles(r: RunResult, meta: RunMeta): Readonly<Record<ReportFileName, string>> {
  return {
    'report.json': reportJson(r, meta),
    'report.md': renderMarkdown(r, meta),
    'junit.xml': renderJunit(r, meta.wallMs),
    'report.html': renderHtml(r, meta),
    'viewer.html': renderViewer(r, meta.lang ?? 'en'),
  };
}

/** reports/<scenario>/<seed> under `root`. */
export function reportDirFor(root: string, scenario: string, seed: number): string {
  return `${root.replace(/\/+$/, '')}/${scenario}/${seed}`;
}
