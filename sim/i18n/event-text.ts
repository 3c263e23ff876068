// One entry point for telling a cluster event, a fault or a lifecycle change
// in either language. English comes from the canonical describe*() lines
// (the ones the trace hash digests); Chinese from the catalogue.
import type { LifecycleChange } from '../engine/index.js';
import { describeClusterEvent, type ClusterEvent } from '../protocol/index.js';
import type { Lang } from './lang.js';
import { t } from './messages.js';
import { describeClusterEventZh } from './zh-events.js';

export function eventText(e: ClusterEvent, lang: Lang): string {
  return lang === 'en' ? describeClusterEvent(e) : describeClusterEventZh(e);
}

/** "broker-a-1 crashes (process killed; ...)". */
export function lifecycleText(node: string, what: LifecycleChange, lang: Lang): string {
  return `${node} ${t(lang, `lifecycle.${what}`)}`;
}

/** "fault crash broker-a-1 (master-of:broker-a)": the detail (selectors, node names) is the same in both. */
export function faultText(detail: string, lang: Lang): string {
  return `${t(lang, 'timeline.fault')} ${detail}`;
}
