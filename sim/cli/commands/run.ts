// `rmqsim run <file> [--seed N] [--json] [--out DIR] [--bug NAME ...] [--quiet|--verbose]`:
// runs one scenario, prints the timeline and the expectations (or exactly one
// JSON object with --json), writes reports/<scenario>/<seed>/, and exits 0
// when every expectation holds, 1 when one fails, 2 on bad input.
import { formatDuration } from '../../engine/index.js';
import { t, type Lang } from '../../i18n/index.js';
import { TraceFile } from '../trace-file.js';
import { HistoryFile } from '../history-file.js';
import type { History } from '../../history/index.js';
import { renderReportFiles, reportDirFor } from '../../report/index.js';
import { replayCommand, runSummary } from '../../report/index.js';
import { writeReportAtomically } from '../../report/index.js';
import { DEFAULT_REPLAY, describeDrawn, type RunResult } from '../../scenario/index.js';
import { printExpectations, printHeader, printSends, printTimeline, printVerdict, type Verbosity } from '../human.js';
import { codeVersion, type CliIo } from '../io.js';
import { colours, EXIT } from '../style.js';
import {
  checkBugsOrFail,
  loadOrFail,
  outDirOrFail,
  printJson,
  reportError,
  reportMeta,
  scenarioTextOf,
  warnIfLarge,
} from './common.js';
import { execute, type Executed } from '../execute.js';
import { runProgress, type ProgressStream, type RunProgress } from '../progress.js';

export interface RunFlags {
  readonly seed?: number;
  /** Write the trace as JSON lines to this file. */
  readonly trace?: string;
  /** With trace: include every delivery and timer firing. */
  readonly traceHot: boolean;
  /** Write the client history as Jepsen-style operation JSON lines to this file (docs/history-format.md). */
  readonly history?: string;
  readonly json: boolean;
  readonly out: string;
  readonly bug: readonly string[];
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** false with --no-report. */
  readonly report: boolean;
  /** The language of the timeline, the verdicts and the report (--lang, else LANG). */
  readonly lang: Lang;
}

/** The progress bar, on a terminal only and never with --json or --quiet. */
function progressFor(io: CliIo, enabled: boolean): RunProgress | undefined {
  if (!enabled) return undefined;
  const stream: ProgressStream = {
    isTTY: io.stderrTTY,
    ...(io.stderrColumns !== undefined ? { columns: io.stderrColumns } : {}),
    write: (t) => io.stderr.write(t),
  };
  return runProgress({ stream, now: io.wallClock ?? (() => performance.now()) });
}

function openTrace(io: CliIo, flags: RunFlags): TraceFile | undefined | 'failed' {
  if (flags.trace === undefined) return undefined;
  try {
    return new TraceFile(flags.trace, flags.traceHot);
  } catch (e) {
    io.stderr.write(`error: --trace: cannot write ${flags.trace}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 'failed';
  }
}

function openHistory(io: CliIo, flags: RunFlags): HistoryFile | undefined | 'failed' {
  if (flags.history === undefined) return undefined;
  try {
    return new HistoryFile(flags.history);
  } catch (e) {
    const message = `--history: cannot write ${flags.history}: ${e instanceof Error ? e.message : String(e)}`;
    if (flags.json) printJson(io, { ok: false, error: 'usage', message });
    else io.stderr.write(`error: ${message}\n`);
    return 'failed';
  }
}

/** Writes the report directory: its path, nothing when --no-report, or why it could not be written. */
function writeReports(
  flags: RunFlags,
  r: RunResult,
  wallMs: number,
): { readonly dir?: string; readonly error?: string } {
  if (!flags.report) return {};
  const dir = reportDirFor(flags.out, r.scenario, r.seed);
  const w = writeReportAtomically(dir, renderReportFiles(r, reportMeta(wallMs, scenarioTextOf(r.file), flags.lang)));
  return w.ok ? { dir: w.dir } : { error: w.reason };
}

/** Prints why a run could not complete; gives 2 for a spec the cluster cannot build, 3 for a simulator crash. */
export function printFailure(io: CliIo, x: Extract<Executed, { ok: false }>, json: boolean): number {
  const what = x.badInput ? 'invalid cluster' : 'simulator error';
  if (json) printJson(io, { ok: false, error: what, message: x.error });
  else if (x.badInput) io.stderr.write(`${colours(io.stderrTTY, io.env).red('error')} ${x.error}\n`);
  else
    io.stderr.write(
      `${colours(io.stderrTTY, io.env).red(what)} (a bug in rmqsim, not a finding about the cluster): ${x.error}\n`,
    );
  return x.badInput ? EXIT.USAGE : EXIT.CRASH;
}

export function runCommand(io: CliIo, file: string, flags: RunFlags): number {
  const loaded = loadOrFail(io, file, flags.json);
  if (typeof loaded === 'number') return loaded;
  const bugCheck = checkBugsOrFail(io, flags.bug, flags.json);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const outCheck = outDirOrFail(io, flags.out, flags.json, flags.report);
  if (outCheck !== EXIT.OK) return outCheck;
  warnIfLarge(io, file, loaded);
  const c = colours(io.stdoutTTY, io.env);
  const verbosity: Verbosity = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
  if (!flags.json) {
    printHeader(
      c,
      io.stdout,
      { scenario: loaded.name, seed: flags.seed ?? loaded.seed, description: loaded.description, bugs: flags.bug },
      formatDuration(loaded.durationUs),
      flags.lang,
    );
  }
  const trace = openTrace(io, flags);
  if (trace === 'failed') return EXIT.USAGE;
  const history = openHistory(io, flags);
  if (history === 'failed') return EXIT.USAGE;
  const progress = progressFor(io, io.stderrTTY && !flags.json && !flags.quiet);
  const replay = flags.report ? DEFAULT_REPLAY : undefined;
  const x = execute(loaded, {
    seed: flags.seed,
    bugs: flags.bug,
    onProgress: progress?.update,
    build: io.build,
    replay,
    ...(trace !== undefined ? { sinks: [trace.sink] } : {}),
    ...(history !== undefined ? { onHistory: (h: History, endUs: number) => history.write(h, endUs) } : {}),
  });
  progress?.stop();
  trace?.close();
  history?.close();
  if (!x.ok) return printFailure(io, x, flags.json);
  const { result, wallMs } = x;
  const { dir, error } = writeReports(flags, result, wallMs);
  const summary = runSummary(result, { wallMs, codeVersion: codeVersion() });
  // A run whose report could not be written is bad output, exit 2: CI must not take a missing JUnit file for a pass.
  if (error !== undefined) return reportError(io, flags.json, flags.out, error, summary);
  if (flags.json) {
    printJson(io, { ...summary, ...(dir !== undefined ? { reportDir: dir } : {}) });
    return result.ok ? EXIT.OK : EXIT.FAILED;
  }
  if (result.drawn !== undefined)
    io.stdout.write(
      `${c.bold('Drawn configuration')} (swarm, seed ${result.seed}): ${describeDrawn(result.drawn)}\n\n`,
    );
  printTimeline(c, io.stdout, result, verbosity, flags.lang);
  if (verbosity !== 'quiet') printSends(c, io.stdout, result, flags.lang);
  printExpectations(c, io.stdout, result, flags.lang, dir);
  printVerdict(c, io.stdout, result, wallMs, flags.lang);
  if (dir !== undefined)
    io.stdout.write(
      `${c.dim(t(flags.lang, 'run.reportAt'))} ${dir}/report.html ${c.dim(t(flags.lang, 'run.reportAlso'))}\n`,
    );
  if (!result.ok) io.stdout.write(`${c.dim(t(flags.lang, 'run.replay'))} ${replayCommand(result)}\n`);
  return result.ok ? EXIT.OK : EXIT.FAILED;
}
