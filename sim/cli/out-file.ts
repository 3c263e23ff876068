// Files the user names on the command line (import --out, --junit, --trace,
// --history): their missing folders are created, as `run --out` creates its
// report folders, and one that cannot be written is a plain error the
// command reports as bad output (exit 2), never a crash.
import { openSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { undoWrite, makeDirs, writeFailure } from '../report/index.js';

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
    undoWrite(tmp, made);
    return writeFailure(e);
  }
}

/** Opens `path` for writing (truncated), its missing folders created; throws, having removed them, when it cannot. */
export function openOutFile(path: string): number {
  const made: string[] = [];
  try {
    makeDirs(dirname(resolve(path)), made);
    return openSync(path, 'w');
  } catch (e) {
    undoWrite(undefined, made);
    throw e;
  }
}
