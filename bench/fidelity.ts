// The model's timelines, measured (npm run fidelity; issue 14 part 3). Runs the
// shipped stories over many seeds (default 1..50; the start offsets of
// cluster.startSpread make each seed a different interleaving) and prints, per
// timeline of docs/model.md §7, the distribution of what the simulator did next
// to the bound the model gives. Exits 1 when a median leaves its bound; the
// test run never calls this (it takes minutes and asserts timing).
// Usage: node dist/bench/fidelity.js [--seeds A..B] [--json]
import { readFileSync } from 'node:fs';
import { loadScenario } from '../sim/scenario/load.js';
import { runScenario } from '../sim/scenario/run.js';
import type { RunResult } from '../sim/scenario/result.js';

interface Metric {
  readonly name: string;
  readonly scenario: string;
  /** docs/model.md section the bound comes from. */
  readonly source: string;
  readonly lowUs: number;
  readonly highUs: number;
  /** The measured value of one run, or undefined when the run did not show the event. */
  readonly measure: (r: RunResult) => number | undefined;
}

const S = 1_000_000;

/** The first fault of the run (every story measured here has exactly one that starts the timeline). */
const firstFault = (r: RunResult): { atUs: number; nodes: readonly string[] } | undefined => {
  const f = r.faults[0];
  return f === undefined ? undefined : { atUs: f.startUs, nodes: f.nodes };
};

/** Time from the first fault to the first timeline entry of `kind` whose text matches, after it. */
function afterFault(r: RunResult, kind: string, text: (faulted: readonly string[]) => RegExp): number | undefined {
  const f = firstFault(r);
  if (f === undefined) return undefined;
  const re = text(f.nodes);
  const hit = r.timeline.find((t) => t.atUs >= f.atUs && t.kind === kind && re.test(t.text));
  return hit === undefined ? undefined : hit.atUs - f.atUs;
}

const removalOf = (r: RunResult): number | undefined =>
  afterFault(r, 'ns.broker-removed', (nodes) => new RegExp(`removed broker-a id=0 \\((${nodes.join('|')})\\)`));

function figure(r: RunResult, checker: string, suffix: string): number | undefined {
  const figures = r.expectations.find((e) => e.checker === checker)?.figures ?? {};
  const key = Object.keys(figures).find((k) => k.endsWith(suffix));
  const v = key === undefined ? undefined : figures[key];
  return v === undefined || v < 0 ? undefined : v;
}

const METRICS: readonly Metric[] = [
  {
    name: 'broker crash -> NameServer removal',
    scenario: 'classic-master-crash',
    source: '§2.3, §7 c (RST: at once)',
    lowUs: 0,
    highUs: 1 * S,
    measure: removalOf,
  },
  {
    name: 'silent broker -> NameServer removal',
    scenario: 'classic-master-blackhole',
    source: '§7 c blackhole: (90, 130] s',
    lowUs: 90 * S,
    highUs: 130 * S,
    measure: removalOf,
  },
  {
    name: 'DLedger leader crash -> new leader',
    scenario: 'dledger-leader-crash',
    source: '§7 d: detection 4-6 s + election, <= ~14 s',
    lowUs: 4 * S,
    highUs: 14 * S,
    measure: (r) => afterFault(r, 'raft.role', () => /becomes leader of broker-a/),
  },
  {
    name: 'DLedger leader crash -> new id-0 registration',
    scenario: 'dledger-leader-crash',
    source: '§7 d: new leader + 0.1-1 s',
    lowUs: 4 * S,
    highUs: 15 * S,
    measure: (r) =>
      afterFault(
        r,
        'ns.broker-registered',
        (nodes) => new RegExp(`registered broker-a id=0 at (?!${nodes.join('|')})`),
      ),
  },
  {
    name: 'producer outage of the group (DLedger leader crash)',
    scenario: 'dledger-leader-crash',
    source: '§7 d derived: ~10-45 s',
    lowUs: 10 * S,
    highUs: 45 * S,
    measure: (r) => figure(r, 'availability', '.groupWriteOutageUs'),
  },
  {
    name: 'ASYNC_FLUSH power loss: window of acked messages lost',
    scenario: 'async-flush-power-loss',
    source: '§3.3, §7 f: <= 10 s (+ a 500 ms flush period)',
    lowUs: 0,
    highUs: 10.5 * S,
    measure: (r) => figure(r, 'no-acked-loss', 'lossWindowUs'),
  },
];

function parseSeeds(argv: readonly string[]): number[] {
  const i = argv.indexOf('--seeds');
  const spec = i >= 0 ? argv[i + 1] : undefined;
  const m = /^(\d+)\.\.(\d+)$/.exec(spec ?? '1..50');
  if (m === null) {
    process.stderr.write(`fidelity: --seeds expects A..B, got ${spec ?? '(nothing)'}\n`);
    process.exit(2);
  }
  const [a, b] = [Number(m[1]), Number(m[2])];
  return Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);
}

const quantile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const secs = (us: number): string => (Number.isNaN(us) ? '-' : `${(us / S).toFixed(2)}s`);

interface Row {
  readonly metric: string;
  readonly scenario: string;
  readonly source: string;
  readonly runs: number;
  readonly missing: number;
  readonly minUs: number;
  readonly medianUs: number;
  readonly p90Us: number;
  readonly maxUs: number;
  readonly boundUs: readonly [number, number];
  readonly medianInBound: boolean;
}

function main(): void {
  const seeds = parseSeeds(process.argv.slice(2));
  const json = process.argv.includes('--json');
  const scenarios = [...new Set(METRICS.map((m) => m.scenario))];
  const samples = new Map<string, number[]>(METRICS.map((m) => [m.name, []]));
  const missing = new Map<string, number>(METRICS.map((m) => [m.name, 0]));
  for (const name of scenarios) {
    const file = `scenarios/${name}.yaml`;
    const loaded = loadScenario(file, (p) => ({ ok: true, text: readFileSync(p, 'utf8') }));
    if (!loaded.ok) throw new Error(`${file} does not load`);
    for (const seed of seeds) {
      const r = runScenario(loaded.scenario, { seed });
      for (const m of METRICS.filter((x) => x.scenario === name)) {
        const v = m.measure(r);
        if (v === undefined) missing.set(m.name, (missing.get(m.name) ?? 0) + 1);
        else samples.get(m.name)?.push(v);
      }
      if (!json) process.stderr.write(`\r${name} seed ${seed}   `);
    }
  }
  if (!json) process.stderr.write('\n');
  const rows: Row[] = METRICS.map((m) => {
    const xs = [...(samples.get(m.name) ?? [])].sort((a, b) => a - b);
    const median = quantile(xs, 0.5);
    return {
      metric: m.name,
      scenario: m.scenario,
      source: m.source,
      runs: xs.length,
      missing: missing.get(m.name) ?? 0,
      minUs: xs[0] ?? Number.NaN,
      medianUs: median,
      p90Us: quantile(xs, 0.9),
      maxUs: xs[xs.length - 1] ?? Number.NaN,
      boundUs: [m.lowUs, m.highUs],
      medianInBound: xs.length > 0 && median >= m.lowUs && median <= m.highUs,
    };
  });
  if (json) process.stdout.write(`${JSON.stringify({ seeds: [seeds[0], seeds[seeds.length - 1]], rows }, null, 2)}\n`);
  else {
    process.stdout.write(
      `model timelines over seeds ${seeds[0] ?? '-'}..${seeds[seeds.length - 1] ?? '-'} (min / median / p90 / max vs the model's bound)\n`,
    );
    for (const r of rows) {
      const verdict = r.medianInBound ? 'ok  ' : 'OUT ';
      process.stdout.write(
        `${verdict} ${r.metric.padEnd(54)} ${secs(r.minUs).padStart(8)} ${secs(r.medianUs).padStart(8)} ${secs(r.p90Us).padStart(8)} ${secs(r.maxUs).padStart(8)}` +
          `   bound [${secs(r.boundUs[0])}, ${secs(r.boundUs[1])}] ${r.source}; ${r.runs} runs${r.missing > 0 ? `, ${r.missing} without the event` : ''} (${r.scenario})\n`,
      );
    }
  }
  process.exitCode = rows.every((r) => r.medianInBound) ? 0 : 1;
}

main();
