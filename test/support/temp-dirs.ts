// Scratch directories for tests, removed when the suite that asked for them
// ends (issue 10 row 15: nothing is left under the system temp directory).
// Call `useTempDirs` at the top of a test file or a describe block; it
// registers the afterAll that removes every directory it made.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A maker of fresh directories named `<prefix>XXXXXX` under the temp dir, all removed after the suite. */
export function useTempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
