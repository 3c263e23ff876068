// The file-writing edge of reports. A new report directory is written as a
// fresh temporary directory beside the target and renamed into place, so a
// reader never sees it half-written. Into an existing directory each file is
// first written under a temporary name and then renamed over its own name, so
// a failure while writing leaves the previous report untouched, and every
// other file there (a shrunk.yaml, the scenario being run, a user's notes) is
// kept: a report write never deletes a file it does not own.
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type WriteResult = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly reason: string };

let counter = 0;

/**
 * Creates `dir` and its missing parents one level at a time, recording each one it made. Not
 * `mkdirSync(dir, { recursive: true })`: under Node 20 that spins forever when a level answers
 * ENOENT although its parent exists (`--out /proc/x`), and a CLI must never hang on bad input.
 */
export function makeDirs(dir: string, made: string[]): void {
  const missing: string[] = [];
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    if (dirname(d) === d) break;
    missing.unshift(d);
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
      made.push(d);
    } catch (e) {
      // Another writer (a second shard on this machine, a sweep's next report) made it first: fine.
      if (!(e instanceof Error && 'code' in e && e.code === 'EEXIST' && statSync(d).isDirectory())) throw e;
    }
  }
}

/**
 * Writes `files` into `dir`. `owns` names the files this kind of write is responsible for (default: the
 * ones it writes): an owned file of an earlier write that is not written this time is removed, so no
 * stale report is left beside a new one; any other file in `dir` is left alone.
 */
export function writeReportAtomically(
  dir: string,
  files: Readonly<Record<string, string>>,
  owns: readonly string[] = Object.keys(files),
): WriteResult {
  const suffix = `${process.pid}-${Date.now()}-${counter++}`;
  return existsSync(dir) ? writeInto(dir, files, owns, suffix) : writeFresh(dir, files, suffix);
}

/** A directory that does not exist yet: written whole beside it, then renamed into place. */
function writeFresh(dir: string, files: Readonly<Record<string, string>>, suffix: string): WriteResult {
  const tmp = `${dir}.tmp-${suffix}`;
  const made: string[] = [];
  try {
    makeDirs(dirname(dir), made);
    mkdirSync(tmp);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    renameSync(tmp, dir);
    return { ok: true, dir };
  } catch (e) {
    undoWrite(tmp, made);
    return failed(e);
  }
}

/**
 * An existing directory: every file is written under a temporary name first (where a full disk or a
 * read-only directory fails, before anything is replaced), then renamed over its own name.
 */
function writeInto(
  dir: string,
  files: Readonly<Record<string, string>>,
  owns: readonly string[],
  suffix: string,
): WriteResult {
  const staged: (readonly [string, string])[] = [];
  try {
    for (const [name, text] of Object.entries(files)) {
      const tmp = join(dir, `.${name}.tmp-${suffix}`);
      staged.push([tmp, join(dir, name)]);
      writeFileSync(tmp, text);
    }
    for (const [tmp, final] of staged) renameSync(tmp, final);
    for (const name of owns) if (!(name in files)) rmSync(join(dir, name), { force: true });
    return { ok: true, dir };
  } catch (e) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    return failed(e);
  }
}

/** What went wrong with a write, in words. */
export const writeFailure = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const failed = (e: unknown): WriteResult => ({ ok: false, reason: writeFailure(e) });

/**
 * Best effort after a failed write: drop its temporary file or directory (if any), remove the (still
 * empty) parents it created (makeDirs' `made`).
 */
export function undoWrite(tmp: string | undefined, made: readonly string[]): void {
  try {
    if (tmp !== undefined && existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
    for (const d of [...made].reverse()) rmdirSync(d);
  } catch {
    // Nothing more can be done; the caller reports the original error.
  }
}
