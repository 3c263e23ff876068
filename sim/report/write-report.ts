// The file-writing edge of reports: a run's files are written into a fresh
// temporary directory beside the target and renamed into place, so a reader
// never sees a half-written report, and a failure leaves the previous report
// (if any) untouched.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type WriteResult = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly reason: string };

let counter = 0;

export function writeReportAtomically(dir: string, files: Readonly<Record<string, string>>): WriteResult {
  const suffix = `${process.pid}-${Date.now()}-${counter++}`;
  const tmp = `${dir}.tmp-${suffix}`;
  const old = `${dir}.old-${suffix}`;
  try {
    mkdirSync(dirname(dir), { recursive: true });
    mkdirSync(tmp);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    const replacing = existsSync(dir);
    if (replacing) renameSync(dir, old);
    renameSync(tmp, dir);
    if (replacing) rmSync(old, { recursive: true, force: true });
    return { ok: true, dir };
  } catch (e) {
    cleanUp(tmp, old, dir);
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Best effort after a failure: drop the temporary directory, put a moved-aside old report back. */
function cleanUp(tmp: string, old: string, dir: string): void {
  try {
    if (existsSync(tmp)) rmSync(tmp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(dir)) renameSync(old, dir);
  } catch {
    // Nothing more can be done; the caller reports the original error.
  }
}
