// The CLI's door to the real world: output streams and whether they are
// terminals, the environment, the file system reader, the core count, the
// code version, and the cluster builder (tests pass a fake one). Commands
// take a CliIo instead of touching `process` themselves, so they can be
// tested in-process.
import { createHash } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  type Stats,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildCluster } from '../scenario/index.js';
import type { CodeIdentity } from '../report/index.js';
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

/** A piped or redirected stream is no tty.WriteStream: isTTY and columns are then absent, whatever @types/node says. */
type MaybeTty = Readonly<{ isTTY?: boolean; columns?: number }>;

export function processIo(): CliIo {
  const out: MaybeTty = process.stdout;
  const err: MaybeTty = process.stderr;
  return {
    stdout: { write: (t) => void process.stdout.write(t) },
    stderr: { write: (t) => void process.stderr.write(t) },
    stdoutTTY: out.isTTY === true,
    stderrTTY: err.isTTY === true,
    ...(err.columns !== undefined ? { stderrColumns: err.columns } : {}),
    env: process.env,
    cores: availableParallelism(),
  };
}

/**
 * The largest scenario file read (issue 10 row 4): the shipped stories are a few KiB; anything near this
 * is not a scenario, and reading stops here instead of filling memory.
 */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** The largest report.json or sweep part read: a long run's report is a few MiB. */
export const MAX_REPORT_BYTES = 256 * 1024 * 1024;

const MIB = 1024 * 1024;
const sizeText = (bytes: number): string => (bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`);

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

const failed = (found: string, limit: number): { readonly ok: false; readonly reason: string } => ({
  ok: false,
  reason: `${found} (only regular files of at most ${sizeText(limit)} are read)`,
});

/**
 * A reader of regular files of at most `limit` bytes. The file is opened without blocking (a FIFO with
 * no writer would otherwise wait forever) and checked on its descriptor before a byte is read, so
 * /dev/zero, /dev/urandom, pipes, directories and huge files are refused at once.
 */
export function readTextUpTo(limit: number): TextReader {
  return (path) => {
    let fd: number | undefined;
    try {
      // O_NONBLOCK is absent from fs.constants on Windows, although typed as always present.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
      const st = fstatSync(fd);
      if (!st.isFile()) return failed(kindOf(st), limit);
      if (st.size > limit) return failed(`a file of ${st.size} bytes`, limit);
      // One byte more than the size: a file that grew while being read is noticed, not cut short.
      const buf = Buffer.alloc(st.size + 1);
      let n = 0;
      for (let got = -1; got !== 0 && n < buf.length;) {
        got = readSync(fd, buf, n, buf.length - n, null);
        n += got;
      }
      if (n > st.size) return failed('a file that grew while being read', limit);
      return { ok: true, text: buf.toString('utf8', 0, n) };
    } catch (e) {
      const code = (e as { code?: string }).code;
      return {
        ok: false,
        reason:
          code === 'ENOENT'
            ? 'no such file'
            : code === 'EISDIR'
              ? 'a directory'
              : e instanceof Error
                ? e.message
                : String(e),
      };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
}

/** Reads a scenario file (at most MAX_SCENARIO_BYTES). */
export const readText: TextReader = readTextUpTo(MAX_SCENARIO_BYTES);
/** Reads a report.json or a sweep part (at most MAX_REPORT_BYTES). */
export const readReport: TextReader = readTextUpTo(MAX_REPORT_BYTES);

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

/** The simulator's own code files under `root` (sim/ from source, dist/sim/ when built), sorted. */
function codeFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true })
    .flatMap((e) => {
      const path = join(root, e.name);
      if (e.isDirectory()) return codeFiles(path);
      return /\.(ts|js)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
    })
    .sort();
}

/** The git commit `npm run build` recorded in build-info.json beside package.json, if any. */
function builtCommit(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    for (const info of [join(dir, 'dist', 'build-info.json'), join(dir, 'build-info.json')]) {
      if (!existsSync(info)) continue;
      const parsed = JSON.parse(readFileSync(info, 'utf8')) as { commit?: unknown };
      if (typeof parsed.commit === 'string' && /^[0-9a-f]{40}$/.test(parsed.commit)) return parsed.commit;
    }
    if (existsSync(join(dir, 'package.json'))) return undefined;
    dir = dirname(dir);
  }
  return undefined;
}

let cachedIdentity: CodeIdentity | undefined;

/**
 * Which code ran (issue 10 row 6): the package version, the git commit the build recorded, and a sha256
 * over every code file of the simulator as loaded (path and content), so two builds that differ in one
 * line differ here even under one version.
 */
export function codeIdentity(): CodeIdentity {
  if (cachedIdentity !== undefined) return cachedIdentity;
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const h = createHash('sha256');
  for (const file of codeFiles(root))
    h.update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  const commit = builtCommit();
  cachedIdentity = {
    version: codeVersion(),
    ...(commit !== undefined ? { commit } : {}),
    digest: `sha256:${h.digest('hex').slice(0, 16)}`,
  };
  return cachedIdentity;
}
