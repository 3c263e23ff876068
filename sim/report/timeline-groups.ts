// Folds a run's timeline for reading: the node's name is taken off the front
// of each line (it has its own column), and lines that say the same thing in
// the same millisecond on several nodes become one line naming them all
// ("ns-1,ns-2,ns-3  registered broker-a id=0 at broker-a-0"). Pure.
import { compareNodeNames, splitNodeName } from '../base/index.js';
import type { Micros } from '../engine/index.js';
import type { Lang } from '../i18n/index.js';
import type { TimelineEntry, TimelineSource } from '../scenario/index.js';

export interface TimelineLine {
  readonly atUs: Micros;
  readonly nodes: readonly string[];
  readonly source: TimelineSource;
  readonly kind: string;
  readonly text: string;
  /** The same line in Chinese. */
  readonly zh: string;
  readonly major: boolean;
}

/** A line's text in the language asked for. */
export function lineText(line: { readonly text: string; readonly zh: string }, lang: Lang): string {
  return lang === 'zh' ? line.zh : line.text;
}

/** The text without its leading node name ("ns-1: x" or "ns-1 x" -> "x"). */
function stripNode(node: string, text: string): string {
  if (node === '-') return text;
  if (text.startsWith(`${node}: `)) return text.slice(node.length + 2);
  if (text.startsWith(`${node} `)) return text.slice(node.length + 1);
  return text;
}

/** The entry's text without its leading node name ("ns-1: x" or "ns-1 x" -> "x"). */
export function withoutNode(e: TimelineEntry): string {
  return stripNode(e.node, e.text);
}

export function groupTimeline(entries: readonly TimelineEntry[]): TimelineLine[] {
  const out: TimelineLine[] = [];
  let chunkMs = -1;
  let chunk = new Map<string, { line: TimelineLine; nodes: string[] }>();
  const flush = (): void => {
    for (const { line, nodes } of chunk.values()) out.push({ ...line, nodes });
    chunk = new Map();
  };
  for (const e of entries) {
    const ms = Math.floor(e.atUs / 1000);
    if (ms !== chunkMs) {
      flush();
      chunkMs = ms;
    }
    const text = withoutNode(e);
    const key = `${e.source}|${e.kind}|${text}`;
    const same = chunk.get(key);
    const nodes = e.node === '-' ? [] : [e.node];
    if (same === undefined)
      chunk.set(key, {
        line: {
          atUs: e.atUs,
          nodes,
          source: e.source,
          kind: e.kind,
          text,
          zh: stripNode(e.node, e.zh),
          major: e.major,
        },
        nodes: [...nodes],
      });
    else if (e.node !== '-' && !same.nodes.includes(e.node)) same.nodes.push(e.node);
  }
  flush();
  return out;
}

/** A node list for people: sorted, runs folded ("ns-1..3", "producer-2,producer-4"). */
export function compactNodes(nodes: readonly string[]): string {
  const sorted = [...nodes].sort(compareNodeNames).map(splitNodeName);
  const parts: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const [prefix, first] = sorted[i] ?? ['', -1];
    let j = i;
    while (
      first >= 0 &&
      j + 1 < sorted.length &&
      sorted[j + 1]?.[0] === prefix &&
      sorted[j + 1]?.[1] === first + (j + 1 - i)
    )
      j++;
    const last = first + (j - i);
    parts.push(
      first < 0
        ? prefix
        : j - i >= 2
          ? `${prefix}${first}..${last}`
          : Array.from({ length: j - i + 1 }, (_, k) => `${prefix}${first + k}`).join(','),
    );
    i = j + 1;
  }
  return parts.join(',');
}
