// Runs the rmqsim CLI in-process on the fake cluster (test/scenario/fake-cluster.ts)
// and captures its exit code and output. Test code only.
import { runCli } from '../../sim/cli/main.js';
import type { CliIo } from '../../sim/cli/io.js';
import { fakeBuild } from '../scenario/fake-cluster.js';

export interface Captured { readonly code: number; readonly out: string; readonly err: string }

export async function fakeCli(argv: readonly string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (t) => { out += t; } }, stderr: { write: (t) => { err += t; } },
    stdoutTTY: false, stderrTTY: false, env: {}, cores: 2, build: fakeBuild,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}
