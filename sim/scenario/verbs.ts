// The fault verb table: one row per scenario verb (turmoil's vocabulary:
// crash, restart, partition, hold, heal, ...) saying which keys it takes in a
// scenario file (its zod shape, and from it its members of the scripted-fault
// and chaos-mix unions) and how they become its typed action, which nodes it
// may hit, how it is applied through the kernel's fault API and undone, how
// `rmqsim explain` tells it in plain words, and which key of the i18n
// catalogue (ZH_FAULT_ACTIONS) tells it in Chinese. schema.ts, to-spec.ts,
// fault-apply.ts and explain.ts only look rows up.
// FaultVerb (the table's keys) and FaultAction (what the rows' toAction
// make) are derived from the table, and so are the schema's fault unions.
// Adding a verb: its row here and its Chinese rule in sim/i18n/zh-explain.ts
// (test/scenario/verbs.test.ts fails when the rule is missing).
import { z } from 'zod';
import { fail } from '../base/index.js';
import {
  NO_PACKET_FAULTS,
  percentText,
  type HostId,
  type Message,
  type NodeId,
  type Simulation,
} from '../engine/index.js';
import type { ZhFaultKey } from '../i18n/index.js';
import { formatSpan, targets } from './plain-words.js';
import { duration, MIX_TIMING, perMillion, SCRIPTED_TIMING, targets as targetList } from './schema-parts.js';
import type { Eligibility } from './selectors.js';

/** How to take a fault back; runs once. */
export type Undo = () => void;

/** The kernel calls a fault verb may make (a slice of Simulation's fault API). */
export type FaultKernel = Pick<
  Simulation<Message, unknown>,
  | 'crash'
  | 'restart'
  | 'powerLoss'
  | 'powerOn'
  | 'pause'
  | 'resume'
  | 'partition'
  | 'partitionOneWay'
  | 'repair'
  | 'hold'
  | 'release'
  | 'setLatency'
  | 'setPacketFaults'
  | 'slowDisk'
  | 'fillDisk'
  | 'failFsyncs'
  | 'resetConnection'
  | 'setClockSkew'
  | 'hostOf'
  | 'isHostUp'
  | 'isUp'
  | 'traceFault'
>;

/** What a row's `apply` is given besides its action and resolved targets. */
export interface FaultContext {
  readonly sim: FaultKernel;
  /** Registers a latency or packet fault so a heal removes it; the returned undo runs at most once. */
  readonly linkFault: (undo: Undo) => Undo;
  /** Registers a hold so a heal releases it (after the partitions heal); the returned release runs at most once. */
  readonly heldLink: (release: Undo) => Undo;
  /** Heals every partition, removes every latency and packet fault and releases every hold in force. */
  healAll(): void;
}

/** What every action has: the verb whose row applies it. */
interface AnyAction {
  readonly verb: string;
}

/** One verb, typed by its schema shape S and its action A. */
interface TypedRow<V extends string, S extends z.ZodRawShape, A extends AnyAction> {
  /** The verb's own keys in a scenario file (besides `do` and the timing keys), with their defaults and bounds. */
  readonly shape: S;
  /** The validated keys as the typed action. */
  toAction(raw: z.output<z.ZodObject<S>>): A;
  /** Which nodes a selector may pick for this verb when it fires. */
  readonly eligible: Eligibility;
  /** The key of its Chinese text in the i18n catalogue (ZH_FAULT_ACTIONS). */
  readonly zh: ZhFaultKey;
  /** The timeline's line for a verb without targets (heal). */
  readonly untargetedDetail?: string;
  /** The action in plain words, for `rmqsim explain`. */
  explain(a: A): string;
  /** Applies the action to the resolved nodes (and peers); returns its undo when it has one. */
  apply(
    ctx: FaultContext,
    a: A & { readonly verb: V },
    nodes: readonly NodeId[],
    peers: readonly NodeId[],
  ): Undo | undefined;
}

/** A verb's member of a fault union: its own keys, the timing keys T, and `do: <verb>`. */
export type FaultMember<V extends string, S extends z.ZodRawShape, T extends z.ZodRawShape> = z.ZodObject<
  S & T & { do: z.ZodLiteral<V> }
>;

/** A row as schema.ts, fault-apply.ts and explain.ts see it: any action, checked against the row's verb. */
export interface VerbRow<
  V extends string = string,
  S extends z.ZodRawShape = z.ZodRawShape,
  A extends AnyAction = AnyAction,
> {
  readonly verb: V;
  readonly shape: S;
  /** Its member of the scripted-fault union (schema.ts's `faults:` entries). */
  readonly scripted: FaultMember<V, S, typeof SCRIPTED_TIMING>;
  /** Its member of the chaos mix union (`chaos.mix` entries). */
  readonly mix: FaultMember<V, S, typeof MIX_TIMING>;
  toAction(raw: z.output<z.ZodObject<S>>): A;
  readonly eligible: Eligibility;
  readonly zh: ZhFaultKey;
  readonly untargetedDetail: string | undefined;
  explain(a: AnyAction): string;
  apply(ctx: FaultContext, a: AnyAction, nodes: readonly NodeId[], peers: readonly NodeId[]): Undo | undefined;
}

function member<V extends string, S extends z.ZodRawShape, T extends z.ZodRawShape>(
  verb: V,
  shape: S,
  timing: T,
): FaultMember<V, S, T> {
  return z.object({ ...shape, ...timing, do: z.literal(verb) });
}

function row<V extends string, S extends z.ZodRawShape, A extends { readonly verb: V }>(
  verb: V,
  r: TypedRow<V, S, A>,
): VerbRow<V, S, A> {
  const own = (a: AnyAction): A => {
    const isOwn = (x: AnyAction): x is A => x.verb === verb;
    return isOwn(a) ? a : fail(`fault verb row "${verb}" given a "${a.verb}" action`);
  };
  return {
    verb,
    shape: r.shape,
    toAction: (raw) => r.toAction(raw),
    eligible: r.eligible,
    zh: r.zh,
    untargetedDetail: r.untargetedDetail,
    scripted: member(verb, r.shape, SCRIPTED_TIMING),
    mix: member(verb, r.shape, MIX_TIMING),
    explain: (a) => r.explain(own(a)),
    apply: (ctx, a, nodes, peers) => r.apply(ctx, own(a), nodes, peers),
  };
}

const others = (peers: readonly string[] | undefined): string => targets(peers ?? ['others']);

/** Restarts processes that are down; powers their host on first when it is off. */
function bringBack(sim: FaultKernel, nodes: readonly NodeId[]): void {
  for (const n of nodes) {
    const host = sim.hostOf(n);
    if (!sim.isHostUp(host)) sim.powerOn(host);
    else if (!sim.isUp(n)) sim.restart(n);
  }
}

function hostsOf(sim: FaultKernel, nodes: readonly NodeId[]): HostId[] {
  const hosts: HostId[] = [];
  for (const n of nodes) {
    const h = sim.hostOf(n);
    if (!hosts.includes(h)) hosts.push(h);
  }
  return hosts;
}

/** Sets a disk fault on every host of `nodes`, tracing it and its end. */
function diskFault(sim: FaultKernel, nodes: readonly NodeId[], what: string, set: (host: HostId) => Undo): Undo {
  const undos = hostsOf(sim, nodes).map((h) => {
    const restore = set(h);
    sim.traceFault(what.split(' ')[0] ?? what, `${h} ${what}`);
    return (): void => {
      restore();
      sim.traceFault('disk-restored', `${h} (${what} over)`);
    };
  });
  return () => undos.forEach((u) => u());
}

const target = { target: targetList };
const targetAndPeers = { target: targetList, peers: targetList.optional() };

/** Every fault verb a scenario may use, one row each. */
export const FAULT_VERBS = {
  crash: row('crash', {
    shape: target,
    toAction: ({ target: t }) => ({ verb: 'crash', target: t }),
    eligible: 'up',
    zh: 'crash',
    explain: (a) => `kill ${targets(a.target)} (the process dies; its host answers with RST)`,
    apply: ({ sim }, _a, nodes) => {
      for (const n of nodes) sim.crash(n);
      return () => bringBack(sim, nodes);
    },
  }),
  restart: row('restart', {
    shape: target,
    toAction: ({ target: t }) => ({ verb: 'restart', target: t }),
    eligible: 'down',
    zh: 'restart',
    explain: (a) => `restart ${targets(a.target)} (a fresh process recovers from its disk)`,
    apply: ({ sim }, _a, nodes) => {
      // A process that is up is bounced (killed, then started fresh), as `systemctl restart` would.
      for (const n of nodes) {
        const host = sim.hostOf(n);
        if (!sim.isHostUp(host)) sim.powerOn(host);
        else sim.restart(n);
      }
      return undefined;
    },
  }),
  'power-loss': row('power-loss', {
    shape: target,
    toAction: ({ target: t }) => ({ verb: 'power-loss', target: t }),
    eligible: 'up',
    zh: 'power-loss',
    explain: (a) => `cut the power of the host of ${targets(a.target)} (silence, and unsynced writes are lost)`,
    apply: ({ sim }, _a, nodes) => {
      const hosts = hostsOf(sim, nodes);
      for (const h of hosts) sim.powerLoss(h);
      return () => hosts.forEach((h) => sim.powerOn(h));
    },
  }),
  pause: row('pause', {
    shape: target,
    toAction: ({ target: t }) => ({ verb: 'pause', target: t }),
    eligible: 'up',
    zh: 'pause',
    explain: (a) => `pause ${targets(a.target)} (a long GC: nothing runs, peers see silence)`,
    apply: ({ sim }, _a, nodes) => {
      for (const n of nodes) sim.pause(n);
      return () => nodes.forEach((n) => sim.resume(n));
    },
  }),
  resume: row('resume', {
    shape: target,
    toAction: ({ target: t }) => ({ verb: 'resume', target: t }),
    eligible: 'any',
    zh: 'resume',
    explain: (a) => `resume ${targets(a.target)}`,
    apply: ({ sim }, _a, nodes) => {
      for (const n of nodes) sim.resume(n);
      return undefined;
    },
  }),
  partition: row('partition', {
    shape: targetAndPeers,
    toAction: ({ target: t, peers }) => ({ verb: 'partition', target: t, peers }),
    eligible: 'any',
    zh: 'partition',
    explain: (a) => `cut the network between ${targets(a.target)} and ${others(a.peers)}, both ways`,
    apply: ({ sim }, _a, nodes, peers) => {
      const cut = sim.partition(nodes, peers);
      return () => sim.repair(cut);
    },
  }),
  'partition-one-way': row('partition-one-way', {
    shape: targetAndPeers,
    toAction: ({ target: t, peers }) => ({ verb: 'partition-one-way', target: t, peers }),
    eligible: 'any',
    zh: 'partition-one-way',
    explain: (a) => `drop everything ${targets(a.target)} sends to ${others(a.peers)}`,
    apply: ({ sim }, _a, nodes, peers) => {
      const cut = sim.partitionOneWay(nodes, peers);
      return () => sim.repair(cut);
    },
  }),
  hold: row('hold', {
    shape: targetAndPeers,
    toAction: ({ target: t, peers }) => ({ verb: 'hold', target: t, peers }),
    eligible: 'any',
    zh: 'hold',
    explain: (a) =>
      `hold the network between ${targets(a.target)} and ${others(a.peers)}, both ways (what is sent waits, then arrives in order)`,
    apply: ({ sim, heldLink }, _a, nodes, peers) => {
      // turmoil's hold/release: what is sent waits in the network, not dropped; a heal releases it too.
      const held = sim.hold(nodes, peers);
      return heldLink(() => sim.release(held));
    },
  }),
  heal: row('heal', {
    shape: {},
    toAction: () => ({ verb: 'heal' }),
    eligible: 'any',
    zh: 'heal',
    untargetedDetail: 'heal every partition',
    explain: () => 'heal every partition and link fault',
    apply: (ctx) => {
      ctx.healAll();
      return undefined;
    },
  }),
  latency: row('latency', {
    shape: { ...targetAndPeers, extra: duration, jitter: duration.default(0) },
    toAction: (r) => ({ verb: 'latency', target: r.target, peers: r.peers, extraUs: r.extra, jitterUs: r.jitter }),
    eligible: 'any',
    zh: 'latency',
    explain: (a) =>
      `add ${formatSpan(a.extraUs)} (+/- ${formatSpan(a.jitterUs)}) of latency between ${targets(a.target)} and ${others(a.peers)}`,
    apply: ({ sim, linkFault }, a, nodes, peers) => {
      sim.setLatency(nodes, peers, a.extraUs, a.jitterUs);
      return linkFault(() => sim.setLatency(nodes, peers, 0, 0));
    },
  }),
  'packet-loss': row('packet-loss', {
    shape: {
      ...targetAndPeers,
      loss: perMillion,
      duplicate: perMillion.default(0),
      reorder: perMillion.default(0),
      reorderWindow: duration.default('10ms'),
    },
    toAction: (r) => ({
      verb: 'packet-loss',
      target: r.target,
      peers: r.peers,
      loss: r.loss,
      duplicate: r.duplicate,
      reorder: r.reorder,
      reorderWindowUs: r.reorderWindow,
    }),
    eligible: 'any',
    zh: 'packet-loss',
    explain: (a) => `lose ${percentText(a.loss)} of messages between ${targets(a.target)} and ${others(a.peers)}`,
    apply: ({ sim, linkFault }, a, nodes, peers) => {
      sim.setPacketFaults(nodes, peers, {
        loss: a.loss,
        duplicate: a.duplicate,
        reorder: a.reorder,
        reorderWindowUs: a.reorderWindowUs,
      });
      return linkFault(() => sim.setPacketFaults(nodes, peers, NO_PACKET_FAULTS));
    },
  }),
  'slow-disk': row('slow-disk', {
    shape: { ...target, factor: z.number().min(1).max(10_000) },
    toAction: (r) => ({ verb: 'slow-disk', target: r.target, factor: r.factor }),
    eligible: 'any',
    zh: 'slow-disk',
    explain: (a) => `make the disk of ${targets(a.target)} ${a.factor}x slower to fsync`,
    apply: ({ sim }, a, nodes) => diskFault(sim, nodes, `slow-disk x${a.factor}`, (h) => sim.slowDisk(h, a.factor)),
  }),
  'disk-full': row('disk-full', {
    shape: target,
    toAction: ({ target: t }) => ({ verb: 'disk-full', target: t }),
    eligible: 'any',
    zh: 'disk-full',
    explain: (a) => `fill the disk of ${targets(a.target)} (writes fail)`,
    apply: ({ sim }, _a, nodes) => diskFault(sim, nodes, 'disk-full', (h) => sim.fillDisk(h)),
  }),
  'failed-fsync': row('failed-fsync', {
    shape: target,
    toAction: ({ target: t }) => ({ verb: 'failed-fsync', target: t }),
    eligible: 'any',
    zh: 'failed-fsync',
    explain: (a) => `make every fsync on the disk of ${targets(a.target)} fail (writes stay in the page cache)`,
    apply: ({ sim }, _a, nodes) => diskFault(sim, nodes, 'failed-fsync', (h) => sim.failFsyncs(h)),
  }),
  'connection-reset': row('connection-reset', {
    shape: targetAndPeers,
    toAction: ({ target: t, peers }) => ({ verb: 'connection-reset', target: t, peers }),
    eligible: 'up',
    zh: 'connection-reset',
    explain: (a) =>
      `reset the connections between ${targets(a.target)} and ${others(a.peers)} (both sides see the channel close)`,
    apply: ({ sim }, _a, nodes, peers) => {
      // One TCP reset per pair (Netty's channelInactive on both ends); nothing to undo.
      for (const n of nodes) for (const p of peers) if (sim.isUp(n) && sim.isUp(p)) sim.resetConnection(n, p);
      return undefined;
    },
  }),
  'clock-skew': row('clock-skew', {
    shape: { ...target, skew: duration },
    toAction: (r) => ({ verb: 'clock-skew', target: r.target, skewUs: r.skew }),
    eligible: 'any',
    zh: 'clock-skew',
    explain: (a) =>
      `skew the clock of ${targets(a.target)} by ${formatSpan(Math.abs(a.skewUs))}${a.skewUs < 0 ? ' backwards' : ''} (timestamps only; timers are unaffected)`,
    apply: ({ sim }, a, nodes) => {
      for (const n of nodes) sim.setClockSkew(n, a.skewUs);
      return () => nodes.forEach((n) => sim.setClockSkew(n, 0));
    },
  }),
} as const;

/** Every fault verb a scenario may use: the table's keys. */
export type FaultVerb = keyof typeof FAULT_VERBS;

/** What one fault does, without its timing: one member per verb, as its row's toAction makes it. */
export type FaultAction = Readonly<ReturnType<(typeof FAULT_VERBS)[FaultVerb]['toAction']>>;

/** Each key names its own row. */
const _KEYED: { readonly [V in FaultVerb]: { readonly verb: V } } = FAULT_VERBS;

const VERB_NAMES: readonly string[] = Object.keys(FAULT_VERBS);

/** Whether `x` names a row of the table. */
export function isFaultVerb(x: unknown): x is FaultVerb {
  return typeof x === 'string' && VERB_NAMES.includes(x);
}

/** The validated keys of verb V in a scenario file. */
export type RawAction<V extends FaultVerb> = z.output<z.ZodObject<(typeof FAULT_VERBS)[V]['shape']>>;

const CONVERT: { readonly [V in FaultVerb]: { toAction(raw: RawAction<V>): FaultAction } } = FAULT_VERBS;

/** A validated fault entry (a scripted fault or a mix entry) as its typed action, by its verb's row. */
export function toFaultAction<V extends FaultVerb>(raw: RawAction<V> & { readonly do: V }): FaultAction {
  return CONVERT[raw.do].toAction(raw);
}
