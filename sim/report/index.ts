// Public surface of the report layer: renderers (JSON, Markdown, HTML, JUnit)
// and the one writer that puts them on disk.
export * from './render-json.js';
export * from './report-files.js';
export * from './timeline-groups.js';
export * from './write-report.js';
export * from './mqadmin.js';
export * from './sweep-summary.js';
export * from './diff-model.js';
export * from './render-diff.js';
export * from './send-statuses.js';
export * from './violation-text.js';
