// `npm run bench`: prints throughput figures; `npm run bench -- --json`
// prints them as one JSON object. Figures are printed, never asserted.
// Each micro-benchmark runs 3 times and the median is reported (this VM's
// run-to-run noise reaches +-25%, engine-performance.md). The production-rate
// cases of issue 9 (referenceHour, seedsDay, headline100k, idleDay) run once
// each in a child process; `--runs 3` takes the median of 3, and
// `--case NAME` (repeatable) runs only the named cases.
import { clusterThroughput } from './cluster-bench.js';
import { bareHeapThroughput, kernelThroughput, type Throughput } from './kernel-bench.js';
import { describeCase, isCaseName, PRODUCTION_CASES, runCase, type CaseName } from './production-cases.js';
import { runRaftBench } from './raft-bench.js';

interface QueueFigures {
  readonly kernelEventsPerSec: number;
  readonly bareHeapEventsPerSec: number;
  readonly ratio: number;
}

interface BenchArgs {
  readonly json: boolean;
  /** Only these production cases, and no micro-benchmarks; empty = everything. */
  readonly cases: readonly CaseName[];
  readonly runs: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

function parseArgs(argv: readonly string[]): BenchArgs {
  const cases: CaseName[] = [];
  let runs = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--case') {
      const name = argv[++i] ?? '';
      if (!isCaseName(name)) {
        process.stderr.write(
          `error: --case: expected one of ${Object.keys(PRODUCTION_CASES).join(', ')}, found "${name}"\n`,
        );
        process.exit(2);
      }
      cases.push(name);
    } else if (a === '--runs') {
      runs = Number(argv[++i]);
      if (!Number.isInteger(runs) || runs < 1) {
        process.stderr.write('error: --runs: expected a positive integer\n');
        process.exit(2);
      }
    }
  }
  return { json: argv.includes('--json'), cases, runs };
}

function measure(pending: number, events: number): QueueFigures {
  const kernel: Throughput[] = [];
  const bare: Throughput[] = [];
  for (let run = 0; run < 3; run++) {
    kernel.push(kernelThroughput(pending, events, run + 1));
    bare.push(bareHeapThroughput(pending, events, run + 1));
  }
  const k = median(kernel.map((t) => t.eventsPerSec));
  const b = median(bare.map((t) => t.eventsPerSec));
  return { kernelEventsPerSec: Math.round(k), bareHeapEventsPerSec: Math.round(b), ratio: Number((k / b).toFixed(3)) };
}

function microBenches(figures: Record<string, unknown>, log: (line: string) => void): void {
  log('rmqsim benchmarks (median of 3 runs; events/s)');
  for (const [label, pending, events] of [
    ['10k', 10_000, 3_000_000],
    ['1M', 1_000_000, 2_000_000],
  ] as const) {
    const f = measure(pending, events);
    figures[`pending${label}`] = f;
    log(
      `  kernel, ${label.padStart(3)} pending: ${(f.kernelEventsPerSec / 1e6).toFixed(2)}M ev/s   bare heap: ${(f.bareHeapEventsPerSec / 1e6).toFixed(2)}M ev/s   ratio ${f.ratio}`,
    );
  }
  for (const extra of extraBenches()) {
    figures[extra.name] = extra.figures;
    log(
      `  ${extra.name}: ${Object.entries(extra.figures)
        .map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`)
        .join('  ')}`,
    );
  }
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const figures: Record<string, unknown> = {};
  const log = (line: string): void => {
    if (!args.json) console.log(line);
  };
  if (args.cases.length === 0) microBenches(figures, log);
  const cases = args.cases.length > 0 ? args.cases : (Object.keys(PRODUCTION_CASES) as CaseName[]);
  log(
    `production-rate cases (issue 9; one child process per run, ${args.runs === 1 ? 'one run' : `median of ${args.runs}`})`,
  );
  for (const name of cases) {
    const r = runCase(name, args.runs);
    figures[name] = r;
    log(describeCase(name, r));
  }
  if (args.json) console.log(JSON.stringify(figures));
}

interface ExtraBench {
  readonly name: string;
  readonly figures: Record<string, number>;
}

/** Layer benchmarks: a DLedger group under steady appends, and whole-cluster scenario runs. */
function extraBenches(): ExtraBench[] {
  const out: ExtraBench[] = [{ name: 'raft 3-node group', figures: runRaftBench() }];
  for (const file of ['scenarios/production-ha.yaml', 'scenarios/scale-out.yaml']) {
    const f = clusterThroughput(file);
    out.push({ name: `cluster ${file.replace(/^scenarios\/|\.yaml$/g, '')}`, figures: { ...f } });
  }
  return out;
}

main();
