// Delta debugging of a failing scenario (Zeller's ddmin over its fault list,
// then greedy one-change-at-a-time passes over the rest): drop faults, shorten
// their spans, cut the run after the failure, lower workload rates and
// instance counts, drop consumer groups, broker groups and NameServers that
// are not needed. A candidate is kept only if it still fails the same
// expectation (the probe says so); every probe is one full run, counted.
import type { Micros } from '../engine/index.js';
import {
  clusterOf,
  durationText,
  entries,
  faultsOf,
  micros,
  withCluster,
  withFaults,
  withWorkload,
  workloadOf,
  type Doc,
  type Entry,
} from './shrink-doc.js';

/** Runs a candidate: does it still fail the expectation being shrunk? ('invalid': it does not load or build.) */
export type Probe = (doc: Doc) => 'fails' | 'passes' | 'invalid';

export interface ShrinkOptions {
  /** Stop probing after this many runs (the best document so far is kept). */
  readonly maxRuns: number;
  /** When the failure was first seen (its first violation), if known: the run is first cut just after it. */
  readonly failedAtUs?: Micros | undefined;
  readonly onProgress?: (line: string) => void;
  /**
   * Simulation runs used so far, when a probe makes more than one (with bug switches on, each
   * candidate also runs with them off): what maxRuns bounds and what progress and `runs` say.
   * Default: one run per probe.
   */
  readonly runsUsed?: () => number;
  /**
   * The most runs one probe may take (2 when it also runs without the bug switches): a probe starts only
   * when that many still fit under maxRuns, so the bound holds exactly. Default 1.
   */
  readonly runsPerProbe?: number;
}

export interface Shrunk {
  readonly doc: Doc;
  readonly runs: number;
  /** One line per accepted change. */
  readonly steps: readonly string[];
  readonly exhausted: boolean;
}

const MIN_SPAN_US: Micros = 1_000_000;
/** How long the first cut lets the run go on after the failure was seen. */
const CUT_SLACK_US: Micros = 5_000_000;

class Shrinker {
  private probes = 0;
  readonly steps: string[] = [];

  constructor(
    public doc: Doc,
    private readonly probe: Probe,
    private readonly o: ShrinkOptions,
  ) {}

  get runs(): number {
    return this.o.runsUsed?.() ?? this.probes;
  }

  get exhausted(): boolean {
    return this.runs + (this.o.runsPerProbe ?? 1) > this.o.maxRuns;
  }

  /** Probes a candidate; adopts it when it still fails. */
  try(candidate: Doc, what: string): boolean {
    if (this.exhausted) return false;
    this.probes++;
    const verdict = this.probe(candidate);
    if (verdict !== 'fails') return false;
    this.doc = candidate;
    this.steps.push(what);
    this.o.onProgress?.(`  run ${this.runs}: ${what} (still fails; ${faultsOf(candidate).length} fault(s))`);
    return true;
  }

  /** ddmin over the fault list: remove chunks (complements) while the failure stays. */
  faults(): void {
    let list = faultsOf(this.doc);
    if (list.length === 0) return;
    if (this.try(withFaults(this.doc, []), `dropped all ${list.length} faults`)) return;
    let n = 2;
    while (list.length >= 2 && !this.exhausted) {
      const size = Math.ceil(list.length / n);
      let reduced = false;
      for (let i = 0; i < list.length; i += size) {
        const rest = [...list.slice(0, i), ...list.slice(i + size)];
        if (this.try(withFaults(this.doc, rest), `dropped ${list.length - rest.length} of ${list.length} faults`)) {
          list = rest;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
      if (!reduced) {
        if (n >= list.length) break;
        n = Math.min(n * 2, list.length);
      }
    }
    if (list.length === 1 || this.exhausted) return;
    // ddmin leaves a 1-minimal set for chunk size 1 only when n reached the length; make sure.
    for (let i = 0; i < list.length && list.length > 1;) {
      const rest = [...list.slice(0, i), ...list.slice(i + 1)];
      if (this.try(withFaults(this.doc, rest), `dropped fault ${i + 1} of ${list.length}`)) list = rest;
      else i++;
    }
  }

  /** Ends the run just after the failure was first seen: faults after that cannot have caused it. */
  cut(failedAtUs: Micros | undefined): void {
    const total = micros(this.doc['duration']);
    if (failedAtUs === undefined || failedAtUs <= 0 || total === undefined) return;
    const end = Math.ceil((failedAtUs + CUT_SLACK_US) / 1_000_000) * 1_000_000;
    if (end >= total) return;
    const all = faultsOf(this.doc);
    const before = all.filter((f) => (micros(f['at']) ?? 0) < end);
    this.try(
      withFaults({ ...this.doc, duration: durationText(end) }, before),
      `run ends at ${String(durationText(end))}, just after the failure (${all.length - before.length} later fault(s) dropped)`,
    );
  }

  /** Halves each fault's span while the failure stays (not below a second). */
  spans(): void {
    const list = faultsOf(this.doc);
    list.forEach((_, i) => {
      for (;;) {
        const cur = faultsOf(this.doc);
        const f = cur[i];
        const span = f === undefined ? undefined : micros(f['for']);
        if (f === undefined || span === undefined || span / 2 < MIN_SPAN_US) return;
        const shorter = { ...f, for: durationText(Math.round(span / 2 / 1000) * 1000) };
        const next = cur.map((x, j) => (j === i ? shorter : x));
        if (
          !this.try(
            withFaults(this.doc, next),
            `fault ${i + 1} (${String(f['do'])}) lasts ${String(shorter.for)} instead of ${String(f['for'])}`,
          )
        )
          return;
      }
    });
  }

  /** Binary search for the shortest run that still fails, not before the last fault starts. */
  duration(): void {
    const total = micros(this.doc['duration']);
    if (total === undefined) return;
    const lastStart = Math.max(0, ...faultsOf(this.doc).map((f) => micros(f['at']) ?? 0));
    let lo = lastStart + MIN_SPAN_US;
    let hi = total;
    while (hi - lo > 5_000_000 && !this.exhausted) {
      const mid = Math.round((lo + hi) / 2 / 1_000_000) * 1_000_000;
      if (this.try({ ...this.doc, duration: durationText(mid) }, `run cut to ${String(durationText(mid))}`)) hi = mid;
      else lo = mid;
    }
  }

  /** Fewer client instances, lower rates, no consumer groups that are not needed. */
  workload(): void {
    const producers = entries(workloadOf(this.doc)['producers']);
    producers.forEach((p, i) => {
      const set = (patch: Entry, what: string): boolean => {
        const cur = entries(workloadOf(this.doc)['producers']);
        const next = cur.map((x, j) => (j === i ? { ...x, ...patch } : x));
        return this.try(withWorkload(this.doc, { producers: next }), what);
      };
      if (typeof p['instances'] === 'number' && p['instances'] > 1)
        set({ instances: 1 }, `producer group ${String(p['group'])}: 1 instance`);
      // A shaped rate (ramp, daily curve, bursts) first becomes its peak as a constant, so it can be halved.
      const peak = peakOfShape(p['rate']);
      if (peak !== undefined) set({ rate: peak }, `producer group ${String(p['group'])}: constant ${peak}/s`);
      for (let k = 0; k < 4; k++) {
        const rate = entries(workloadOf(this.doc)['producers'])[i]?.['rate'] ?? 100;
        if (typeof rate !== 'number' || rate <= 1) break;
        const lower = Math.max(1, Math.floor(rate / 2));
        if (!set({ rate: lower }, `producer group ${String(p['group'])}: rate ${lower}/s`)) break;
      }
    });
    for (const c of entries(workloadOf(this.doc)['consumers'])) {
      const rest = entries(workloadOf(this.doc)['consumers']).filter((x) => x['group'] !== c['group']);
      if (
        !this.try(withWorkload(this.doc, { consumers: rest }), `consumer group ${String(c['group'])} removed`) &&
        typeof c['instances'] === 'number' &&
        c['instances'] > 1
      ) {
        const next = entries(workloadOf(this.doc)['consumers']).map((x) =>
          x['group'] === c['group'] ? { ...x, instances: 1 } : x,
        );
        this.try(withWorkload(this.doc, { consumers: next }), `consumer group ${String(c['group'])}: 1 instance`);
      }
    }
  }

  /** Broker groups and NameServers that the failure does not need. */
  cluster(): void {
    for (const g of entries(clusterOf(this.doc)['groups'])) {
      const groups = entries(clusterOf(this.doc)['groups']);
      if (groups.length <= 1) break;
      const name = g['name'];
      const topics = entries(clusterOf(this.doc)['topics']).map((t) =>
        Array.isArray(t['groups']) ? { ...t, groups: t['groups'].filter((x) => x !== name) } : t,
      );
      this.try(
        withCluster(this.doc, { groups: groups.filter((x) => x['name'] !== name), topics }),
        `broker group ${String(name)} removed`,
      );
    }
    const ns = clusterOf(this.doc)['namesrvs'];
    if (typeof ns === 'number' && ns > 1) {
      if (!this.try(withCluster(this.doc, { namesrvs: 1 }), '1 NameServer') && ns > 2)
        this.try(withCluster(this.doc, { namesrvs: 2 }), '2 NameServers');
    }
  }
}

/** The highest rate a shaped `rate:` reaches ({from, to}, {daily: {max}}, {burst}); undefined for a number. */
function peakOfShape(rate: unknown): number | undefined {
  if (typeof rate !== 'object' || rate === null) return undefined;
  const r = rate as Record<string, unknown>;
  const daily = r['daily'];
  const rates = [
    r['from'],
    r['to'],
    r['base'],
    r['burst'],
    typeof daily === 'object' && daily !== null ? (daily as Record<string, unknown>)['max'] : undefined,
  ];
  const peak = Math.max(...rates.filter((x): x is number => typeof x === 'number'));
  return Number.isFinite(peak) && peak > 0 ? Math.ceil(peak) : undefined;
}

/** Shrinks a failing document (its chaos already scripted); the probe must say 'fails' for `doc` itself. */
export function shrinkScenario(doc: Doc, probe: Probe, o: ShrinkOptions): Shrunk {
  const s = new Shrinker(doc, probe, o);
  o.onProgress?.('pass 0.cut (0 runs so far)');
  s.cut(o.failedAtUs);
  const passes: readonly [string, () => void][] = [
    ['faults', () => s.faults()],
    ['spans', () => s.spans()],
    ['duration', () => s.duration()],
    ['workload', () => s.workload()],
    ['cluster', () => s.cluster()],
  ];
  // A second round: a smaller cluster or workload can make more faults unnecessary.
  for (let round = 1; round <= 2; round++) {
    const before = s.steps.length;
    for (const [name, pass] of passes) {
      if (s.exhausted) break;
      o.onProgress?.(`pass ${round}.${name} (${s.runs} runs so far)`);
      pass();
    }
    if (s.steps.length === before) break;
  }
  return { doc: s.doc, runs: s.runs, steps: s.steps, exhausted: s.exhausted };
}
