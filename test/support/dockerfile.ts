// A Dockerfile without a Docker engine: parses the instructions and replays
// the ones that build the image (WORKDIR, COPY, RUN) in a scratch directory,
// in order, each RUN through `sh -c` as the image's shell would, stopping at
// the first that fails. The image's root "/" maps to the scratch directory.
// Test code only (examples/docker/Dockerfile).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface DockerStep {
  readonly op: string;
  readonly args: string;
  readonly line: number;
}

/** Instructions in order; comments dropped, backslash-continued lines joined. */
export function parseDockerfile(text: string): DockerStep[] {
  const steps: DockerStep[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') start = i + 1;
    pending += pending === '' ? line : ` ${line}`;
    if (pending.endsWith('\\')) {
      pending = pending.slice(0, -1).trimEnd();
      return;
    }
    const m = /^(\w+)\s+(.*)$/.exec(pending);
    if (m !== null) steps.push({ op: (m[1] ?? '').toUpperCase(), args: m[2] ?? '', line: start });
    pending = '';
  });
  return steps;
}

/** COPY's sources and destination ("COPY a b ./dest"). */
export function copyParts(args: string): { sources: string[]; dest: string } {
  const words = args.split(/\s+/).filter((w) => !w.startsWith('--'));
  return { sources: words.slice(0, -1), dest: words[words.length - 1] ?? '.' };
}

const run = promisify(execFile);

/** Replays WORKDIR, COPY (from `context`) and RUN steps under `root`; resolves to the final working directory. */
export async function replayDockerfile(
  steps: readonly DockerStep[],
  context: string,
  root: string,
  log: (s: string) => void,
): Promise<string> {
  let workdir = root;
  const inImage = (p: string): string => (p.startsWith('/') ? join(root, p) : join(workdir, p));
  for (const step of steps) {
    if (step.op === 'WORKDIR') {
      workdir = inImage(step.args.trim());
      mkdirSync(workdir, { recursive: true });
    } else if (step.op === 'COPY') {
      const { sources, dest } = copyParts(step.args);
      const intoDir = sources.length > 1 || dest.endsWith('/');
      for (const src of sources)
        cpSync(join(context, src), intoDir ? join(inImage(dest), basename(src)) : inImage(dest), { recursive: true });
    } else if (step.op === 'RUN') {
      log(`RUN ${step.args}`);
      // Asynchronous, so the test runner's worker stays responsive during the long npm steps.
      await run('sh', ['-c', step.args], {
        cwd: workdir,
        env: { ...process.env, npm_config_prefer_offline: 'true' },
        maxBuffer: 64 * 1024 * 1024,
      });
    }
  }
  return workdir;
}
