// Fault targets: node names and role selectors, resolved against the live
// cluster when the fault fires, so "kill the master" survives seed changes
// (TigerBeetle's A0/B1/R_ selectors). Pure: parsing needs only the text,
// resolving only a ClusterView and a random stream.
import type { NodeId, RandomStream } from '../engine/index.js';
import type { ClusterView, NodeKind } from '../cluster/index.js';

export const NODE_KINDS: readonly NodeKind[] = ['namesrv', 'broker', 'producer', 'consumer'];

/** `nodes` stands for every kind. */
export type KindOrAll = NodeKind | 'nodes';

export type Selector =
  | { readonly kind: 'node'; readonly name: string }
  | {
      readonly kind: 'leader-of' | 'master-of' | 'slaves-of' | 'brokers-of' | 'clients-of' | 'random-of';
      readonly group: string;
    }
  | { readonly kind: 'all' | 'random' | 'down'; readonly of: KindOrAll }
  /** Every node not in the fault's target (only meaningful as `peers`). */
  | { readonly kind: 'others' };

const GROUP_SELECTORS = ['leader-of', 'master-of', 'slaves-of', 'brokers-of', 'clients-of', 'random-of'] as const;
const KIND_SELECTORS = ['all', 'random', 'down'] as const;
export const SELECTOR_FORMS = [
  ...GROUP_SELECTORS.map((s) => `${s}:<group>`),
  ...KIND_SELECTORS.map((s) => `${s}:<namesrv|broker|producer|consumer|nodes>`),
  'others',
];

export type ParsedSelector =
  { readonly ok: true; readonly selector: Selector } | { readonly ok: false; readonly expected: string };

const includes = <T extends string>(list: readonly T[], s: string): s is T => (list as readonly string[]).includes(s);

export function parseSelector(text: string): ParsedSelector {
  if (text === 'others') return { ok: true, selector: { kind: 'others' } };
  const colon = text.indexOf(':');
  if (colon < 0) return { ok: true, selector: { kind: 'node', name: text } };
  const head = text.slice(0, colon);
  const arg = text.slice(colon + 1);
  if (includes(GROUP_SELECTORS, head) && arg.length > 0) return { ok: true, selector: { kind: head, group: arg } };
  if (includes(KIND_SELECTORS, head)) {
    if (arg === 'nodes' || includes(NODE_KINDS, arg)) return { ok: true, selector: { kind: head, of: arg } };
    return { ok: false, expected: `"${head}:" followed by one of ${[...NODE_KINDS, 'nodes'].join(', ')}` };
  }
  return { ok: false, expected: `a node name or one of the selectors ${SELECTOR_FORMS.join(', ')}` };
}

/** What a verb may act on: crash needs an up node, restart a down one. */
export type Eligibility = 'up' | 'down' | 'any';

export interface ResolveContext {
  readonly view: ClusterView;
  readonly rng: RandomStream;
  readonly eligible: Eligibility;
  /** The fault's resolved target, for `others`. */
  readonly exclude?: readonly NodeId[];
}

function allNodes(view: ClusterView, of: KindOrAll): readonly NodeId[] {
  return of === 'nodes' ? NODE_KINDS.flatMap((k) => view.nodesOf(k)) : view.nodesOf(of);
}

function filterEligible(nodes: readonly NodeId[], ctx: ResolveContext): NodeId[] {
  if (ctx.eligible === 'any') return [...nodes];
  const wantUp = ctx.eligible === 'up';
  return nodes.filter((n) => ctx.view.isUp(n) === wantUp);
}

function pick(nodes: readonly NodeId[], ctx: ResolveContext): NodeId[] {
  const candidates = filterEligible(nodes, ctx);
  return candidates.length === 0 ? [] : [ctx.rng.choice(candidates)];
}

/** The nodes a selector names right now; may be empty (e.g. no leader during an election). */
export function resolveSelector(s: Selector, ctx: ResolveContext): NodeId[] {
  const view = ctx.view;
  switch (s.kind) {
    case 'node':
      return [s.name as NodeId];
    case 'leader-of': {
      const n = view.leaderOf(s.group);
      return n === undefined ? [] : [n];
    }
    case 'master-of': {
      const n = view.masterOf(s.group);
      return n === undefined ? [] : [n];
    }
    case 'slaves-of':
      return [...view.slavesOf(s.group)];
    case 'brokers-of':
      return filterEligible(view.brokersOf(s.group), ctx);
    case 'clients-of':
      return filterEligible(view.clientsOf(s.group), ctx);
    case 'random-of': {
      const brokers = view.brokersOf(s.group);
      return pick(brokers.length > 0 ? brokers : view.clientsOf(s.group), ctx);
    }
    case 'all':
      return filterEligible(allNodes(view, s.of), ctx);
    case 'down':
      return allNodes(view, s.of).filter((n) => !view.isUp(n));
    case 'random':
      return pick(allNodes(view, s.of), ctx);
    case 'others': {
      const exclude = new Set<string>(ctx.exclude ?? []);
      return allNodes(view, 'nodes').filter((n) => !exclude.has(n));
    }
  }
}

/** Resolves a list of targets, keeping the first occurrence of each node, in list order. */
export function resolveTargets(targets: readonly string[], ctx: ResolveContext): NodeId[] {
  const out: NodeId[] = [];
  const seen = new Set<string>();
  for (const t of targets) {
    const parsed = parseSelector(t);
    if (!parsed.ok) continue; // validated at load time
    for (const n of resolveSelector(parsed.selector, ctx)) {
      if (seen.has(n)) continue;
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}

/** Plain words for a selector, for `rmqsim explain`. */
export function describeSelector(text: string): string {
  const parsed = parseSelector(text);
  if (!parsed.ok) return text;
  const s = parsed.selector;
  switch (s.kind) {
    case 'node':
      return s.name;
    case 'leader-of':
      return `the current Raft leader of ${s.group}`;
    case 'master-of':
      return `the current master of ${s.group}`;
    case 'slaves-of':
      return `the slaves of ${s.group}`;
    case 'brokers-of':
      return `every broker of ${s.group}`;
    case 'clients-of':
      return `every instance of ${s.group}`;
    case 'random-of':
      return `one random node of ${s.group}`;
    case 'all':
      return s.of === 'nodes' ? 'every node' : `every ${s.of}`;
    case 'random':
      return s.of === 'nodes' ? 'one random node' : `one random ${s.of}`;
    case 'down':
      return s.of === 'nodes' ? 'every node that is down' : `every ${s.of} that is down`;
    case 'others':
      return 'everything else';
  }
}
