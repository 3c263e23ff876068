// Turns a run's random chaos draws into an explicit scripted fault list: each
// fault the mix applied becomes `{ at, do, target: <the nodes it hit>, peers,
// for, ...the mix entry's parameters }`, and the chaos block goes. The
// schedule can then be edited fault by fault without reseeding anything else.
// Likewise a config swarm's draw becomes the explicit cluster and workload.
import { PREFERRED_LEADER_KEY } from '../cluster/index.js';
import type { FaultInterval } from './result.js';
import {
  clusterOf,
  durationText,
  entries,
  isEntry,
  withCluster,
  withFaults,
  withWorkload,
  workloadOf,
  type Doc,
  type Entry,
} from './shrink-doc.js';
import { BURST_EVERY_US, BURST_US, type DrawnConfig } from './swarm.js';

/** Keys of a mix entry that are about drawing it, not about what it does. */
const DRAW_KEYS = new Set(['chance', 'for', 'target', 'peers']);

/** The mix entry a random fault came from: same verb, and its selector is the one the fault's detail names. */
function entryFor(mix: readonly Entry[], f: FaultInterval): Entry | undefined {
  const sameVerb = mix.filter((e) => e['do'] === f.verb);
  const named = sameVerb.find((e) => {
    const t = e['target'];
    const text = Array.isArray(t) ? t.join(',') : String(t);
    return f.detail.includes(`(${text})`) || f.detail.startsWith(`${f.verb} ${text}`);
  });
  return named ?? sameVerb[0];
}

function scripted(f: FaultInterval, params: Entry): Entry {
  const own = Object.fromEntries(Object.entries(params).filter(([k]) => !DRAW_KEYS.has(k)));
  return {
    at: durationText(f.startUs),
    ...own,
    do: f.verb,
    target: [...f.nodes],
    ...(f.peers.length > 0 ? { peers: [...f.peers] } : {}),
    ...(f.endUs !== undefined ? { for: durationText(Math.max(1000, f.endUs - f.startUs)) } : {}),
  };
}

/** The document with its chaos draws scripted (scripted faults stay as written); unchanged without chaos. */
export function scriptChaos(doc: Doc, faults: readonly FaultInterval[]): { readonly doc: Doc; readonly drawn: number } {
  const chaos = doc['chaos'];
  if (chaos === undefined) return { doc, drawn: 0 };
  const mix = typeof chaos === 'object' && chaos !== null ? entries((chaos as Entry)['mix']) : [];
  const drawn = faults.filter((f) => f.random && f.nodes.length > 0);
  const fromMix = drawn.map((f) => scripted(f, entryFor(mix, f) ?? {}));
  const { chaos: _dropped, ...rest } = doc;
  const written = entries(doc['faults']);
  return { doc: withFaults(rest, [...written, ...fromMix]), drawn: fromMix.length };
}

/** A group entry with the preferred leader the swarm drew written into its config (preferredLeaderId). */
function withDrawnPreferredLeader(group: Entry, preferred: string | undefined): Entry {
  if (preferred === undefined) return group;
  const config = group['config'];
  return { ...group, config: { ...(isEntry(config) ? config : {}), [PREFERRED_LEADER_KEY]: preferred } };
}

/** The swarm block replaced by the configuration one seed drew (so the shrunk file needs no draw). */
export function pinSwarm(doc: Doc, drawn: DrawnConfig | undefined): Doc {
  if (drawn === undefined || doc['swarm'] === undefined) return doc;
  const { swarm: _drawnHere, ...rest } = doc;
  const cluster = clusterOf(doc);
  const templates = entries(cluster['groups']);
  const groups = drawn.groups.map((g, i) =>
    withDrawnPreferredLeader(
      {
        ...(templates[i] ?? templates[0] ?? {}),
        name: g.name,
        mode: g.mode,
        replicas: g.replicas,
        ...(g.mode === 'classic' ? { brokerRole: g.brokerRole } : {}),
        flushDiskType: g.flushDiskType,
      },
      g.preferredLeader,
    ),
  );
  const names = new Set(drawn.groups.map((g) => g.name));
  const topics = entries(cluster['topics']).map((t) => ({
    ...t,
    queues: drawn.topics.find((x) => x.name === t['name'])?.queues ?? t['queues'],
    ...(Array.isArray(t['groups']) ? { groups: t['groups'].filter((x) => typeof x === 'string' && names.has(x)) } : {}),
  }));
  const w = workloadOf(doc);
  const producers = entries(w['producers']).map((p) => {
    const d = drawn.producers.find((x) => x.group === p['group']);
    if (d === undefined) return p;
    const rate =
      d.rate !== undefined && d.bursts === true
        ? { base: 0, burst: d.rate, every: durationText(BURST_EVERY_US), for: durationText(BURST_US) }
        : d.rate;
    return { ...p, instances: d.instances, ...(rate !== undefined ? { rate } : {}) };
  });
  const consumers = entries(w['consumers']).map((k) => {
    const d = drawn.consumers.find((x) => x.group === k['group']);
    if (d === undefined) return k;
    const work = { consumeTime: durationText(d.consumeTimeUs), failureRate: d.failureRate / 1_000_000 };
    return { ...k, instances: d.instances, ...work };
  });
  const pinned = withCluster(rest, { namesrvs: drawn.namesrvs, groups, topics, ...drawnClientConfig(cluster, drawn) });
  return withWorkload(pinned, { producers, consumers });
}

/** The cluster's `config` with the drawn client setting (sendLatencyFaultEnable), when one was drawn. */
function drawnClientConfig(cluster: Entry, drawn: DrawnConfig): Entry {
  if (!drawn.producers.some((p) => p.sendLatencyFaultEnable === true)) return {};
  const config = isEntry(cluster['config']) ? cluster['config'] : {};
  const client = isEntry(config['client']) ? config['client'] : {};
  return { config: { ...config, client: { ...client, sendLatencyFaultEnable: true } } };
}
