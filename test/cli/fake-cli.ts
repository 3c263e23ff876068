// Runs the rmqsim CLI in-process on the fake cluster (test/scenario/fake-cluster.ts)
// or on the real one, and captures its exit code and output. Test code only.
import { runCli } from '../../sim/cli/main.js';
import type { CliIo } from '../../sim/cli/io.js';
import type { BuildCluster } from '../../sim/scenario/index.js';
import { fakeBuild } from '../scenario/fake-cluster.js';

export interface Captured {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** How the captured CLI sees its world; every field has the in-process default. */
export interface CliOptions {
  /** The cluster builder (the fake cluster); undefined runs the real one. */
  readonly build?: BuildCluster | undefined;
  readonly env?: Readonly<Record<string, string>>;
  /** Whether stdout is a terminal (colours, progress bar). */
  readonly tty?: boolean;
  /** The cores the CLI believes it has (sweep's default --jobs). */
  readonly cores?: number;
}

/** Runs the CLI in-process with `argv` and captures its exit code, stdout and stderr. */
export async function runCaptured(argv: readonly string[], o: CliOptions = {}): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: {
      write: (t) => {
        out += t;
      },
    },
    stderr: {
      write: (t) => {
        err += t;
      },
    },
    stdoutTTY: o.tty ?? false,
    stderrTTY: false,
    env: o.env ?? {},
    cores: o.cores ?? 2,
    ...(o.build !== undefined ? { build: o.build } : {}),
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

export async function fakeCli(argv: readonly string[]): Promise<Captured> {
  return runCaptured(argv, { build: fakeBuild });
}

/** The CLI on the real cluster (keep the scenarios short: this runs in-process). */
export async function realCli(argv: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Captured> {
  return runCaptured(argv, { env });
}
