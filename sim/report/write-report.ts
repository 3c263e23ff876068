// The file-writing edge of reports: a run's files are written into a fresh
// temporary directory beside the target and renamed into place, so a reader
// never sees a half-written report, and a failure leaves the previous report
// (if any) untouched.
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type WriteResult = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly reason: string };

let counter = 0;

/**
 * Creates `dir` and its missing parents one level at a time, recording each one it made. Not
 * `mkdirSync(dir, { recursive: true })`: under Node 20 that spins forever when a level answers
 * ENOENT although its parent exists (`--out /proc/x`), and a CLI must never hang on bad input.
 */
function makeDirs(dir: string, made: string[]): void {
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

export function writeReportAtomically(dir: string, files: Readonly<Record<string, string>>): WriteResult {
  const suffix = `${process.pid}-${Date.now()}-${counter++}`;
  const tmp = `${dir}.tmp-${suffix}`;
  const old = `${dir}.old-${suffix}`;
  const made: string[] = [];
  try {
    makeDirs(dirname(dir), made);
    mkdirSync(tmp);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    const replacing = existsSync(dir);
    if (replacing) renameSync(dir, old);
    renameSync(tmp, dir);
    if (replacing) rmSync(old, { recursive: true, force: true });
    return { ok: true, dir };
  } catch (e) {
    cleanUp(tmp, old, dir, made);
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Best effort after a failure: drop the temporary directory, put a moved-aside old report back,
 * remove the (still empty) parents this write created.
 */
function cleanUp(tmp: string, old: string, dir: string, made: readonly string[]): void {
  try {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(dir)) renameSync(old, dir);
    for (const d of [...made].reverse()) rmdirSync(d);
  } catch {
    // Nothing more can be done; the caller reports the original error.
  }
}
