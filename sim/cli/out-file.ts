// Files the user names on the command line (import --out, --junit, --trace,
// --history): their missing folders are created, as `run --out` creates its
// report folders, and one that cannot be written is a plain error the
// command reports as bad output (exit 2), never a crash.
import { openSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { makeDirs } from '../report/index.js';

const reasonOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Best effort after a failure: the temporary file and the (still empty) folders this write created go again. */
function undo(tmp: string | undefined, made: readonly string[]): void {
  try {
    if (tmp !== undefined) rmSync(tmp, { force: true });
    for (const d of [...made].reverse()) rmdirSync(d);
  } catch {
    // Nothing more can be done; the caller reports the original error.
  }
}

/** Writes `text` to `path` whole or not at all (a temporary file beside it, renamed); gives why not, or undefined. */
export function writeOutFile(path: string, text: string): string | undefined {
  const made: string[] = [];
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    makeDirs(dirname(resolve(path)), made);
    writeFileSync(tmp, text);
    renameSync(tmp, path);
    return undefined;
  } catch (e) {
    undo(tmp, made);
    return reasonOf(e);
  }
}

/** Opens `path` for writing (truncated), its missing folders created; throws, having removed them, when it cannot. */
export function openOutFile(path: string): number {
  const made: string[] = [];
  try {
    makeDirs(dirname(resolve(path)), made);
    return openSync(path, 'w');
  } catch (e) {
    undo(undefined, made);
    throw e;
  }
}
