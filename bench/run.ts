// `npm run bench`: prints throughput figures; `npm run bench -- --json`
// prints them as one JSON object. Figures are printed, never asserted.
// Each configuration runs 3 times and the median is reported (this VM's
// run-to-run noise reaches +-25%, engine-performance.md).
import { clusterThroughput } from './cluster-bench.js';
import { bareHeapThroughput, kernelThroughput, type Throughput } from './kernel-bench.js';
import { runRaftBench } from './raft-bench.js';

interface QueueFigures {
  readonly kernelEventsPerSec: number;
  readonly bareHeapEventsPerSec: number;
  readonly ratio: number;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

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

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const figures: Record<string, unknown> = {};
  const log = (line: string): void => {
    if (!json) console.log(line);
  };
  log('rmqsim benchmarks (median of 3 runs; events/s)');
  for (const [label, pending, events] of [['10k', 10_000, 3_000_000], ['1M', 1_000_000, 2_000_000]] as const) {
    const f = measure(pending, events);
    figures[`pending${label}`] = f;
    log(`  kernel, ${label.padStart(3)} pending: ${(f.kernelEventsPerSec / 1e6).toFixed(2)}M ev/s   bare heap: ${(f.bareHeapEventsPerSec / 1e6).toFixed(2)}M ev/s   ratio ${f.ratio}`);
  }
  for (const extra of await extraBenches()) {
    figures[extra.name] = extra.figures;
    log(`  ${extra.name}: ${Object.entries(extra.figures).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(3)}`).join('  ')}`);
  }
  if (json) console.log(JSON.stringify(figures));
}

interface ExtraBench {
  readonly name: string;
  readonly figures: Record<string, number>;
}

/** Layer benchmarks: a DLedger group under steady appends, and whole-cluster scenario runs. */
async function extraBenches(): Promise<ExtraBench[]> {
  const out: ExtraBench[] = [{ name: 'raft 3-node group', figures: runRaftBench() }];
  for (const file of ['scenarios/production-ha.yaml', 'scenarios/scale-out.yaml']) {
    const f = clusterThroughput(file);
    out.push({ name: `cluster ${file.replace(/^scenarios\/|\.yaml$/g, '')}`, figures: { ...f } });
  }
  return out;
}

await main();
