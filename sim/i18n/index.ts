// Public surface of the i18n catalogue: the languages, the typed message
// catalogue, and the Chinese telling of events, reasons, verdicts and the
// shipped scenarios' stories. English stays canonical (it feeds the trace
// hash); nothing here is hashed or changes a run. Used by scenario, report
// and cli.
export * from './event-text.js';
export { zhExplain, zhExplainLineOrUndefined, ZH_FAULT_ACTIONS, type ZhFaultKey } from './zh-explain.js';
export * from './lang.js';
export * from './messages.js';
export { describeClusterEventZh, ZH_EVENT_CATALOGUE } from './zh-events.js';
export { zhReason, zhReasonOrUndefined } from './zh-reasons.js';
export { ZH_STORIES, zhStoryOf } from './zh-stories.js';
export { noteText, zhDetail, zhDetailOrUndefined } from './zh-verdicts.js';
export * from './violations.js';
export { descriptionIn, ZH_DESCRIPTIONS, zhDescriptionOf } from './zh-descriptions.js';
