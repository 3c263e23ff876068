// Helpers every command shares: loading a scenario with its errors printed
// (as text, or inside the one JSON object of --json), validating bug switch
// names, and printing a JSON object.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatScenarioError, type ScenarioError } from '../../scenario/index.js';
import { loadScenario, parseScenario, resolveConstants, type LoadResult } from '../../scenario/index.js';
import { estimateLoad, loadWarning } from '../../scenario/index.js';
import type { Scenario } from '../../scenario/index.js';
import { BUG_REGISTRY, parseBugSwitches } from '../../cluster/index.js';
import { colours, EXIT } from '../style.js';
import { codeIdentity, codeVersion, readText, type CliIo } from '../io.js';
import type { RunMeta } from '../../report/index.js';
import type { Lang } from '../../i18n/index.js';

export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printScenarioErrors(io: CliIo, errors: readonly ScenarioError[]): void {
  const c = colours(io.stderrTTY, io.env);
  for (const e of errors) io.stderr.write(`${c.red('error')} ${formatScenarioError(e)}\n`);
  io.stderr.write(c.dim(`${errors.length} problem(s); nothing was run.\n`));
}

/** Loads a scenario, or prints why not (JSON on stdout with --json) and gives exit code 2. */
export function loadOrFail(io: CliIo, file: string, json: boolean): Scenario | typeof EXIT.USAGE {
  return loadedOrFail(io, loadScenario(file, readText), file, json);
}

/** A scenario that loaded, or its errors printed (JSON on stdout with --json) and exit code 2. */
export function loadedOrFail(io: CliIo, r: LoadResult, file: string, json: boolean): Scenario | typeof EXIT.USAGE {
  if (r.ok) return r.scenario;
  if (json)
    printJson(io, {
      ok: false,
      error: 'invalid scenario',
      file,
      errors: r.errors,
      message: r.errors.map(formatScenarioError),
    });
  else printScenarioErrors(io, r.errors);
  return EXIT.USAGE;
}

/** Checks --bug names; prints the known list and gives exit code 2 when one is unknown. */
export function checkBugsOrFail(io: CliIo, bugs: readonly string[], json: boolean): typeof EXIT.OK | typeof EXIT.USAGE {
  const r = parseBugSwitches(bugs);
  if (r.ok) return EXIT.OK;
  const known = BUG_REGISTRY.map((b) => b.name);
  if (json) {
    printJson(io, { ok: false, error: 'unknown bug switch', unknown: r.unknown, known });
  } else {
    io.stderr.write(
      `error: unknown bug switch ${r.unknown.map((u) => `"${u}"`).join(', ')}; known switches (see \`rmqsim bugs\`):\n`,
    );
    for (const k of known) io.stderr.write(`  ${k}\n`);
  }
  return EXIT.USAGE;
}

/**
 * Why reports cannot go under `out`, or undefined when they can: the path, or its nearest existing
 * ancestor when it does not exist yet, must be a directory this process may write into. Checked
 * before anything runs (issue 10 row 7: a file, /dev/null or a read-only directory is bad input).
 */
export function outDirProblem(out: string): string | undefined {
  let dir = resolve(out);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
    accessSync(dir, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (e) {
    return `${dir} is not writable (${e instanceof Error ? e.message : String(e)})`;
  }
}

/**
 * Why a file (such as --junit's) cannot be written at `path`, or undefined when it can: not a
 * directory, and its folder a writable directory or one that can be created (as --out's). Checked
 * before a sweep runs, so a typo in the path costs a usage error, not the whole sweep's work.
 */
export function outFileProblem(path: string): string | undefined {
  const file = resolve(path);
  if (existsSync(file) && statSync(file).isDirectory()) return `${file} is a directory`;
  return outDirProblem(dirname(file));
}

/** Prints that the reports cannot be written (JSON `reportError` with --json); gives exit code 2. */
export function reportError(
  io: CliIo,
  json: boolean,
  out: string,
  reason: string,
  summary: Readonly<Record<string, unknown>> = {},
): typeof EXIT.USAGE {
  const message = `--out: cannot write reports to ${out}: ${reason}`;
  if (json) printJson(io, { ...summary, ok: false, error: 'reportError', reportError: message });
  else io.stderr.write(`${colours(io.stderrTTY, io.env).red('error')} ${message}\n`);
  return EXIT.USAGE;
}

/** Checks --out before a run when reports will be written; prints why not and gives 2, else OK. */
export function outDirOrFail(
  io: CliIo,
  out: string,
  json: boolean,
  writes: boolean,
): typeof EXIT.OK | typeof EXIT.USAGE {
  const problem = writes ? outDirProblem(out) : undefined;
  return problem === undefined ? EXIT.OK : reportError(io, json, out, problem);
}

/** What a report records beside the run: wall time, the code that ran, and the scenario text (so a replay needs only the report). */
export function reportMeta(wallMs: number, scenarioText: string | undefined, lang?: Lang): RunMeta {
  const parsed = scenarioText === undefined ? undefined : parseScenario(scenarioText, 'report');
  return {
    wallMs,
    codeVersion: codeVersion(),
    code: codeIdentity(),
    ...(scenarioText !== undefined ? { scenarioText } : {}),
    ...(parsed?.ok === true ? { constants: resolveConstants(parsed.scenario.cluster) } : {}),
    ...(lang !== undefined ? { lang } : {}),
  };
}

/** A scenario file's text for its report (undefined when it cannot be read again). */
export function scenarioTextOf(file: string): string | undefined {
  const r = readText(file);
  return r.ok ? r.text : undefined;
}

/**
 * The large-run warning on stderr (issue 10 row 14), as `check` prints it. `run` and `sweep` print it
 * too, before they start: off a terminal (CI) nothing else would say why a run takes hours or is killed
 * for its memory. Never on stdout, so --json output stays one object.
 */
export function warnIfLarge(io: CliIo, file: string, s: Scenario): void {
  const load = loadWarning(estimateLoad(s));
  if (load !== undefined) io.stderr.write(`${colours(io.stderrTTY, io.env).yellow('warning')} ${file}: ${load}\n`);
}
