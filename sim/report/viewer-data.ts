// The data the replay viewer (viewer.html) draws, gathered from a run in one
// JSON-safe object: node tracks, faults, the decisions in both languages, the
// NameServers' tables and the consumers' queues over time (exact, from the
// events), traffic counts per bucket, the send series, and mqadmin's views at
// each sample, pre-rendered by the same functions `rmqsim inspect` prints
// with (identical texts are stored once). Pure.
import type { Micros } from '../engine/index.js';
import { MESSAGES, zhDescriptionOf, zhStoryOf, type Lang } from '../i18n/index.js';
import { ADMIN_TPS_WINDOW_US, type AdminAt, type RunResult } from '../scenario/index.js';
import { formatBrokerStatus, formatClusterList, formatConsumerProgress, formatTopicRoute } from './mqadmin.js';
import { groupTimeline } from './timeline-groups.js';

/** One mqadmin view over time: [sample index, index into `texts`] whenever its text changes. */
export interface ViewerAdminView {
  readonly name: string;
  readonly changes: readonly (readonly [number, number])[];
}

export interface ViewerData {
  readonly scenario: string;
  readonly seed: number;
  readonly endUs: Micros;
  readonly traceHash: string;
  readonly lang: Lang;
  readonly description: string;
  /** The description in Chinese (the catalogue's telling of a shipped scenario; else the file's English). */
  readonly descriptionZh: string;
  readonly story: { readonly en: readonly string[]; readonly zh: readonly string[] };
  readonly nodes: readonly {
    readonly n: string;
    readonly k: string;
    readonly s: readonly (readonly [Micros, Micros, string, string])[];
  }[];
  readonly faults: readonly {
    readonly s: Micros;
    readonly e: Micros | null;
    readonly v: string;
    readonly nodes: readonly string[];
    readonly peers: readonly string[];
    readonly d: string;
  }[];
  readonly decisions: readonly {
    readonly t: Micros;
    readonly nodes: readonly string[];
    readonly src: string;
    readonly kind: string;
    readonly en: string;
    readonly zh: string;
  }[];
  readonly routes: readonly (readonly [Micros, string, readonly string[]])[];
  readonly owners: readonly (readonly [Micros, string, string, readonly string[]])[];
  readonly traffic: {
    readonly bucketUs: Micros;
    readonly nodes: readonly string[];
    readonly kinds: readonly string[];
    readonly rows: readonly (readonly number[])[];
  } | null;
  readonly sends: { readonly bucketUs: Micros; readonly b: readonly (readonly number[])[] };
  readonly admin: {
    readonly sampleUs: Micros;
    /** Per sample: [atUs, answering NameServer or ""]. */
    readonly samples: readonly (readonly [Micros, string])[];
    readonly views: readonly ViewerAdminView[];
    readonly texts: readonly string[];
  };
  readonly messages: Readonly<Record<Lang, Readonly<Record<string, string>>>>;
}

/** The viewer's own words (viewer.*, verdicts) in both languages. */
function viewerMessages(): Record<Lang, Record<string, string>> {
  const out: Record<Lang, Record<string, string>> = { en: {}, zh: {} };
  for (const [key, texts] of Object.entries(MESSAGES)) {
    if (!key.startsWith('viewer.') && !key.startsWith('verdict.')) continue;
    out.en[key] = texts.en;
    out.zh[key] = texts.zh;
  }
  return out;
}

/**
 * mqadmin pads its columns with spaces (a 64-wide topic column): runs of 4 to 95 spaces are stored as
 * U+E000 and one character whose code is 32 + the run's length; the viewer expands them back.
 */
export function packSpaces(text: string): string {
  return text.replace(/ {4,95}/g, (run) => `\uE000${String.fromCharCode(32 + run.length)}`);
}

/** Each view's text at each sample, without the header line (the viewer writes it from `samples`). */
function adminViews(r: RunResult): ViewerData['admin'] {
  const replay = r.replay;
  if (replay === undefined || replay.admin.length === 0) return { sampleUs: 0, samples: [], views: [], texts: [] };
  const first = replay.admin[0];
  const render: { name: string; text: (a: AdminAt) => string }[] = [{ name: 'clusterList', text: formatClusterList }];
  for (const topic of Object.keys(first?.routes ?? {}))
    render.push({ name: `topicRoute -t ${topic}`, text: (a) => formatTopicRoute(a, topic) });
  for (const group of Object.keys(first?.consumerProgress ?? {}))
    render.push({ name: `consumerProgress -g ${group}`, text: (a) => formatConsumerProgress(a, group) });
  for (const b of first?.brokerStatus ?? [])
    render.push({ name: `brokerStatus -b ${b.addr}`, text: (a) => formatBrokerStatus(a, b.addr) });
  const texts: string[] = [];
  const index = new Map<string, number>();
  const back = Math.round(ADMIN_TPS_WINDOW_US / replay.adminSampleUs);
  const views = render.map(({ name, text }) => {
    const changes: [number, number][] = [];
    let last = -1;
    replay.admin.forEach((now, i) => {
      const a: AdminAt = { now, before: replay.admin[i - back], windowUs: ADMIN_TPS_WINDOW_US };
      const body = text(a).split('\n').slice(1).join('\n');
      let at = index.get(body);
      if (at === undefined) {
        at = texts.length;
        texts.push(packSpaces(body));
        index.set(body, at);
      }
      if (at !== last) changes.push([i, at]);
      last = at;
    });
    return { name, changes };
  });
  return {
    sampleUs: replay.adminSampleUs,
    samples: replay.admin.map((a) => [a.atUs, a.namesrv ?? ''] as const),
    views,
    texts,
  };
}

export function viewerData(r: RunResult, lang: Lang): ViewerData {
  const decisions = groupTimeline(r.timeline.filter((e) => e.major)).map((e) => ({
    t: e.atUs,
    nodes: e.nodes,
    src: e.source,
    kind: e.kind,
    en: e.text,
    zh: e.zh,
  }));
  return {
    scenario: r.scenario,
    seed: r.seed,
    endUs: r.simulatedMs * 1000,
    traceHash: r.traceHash,
    lang,
    description: r.description,
    descriptionZh: zhDescriptionOf(r.scenario) ?? r.description,
    story: { en: r.explanation, zh: zhStoryOf(r.scenario) ?? [] },
    nodes: r.nodes.map((n) => ({
      n: n.node,
      k: n.kind,
      s: n.segments.map((s) => [s.fromUs, s.toUs, s.state, s.role] as const),
    })),
    faults: r.faults.map((f) => ({
      s: f.startUs,
      e: f.endUs ?? null,
      v: f.verb,
      nodes: f.nodes,
      peers: f.peers,
      d: f.detail,
    })),
    decisions,
    routes: r.replay?.routes ?? [],
    owners: r.replay?.owners ?? [],
    traffic: r.replay?.traffic ?? null,
    sends: {
      bucketUs: r.sends.bucketUs,
      b: r.sends.buckets.map((b) => [b.startUs, b.acked, b.failed, b.unknown, b.p50Us, b.p99Us]),
    },
    admin: adminViews(r),
    messages: viewerMessages(),
  };
}
