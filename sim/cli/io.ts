// The CLI's door to the real world: output streams and whether they are
// terminals, the environment, the file system reader, the core count, the
// code version, and the cluster builder (tests pass a fake one). Commands
// take a CliIo instead of touching `process` themselves, so they can be
// tested in-process.
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildCluster } from '../scenario/index.js';
import type { TextReader } from '../scenario/index.js';

export interface Writer {
  write(text: string): void;
}

export interface CliIo {
  readonly stdout: Writer;
  readonly stderr: Writer;
  readonly stdoutTTY: boolean;
  readonly stderrTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cores: number;
  /** Terminal width of stderr, when it is a terminal. */
  readonly stderrColumns?: number;
  /** Wall clock in ms for progress display (tests pass a fake; default performance.now). */
  readonly wallClock?: () => number;
  /** Overrides the real cluster builder (tests); runs in-process only. */
  readonly build?: BuildCluster;
}

export function processIo(): CliIo {
  return {
    stdout: { write: (t) => void process.stdout.write(t) },
    stderr: { write: (t) => void process.stderr.write(t) },
    stdoutTTY: process.stdout.isTTY === true,
    stderrTTY: process.stderr.isTTY === true,
    ...(process.stderr.columns !== undefined ? { stderrColumns: process.stderr.columns } : {}),
    env: process.env,
    cores: availableParallelism(),
  };
}

export const readText: TextReader = (path) => {
  try {
    return { ok: true, text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { ok: false, reason: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : e instanceof Error ? e.message : String(e) };
  }
};

let cachedVersion: string | undefined;

/** The package version, found by walking up from this module (works from sim/ and from dist/sim/). */
export function codeVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      const parsed = JSON.parse(readFileSync(pkg, 'utf8')) as { version?: unknown };
      cachedVersion = typeof parsed.version === 'string' ? parsed.version : 'unknown';
      return cachedVersion;
    }
    dir = dirname(dir);
  }
  cachedVersion = 'unknown';
  return cachedVersion;
}
