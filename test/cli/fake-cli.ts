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

async function cliWith(
  argv: readonly string[],
  build: BuildCluster | undefined,
  env: Readonly<Record<string, string>>,
): Promise<Captured> {
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
    stdoutTTY: false,
    stderrTTY: false,
    env,
    cores: 2,
    ...(build !== undefined ? { build } : {}),
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

export async function fakeCli(argv: readonly string[]): Promise<Captured> {
  return cliWith(argv, fakeBuild, {});
}

/** The CLI on the real cluster (keep the scenarios short: this runs in-process). */
export async function realCli(argv: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Captured> {
  return cliWith(argv, undefined, env);
}
