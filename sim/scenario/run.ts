// Runs one scenario with one seed: builds the simulation and the cluster,
// subscribes the expectations' checkers and the timeline recorder, installs
// the faults, runs to the duration and gathers verdicts, figures, the trace
// hash and the material for reports. Pure simulation: no real time or I/O
// (wall time is the CLI's business), so the same scenario and seed always
// give the same RunResult.
import { canonicalJson } from '../base/index.js';
import {
  assert,
  DEFAULT_DISK,
  Simulation,
  TraceHasher,
  type Micros,
  type SimulationOptions,
  type TraceSink,
} from '../engine/index.js';
import type { CheckResult } from '../check/index.js';
import { consumptionsPerGroup, type History } from '../history/index.js';
import { describeClusterEvent, hashClusterEvent, type ClusterEvent, type WireMessage } from '../protocol/index.js';
import { defaultBuildCluster } from './cluster-binding.js';
import type { BuildCluster, FaultSource } from './cluster-seam.js';
import { explainScenario } from './explain.js';
import { FaultInjector } from './faults.js';
import type { ExpectationVerdict, FaultInterval, RunResult } from './result.js';
import { nodeNames, type AdminSnapshot } from '../cluster/index.js';
import { DEFAULT_TRAFFIC_BUCKET_US, TrafficRecorder } from './traffic.js';
import { StateRecorder } from './state-recorder.js';
import { summarizeSends } from './summaries.js';
import { consumerLoad, consumptionSummaries } from './consumption-summary.js';
import { drawSwarm, type DrawnConfig } from './swarm.js';
import { TimelineRecorder } from './timeline.js';
import { expectationName, type ExpectationSpec, type Scenario } from './types.js';

export interface RunOptions {
  /** Overrides the scenario's default seed. */
  readonly seed?: number;
  readonly bugs?: readonly string[];
  /** Called a thousand times per run with the simulated time reached and the kernel events so far. */
  readonly onProgress?: (simulatedUs: Micros, durationUs: Micros, events: number) => void;
  /** The cluster builder; tests pass a fake one. */
  readonly build?: BuildCluster;
  /** Extra trace sinks (e.g. a JSONL trace writer). */
  readonly sinks?: readonly TraceSink<ClusterEvent>[];
  /** Record what the replay viewer draws (RunResult.replay): mqadmin samples, traffic counts, route tables and queue owners. */
  readonly replay?: ReplayOptions;
  /** Called once at the end with the clients' history (e.g. `run --history FILE`). */
  readonly onHistory?: (h: History, endUs: Micros) => void;
}

export interface ReplayOptions {
  /** An mqadmin snapshot every this many simulated us (0: none). */
  readonly adminSampleUs: Micros;
  /** Traffic counted per bucket of this many us. */
  readonly trafficBucketUs: Micros;
}

/** The viewer's defaults: mqadmin every 5 s, traffic per 500 ms (the sizes README states come from these). */
export const DEFAULT_REPLAY: ReplayOptions = { adminSampleUs: 5_000_000, trafficBucketUs: DEFAULT_TRAFFIC_BUCKET_US };

/** mqadmin's TPS figures are rates over the broker's last 10 s (BrokerStatsManager's moving window). */
export const ADMIN_TPS_WINDOW_US: Micros = 10_000_000;

/** An mqadmin snapshot at an instant, and one a window earlier for rates. */
export interface AdminAt {
  readonly now: AdminSnapshot;
  readonly before: AdminSnapshot | undefined;
  readonly windowUs: Micros;
}

const PROGRESS_STEPS = 1000;

/** Faults whose kernel trace shows only their effect (lifecycle), not the selector behind them. */
const PROCESS_VERBS: ReadonlySet<string> = new Set(['crash', 'restart', 'power-loss', 'pause', 'resume']);

/** Routes each domain event to the sinks that read its kind (TraceSink.readsEvent). */
const clusterEventKind = (e: ClusterEvent): string => e.kind;

function simulationOptions(s: Scenario, seed: number): SimulationOptions<ClusterEvent> {
  const base = { seed, describeEvent: describeClusterEvent, hashEvent: hashClusterEvent, eventKind: clusterEventKind };
  const network = s.cluster.network === undefined ? {} : { network: { latency: s.cluster.network.latency } };
  const disk = s.cluster.disk === undefined ? {} : { disk: { ...DEFAULT_DISK, ...s.cluster.disk } };
  return { ...base, ...network, ...disk };
}

/**
 * A digest of the validated scenario (its file name aside): a replay compares it. Taken over the
 * canonical form (keys sorted, recursively), so it names the content, not the order it was built in.
 */
export function scenarioDigest(s: Scenario): string {
  const h = new TraceHasher();
  h.mixString(canonicalJson({ ...s, file: '' }));
  return h.digest();
}

/** A checker result as the expectation it judges: its name, mode, and violations in time order. */
export function verdictOf(spec: ExpectationSpec, r: CheckResult): ExpectationVerdict {
  const hold = spec.expect === 'hold';
  const detail = hold
    ? r.detail
    : r.ok
      ? `expected this invariant to break, but it held: ${r.detail}`
      : `broken, as the story expects: ${r.detail}`;
  return {
    name: expectationName(spec),
    checker: r.name,
    expect: spec.expect,
    ok: hold ? r.ok : !r.ok,
    detail,
    // In time order (issue 10 row 13); a stable sort keeps a checker's order within one instant.
    violations: [...r.violations].sort((a, b) => a.atUs - b.atUs),
    notes: r.notes ?? [],
    notePhrases: r.notePhrases ?? [],
    figures: r.figures ?? {},
  };
}

function kindIndex(s: Scenario): Map<string, string> {
  const names = nodeNames(s.cluster, s.workload);
  const index = new Map<string, string>();
  for (const [kind, list] of Object.entries(names)) for (const n of list) index.set(n, kind);
  return index;
}

/** A scenario built into a simulation with its checkers, recorders and faults installed, not yet run. */
interface PreparedRun {
  readonly seed: number;
  readonly bugs: readonly string[];
  readonly sim: Simulation<WireMessage, ClusterEvent>;
  readonly handle: ReturnType<BuildCluster>;
  readonly checkers: ReturnType<ReturnType<BuildCluster>['checkers']>;
  readonly timeline: TimelineRecorder;
  readonly injector: FaultInjector<WireMessage, ClusterEvent>;
  /** The scenario that runs: the file's, or the configuration its swarm drew for this seed. */
  readonly s: Scenario;
  readonly drawn: DrawnConfig | undefined;
}

/** Everything up to the first event: the same for a full run and for an inspection at an instant. */
function prepareRun(file: Scenario, options: RunOptions): PreparedRun {
  const seed = options.seed ?? file.seed;
  const bugs = options.bugs ?? [];
  const sim = new Simulation<WireMessage, ClusterEvent>(simulationOptions(file, seed));
  // A config swarm draws this seed's cluster from its own stream before anything is built.
  const swarm = file.swarm === undefined ? undefined : drawSwarm(file, file.swarm, sim.stream('swarm'));
  const s = swarm?.scenario ?? file;
  const handle = (options.build ?? defaultBuildCluster)(sim, s.cluster, s.workload, { bugs });
  // Checkers that follow the faults read the injector's records when they finish (the injector needs the built view).
  const injected: { source: FaultSource } = { source: () => [] };
  const checkers = handle.checkers(s.expectations, () => injected.source());
  assert(
    checkers.length === s.expectations.length,
    `cluster gave ${checkers.length} checkers for ${s.expectations.length} expectations`,
  );
  // An online checker is a trace sink itself (same onEvent signature): no wrapper on the event path.
  for (const c of checkers) if (c.onEvent !== undefined) sim.addSink(c);
  const kinds = kindIndex(s);
  const timeline = new TimelineRecorder({
    kindOf: (n) => kinds.get(n) ?? 'other',
    nodesOnHost: (h) => sim.nodeIds().filter((n) => sim.hostOf(n) === h),
  });
  sim.addSink(timeline);
  for (const sink of options.sinks ?? []) sim.addSink(sink);
  const injector = new FaultInjector(sim, handle.view, (r) => {
    if (PROCESS_VERBS.has(r.fault.verb))
      timeline.recordFault(r.fault.atUs, r.fault.verb, r.fault.detail, r.fault.nodes);
  });
  injected.source = () => injector.injected();
  injector.install(s);
  return { seed, bugs, sim, handle, checkers, timeline, injector, s, drawn: swarm?.drawn };
}

/**
 * What mqadmin would show at `atUs` of this run (same scenario, seed and bug switches give the same
 * answer): the run replayed to `windowUs` before the instant and to the instant itself, so rates
 * over that window (mqadmin's TPS) can be told. Undefined when the cluster builder offers no admin view.
 */
export function inspectScenario(
  s: Scenario,
  atUs: Micros,
  options: RunOptions = {},
  windowUs: Micros = ADMIN_TPS_WINDOW_US,
): AdminAt | undefined {
  const run = prepareRun(s, options);
  const admin = run.handle.admin;
  if (admin === undefined) return undefined;
  const at = Math.max(0, Math.min(atUs, s.durationUs));
  const before = at >= windowUs ? (run.sim.runUntil(at - windowUs), admin()) : undefined;
  run.sim.runUntil(at);
  return { now: admin(), before, windowUs };
}

export function runScenario(file: Scenario, options: RunOptions = {}): RunResult {
  const traffic = options.replay === undefined ? undefined : new TrafficRecorder(options.replay.trafficBucketUs);
  const state = options.replay === undefined ? undefined : new StateRecorder();
  const recorders = [traffic, state].filter((x) => x !== undefined);
  const { seed, bugs, sim, handle, checkers, timeline, injector, s, drawn } = prepareRun(file, {
    ...options,
    sinks: [...(options.sinks ?? []), ...recorders],
  });
  const admin = handle.admin;
  const samples: AdminSnapshot[] = [];
  const sampleEveryUs = options.replay?.adminSampleUs ?? 0;
  let nextSampleUs = 0;
  const sampleUpTo = (until: Micros): void => {
    if (admin === undefined || sampleEveryUs <= 0) return;
    while (nextSampleUs <= until) {
      sim.runUntil(nextSampleUs);
      samples.push(admin());
      nextSampleUs += sampleEveryUs;
    }
  };

  for (let i = 1; i <= PROGRESS_STEPS; i++) {
    const until = Math.round((s.durationUs * i) / PROGRESS_STEPS);
    sampleUpTo(until);
    sim.runUntil(until);
    options.onProgress?.(until, s.durationUs, sim.eventsProcessed);
  }
  const endUs = s.durationUs;
  options.onHistory?.(handle.history, endUs);
  const expectations = checkers.map((c, i) => {
    const spec = s.expectations[i];
    assert(spec !== undefined, 'checker without expectation');
    return verdictOf(spec, c.finish(endUs));
  });
  const sends = summarizeSends(handle.history, s.workload.producers, endUs);
  const faults = injector.records.map((r): FaultInterval => ({
    startUs: r.fault.atUs,
    endUs: r.endUs,
    verb: r.fault.verb,
    nodes: r.fault.nodes,
    peers: r.fault.peers,
    detail: r.fault.detail,
    random: r.random,
  }));
  return timeline.readLazilyInto<RunResult>({
    scenario: s.name,
    file: s.file,
    description: s.description,
    explanation: explainScenario(s),
    seed,
    bugs: [...bugs],
    scenarioDigest: scenarioDigest(file),
    traceHash: sim.traceHash(),
    simulatedMs: endUs / 1000,
    events: sim.eventsProcessed,
    ok: expectations.every((e) => e.ok),
    expectations,
    stats: { ...sim.stats(), ...handle.stats() },
    faults,
    // A placeholder: written when first read (report, CLI, --json), so a run nobody reads never writes it.
    timeline: [],
    timelineDropped: timeline.dropped,
    nodes: timeline.tracksAt(endUs),
    sends,
    consumption: consumptionSummaries(consumptionsPerGroup(handle.history), s.workload.consumers, admin?.(), (c) =>
      consumerLoad(handle.history, c, sends.bucketUs, endUs),
    ),
    ...(state === undefined
      ? {}
      : {
          replay: {
            adminSampleUs: sampleEveryUs,
            admin: samples,
            traffic: traffic?.result(),
            routes: state.routes,
            owners: state.owners,
          },
        }),
    ...(drawn !== undefined ? { drawn } : {}),
  });
}
