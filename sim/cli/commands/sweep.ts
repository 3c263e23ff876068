// `rmqsim sweep <file> --seeds A..B [--jobs N] [--json]`: runs a scenario with
// many seeds on worker threads (one per job, default one per core), shows a
// progress bar on a terminal, lists failing seeds with the command that
// replays each, and writes their reports. Exit 0 when every seed passes,
// 1 when one fails, 2 on bad input, 3 when the simulator itself crashed.
import { Worker } from 'node:worker_threads';
import cliProgress from 'cli-progress';
import { renderReportFiles, reportDirFor } from '../../report/index.js';
import { replayCommand } from '../../report/index.js';
import { writeReportAtomically } from '../../report/index.js';
import type { RunResult } from '../../scenario/index.js';
import type { Scenario } from '../../scenario/index.js';
import { codeVersion, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import { outcomeOf, parseSeeds, type SeedOutcome, type SweepRequest, type SweepResponse, type SweepWorkerData } from '../sweep-protocol.js';
import { checkBugsOrFail, loadOrFail, printJson } from './common.js';
import { execute } from '../execute.js';

export interface SweepFlags {
  readonly seeds: string;
  readonly jobs?: number;
  readonly json: boolean;
  readonly out: string;
  readonly bug: readonly string[];
  readonly report: boolean;
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
function runOnWorkers(file: string, seeds: readonly number[], bugs: readonly string[], jobs: number, onDone: OnDone): Promise<void> {
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

function printSummary(io: CliIo, s: Scenario, outcomes: readonly SeedOutcome[], bugs: readonly string[], wallMs: number): void {
  const c = colours(io.stdoutTTY, io.env);
  const failed = outcomes.filter((o) => !o.ok);
  const line = `${outcomes.length} runs of ${s.name}: ${outcomes.length - failed.length} passed, ${failed.length} failed (${(wallMs / 1000).toFixed(1)}s)`;
  io.stdout.write(`${failed.length === 0 ? c.green.bold(line) : c.red.bold(line)}\n`);
  for (const o of failed) {
    const why = o.error !== undefined ? `simulator error: ${o.error}` : o.failed.map((f) => `${f.name}: ${f.detail}`).join('; ');
    io.stdout.write(`  ${c.red('seed')} ${o.seed}  ${why}\n    ${c.dim('replay:')} ${replayCommand({ file: s.file, seed: o.seed, bugs })}\n`);
  }
}

export async function sweepCommand(io: CliIo, file: string, flags: SweepFlags): Promise<number> {
  const s = loadOrFail(io, file, flags.json);
  if (typeof s === 'number') return s;
  const bugCheck = checkBugsOrFail(io, flags.bug, flags.json);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const seeds = parseSeeds(flags.seeds);
  if (typeof seeds === 'string') {
    io.stderr.write(`error: --seeds: expected ${seeds}\n`);
    return EXIT.USAGE;
  }
  const jobs = Math.max(1, Math.min(flags.jobs ?? io.cores, seeds.length));
  const showBar = io.stderrTTY && !flags.json;
  const bar = showBar ? new cliProgress.SingleBar({ stream: process.stderr, format: ' {bar} {value}/{total} seeds | {failed} failed | eta {eta_formatted}', hideCursor: true }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(seeds.length, 0, { failed: 0 });
  const outcomes: SeedOutcome[] = [];
  const reports: string[] = [];
  const started = performance.now();
  const onDone: OnDone = (o, result) => {
    outcomes.push(o);
    bar?.increment(1, { failed: outcomes.filter((x) => !x.ok).length });
    if (result === undefined || !flags.report) return;
    const w = writeReportAtomically(reportDirFor(flags.out, result.scenario, result.seed), renderReportFiles(result, { wallMs: o.wallMs, codeVersion: codeVersion() }));
    if (w.ok) reports.push(w.dir);
  };
  if (jobs === 1 || io.build !== undefined) runInProcess(io, s, seeds, flags.bug, onDone);
  else await runOnWorkers(file, seeds, flags.bug, jobs, onDone);
  bar?.stop();
  outcomes.sort((a, b) => a.seed - b.seed);
  const wallMs = performance.now() - started;
  const failed = outcomes.filter((o) => !o.ok);
  const crashed = outcomes.some((o) => o.error !== undefined);
  if (flags.json) {
    printJson(io, {
      scenario: s.name, file: s.file, seeds: flags.seeds, jobs, runs: outcomes.length, passed: outcomes.length - failed.length, failed: failed.length,
      wallMs: Math.round(wallMs), failures: failed.map((o) => ({ ...o, replay: replayCommand({ file: s.file, seed: o.seed, bugs: flags.bug }) })),
      results: outcomes.map((o) => ({ seed: o.seed, ok: o.ok, traceHash: o.traceHash })), reports,
    });
  } else {
    printSummary(io, s, outcomes, flags.bug, wallMs);
  }
  return crashed ? EXIT.CRASH : failed.length > 0 ? EXIT.FAILED : EXIT.OK;
}
