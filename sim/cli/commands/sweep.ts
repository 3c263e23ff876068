// `rmqsim sweep <file> --seeds A..B [--jobs N] [--json]`: runs a scenario with
// many seeds on worker threads (one per job; default one per core, at most one per 8 seeds), shows a
// progress bar on a terminal, lists failing seeds with the command that
// replays each, and writes their reports. Exit 0 when every seed passes,
// 1 when one fails, 2 on bad input, 3 when the simulator itself crashed.
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { renderReportFiles, reportDirFor } from '../../report/index.js';
import { writeReportAtomically } from '../../report/index.js';
import type { RunResult } from '../../scenario/index.js';
import type { Scenario } from '../../scenario/index.js';
import type { CliIo } from '../io.js';
import { EXIT } from '../style.js';
import { finishSweep, sweepSummary, usage } from '../sweep-output.js';
import {
  outcomeOf,
  parseSeeds,
  emptyShardProblem,
  parseShard,
  shardSeeds,
  type SeedOutcome,
  type SweepRequest,
  type SweepResponse,
  type SweepWorkerData,
} from '../sweep-protocol.js';
import {
  checkBugsOrFail,
  loadOrFail,
  outDirOrFail,
  outFileProblem,
  reportMeta,
  scenarioTextOf,
  warnIfLarge,
} from './common.js';
import { execute } from '../execute.js';

export interface SweepFlags {
  readonly seeds: string;
  /** "K/N": run only this shard's share of the seeds. */
  readonly shard?: string;
  /** Also write the sweep as JUnit XML to this file. */
  readonly junit?: string;
  readonly jobs?: number;
  readonly json: boolean;
  readonly out: string;
  readonly bug: readonly string[];
  readonly report: boolean;
}

/**
 * Seeds each worker must have before another worker pays off. Measured on 2 busy cores (load ~15-19,
 * scenarios/swarm.yaml, docs/ci-tools.md): a worker thread costs ~2.5 CPU s of its own (module load and
 * JIT warm-up), so 8 seeds on 2 workers took 54% more CPU for no wall gain, while 16 seeds on 2 workers
 * took 31% more CPU and 29% less wall time than in-process.
 */
export const SEEDS_PER_WORKER = 8;

/** Workers when --jobs is not given: one per core, but only as many as have SEEDS_PER_WORKER seeds each. */
export function defaultJobs(cores: number, seeds: number): number {
  return Math.max(1, Math.min(cores, Math.floor(seeds / SEEDS_PER_WORKER)));
}

type OnDone = (outcome: SeedOutcome, result: RunResult | undefined) => void;

function runInProcess(io: CliIo, s: Scenario, seeds: readonly number[], bugs: readonly string[], onDone: OnDone): void {
  for (const seed of seeds) {
    const x = execute(s, { seed, bugs, build: io.build });
    if (x.ok) onDone(outcomeOf(x.result, x.wallMs), x.result.ok ? undefined : x.result);
    else onDone({ seed, ok: false, traceHash: '', wallMs: 0, failed: [], error: x.error }, undefined);
  }
}

/** Hands seeds to `jobs` workers, one at a time each, until none is left. */
function runOnWorkers(
  file: string,
  seeds: readonly number[],
  bugs: readonly string[],
  jobs: number,
  onDone: OnDone,
): Promise<void> {
  const data: SweepWorkerData = { file, bugs };
  const queue = [...seeds];
  const url = new URL('../sweep-worker.js', import.meta.url);
  return new Promise((resolve, reject) => {
    let live = jobs;
    const workers: Worker[] = [];
    const abort = (e: unknown): void => {
      queue.length = 0;
      for (const w of workers) void w.terminate();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    for (let i = 0; i < jobs; i++) {
      const w = new Worker(url, { workerData: data });
      workers.push(w);
      const next = (): void => {
        const seed = queue.shift();
        const req: SweepRequest = seed === undefined ? { kind: 'stop' } : { kind: 'run', seed };
        w.postMessage(req);
      };
      w.on('message', (res: SweepResponse) => {
        onDone(res.outcome, res.result);
        next();
      });
      w.on('error', abort);
      w.on('exit', () => {
        live--;
        if (live === 0) resolve();
      });
      next();
    }
  });
}

export async function sweepCommand(io: CliIo, file: string, flags: SweepFlags): Promise<number> {
  const s = loadOrFail(io, file, flags.json);
  if (typeof s === 'number') return s;
  const bugCheck = checkBugsOrFail(io, flags.bug, flags.json);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const outCheck = outDirOrFail(io, flags.out, flags.json, flags.report);
  if (outCheck !== EXIT.OK) return outCheck;
  const junitProblem = flags.junit === undefined ? undefined : outFileProblem(flags.junit);
  if (junitProblem !== undefined) return usage(io, flags.json, '--junit', `a writable file path, but ${junitProblem}`);
  const all = parseSeeds(flags.seeds);
  if (typeof all === 'string') return usage(io, flags.json, '--seeds', all);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (typeof shard === 'string') return usage(io, flags.json, '--shard', shard);
  const empty = shard === undefined ? undefined : emptyShardProblem(all, shard, flags.seeds);
  if (empty !== undefined) return usage(io, flags.json, '--shard', empty);
  const seeds = shard === undefined ? all : shardSeeds(all, shard);
  const jobs = Math.max(1, Math.min(flags.jobs ?? defaultJobs(io.cores, seeds.length), seeds.length));
  warnIfLarge(io, file, s);
  const showBar = io.stderrTTY && !flags.json;
  const bar = showBar
    ? new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: ' {bar} {value}/{total} seeds | {failed} failed | eta {eta_formatted}',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(seeds.length, 0, { failed: 0 });
  const text = flags.report ? scenarioTextOf(file) : undefined;
  const outcomes: SeedOutcome[] = [];
  const reports: string[] = [];
  const started = performance.now();
  const onDone: OnDone = (o, result) => {
    outcomes.push(o);
    bar?.increment(1, { failed: outcomes.filter((x) => !x.ok).length });
    if (result === undefined || !flags.report) return;
    const w = writeReportAtomically(
      reportDirFor(flags.out, result.scenario, result.seed),
      renderReportFiles(result, reportMeta(o.wallMs, text)),
    );
    if (w.ok) reports.push(w.dir);
  };
  if (jobs === 1 || io.build !== undefined) runInProcess(io, s, seeds, flags.bug, onDone);
  else await runOnWorkers(file, seeds, flags.bug, jobs, onDone);
  bar?.stop();
  const summary = sweepSummary(
    s,
    { seeds: flags.seeds, bugs: flags.bug, jobs, shard },
    outcomes,
    reports,
    performance.now() - started,
  );
  return finishSweep(io, summary, flags);
}
