// The examples/ that CI users copy: a Dockerfile, a GitHub Actions matrix
// workflow and a Kubernetes Indexed Job. Without a Docker engine or a cluster
// here, test what can be tested: the workflow and the manifest parse, say
// the same shard count everywhere and carry the fields their engines need;
// every COPY source of the Dockerfile exists. RMQSIM_EXAMPLES=1 (npm run
// test:examples) also replays the Dockerfile's steps in a scratch directory
// and runs the rmqsim it built.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { copyParts, parseDockerfile, replayDockerfile } from '../support/dockerfile.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-image-');

const read = (p: string): string => readFileSync(p, 'utf8');
const dockerfile = parseDockerfile(read('examples/docker/Dockerfile'));

/** The K/N of the `--shard` option in a command line, and the scenario it sweeps. */
function sweepArgs(command: string): { k: string; n: number; scenario: string } {
  const shard = /--shard\s+"?([^"\s]+)\/(\w+)"?/.exec(command);
  const scenario = /sweep\s+"?([^"\s]+)"?/.exec(command);
  expect(shard, command).not.toBeNull();
  return { k: shard?.[1] ?? '', n: Number(shard?.[2] ?? '0'), scenario: scenario?.[1] ?? '' };
}

describe('examples/docker', () => {
  it('every COPY source exists, and the image ends in the rmqsim entry point after a build step', () => {
    const copies = dockerfile.filter((s) => s.op === 'COPY');
    expect(copies.length).toBeGreaterThan(0);
    for (const c of copies)
      for (const src of copyParts(c.args).sources) expect(existsSync(src), `line ${c.line}: COPY ${src}`).toBe(true);
    const ops = dockerfile.map((s) => s.op);
    expect(ops[0]).toBe('FROM');
    expect(ops.indexOf('RUN')).toBeGreaterThan(0);
    expect(dockerfile.find((s) => s.op === 'ENTRYPOINT')?.args).toContain('bin/rmqsim.js');
  });

  it.runIf(process.env['RMQSIM_EXAMPLES'] === '1')(
    'its steps, replayed in order with sh, build an rmqsim that runs',
    async () => {
      const root = tempDir();
      const workdir = await replayDockerfile(dockerfile, process.cwd(), root, (s) => process.stdout.write(`  ${s}\n`));
      const { stdout: out } = await promisify(execFile)(
        'node',
        [join(workdir, 'bin/rmqsim.js'), 'run', 'scenarios/kill-two-nameservers.yaml', '--quiet', '--no-report'],
        { cwd: workdir, encoding: 'utf8' },
      );
      expect(out).toContain('PASS');
      expect(existsSync(join(workdir, 'node_modules', 'vitest')), 'dev dependencies were pruned').toBe(false);
    },
    600_000,
  );
});

describe('examples/kubernetes', () => {
  it('the Job manifest is an Indexed Job whose completions are the N of --shard $JOB_COMPLETION_INDEX/N', () => {
    const job = parse(read('examples/kubernetes/sweep-job.yaml')) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string };
      spec: {
        completionMode: string;
        completions: number;
        parallelism: number;
        template: {
          spec: {
            restartPolicy: string;
            securityContext?: { fsGroup?: number };
            containers: { image: string; command: string[]; args: string[] }[];
          };
        };
      };
    };
    expect([job.apiVersion, job.kind, job.spec.completionMode]).toEqual(['batch/v1', 'Job', 'Indexed']);
    expect(job.metadata.name).toMatch(/^[a-z0-9-]+$/);
    expect(job.spec.completions).toBeGreaterThan(1);
    expect(job.spec.parallelism).toBeGreaterThan(0);
    expect(['Never', 'OnFailure']).toContain(job.spec.template.spec.restartPolicy);
    const c = job.spec.template.spec.containers[0];
    expect(c?.image).toBeTruthy();
    const command = [...(c?.command ?? []), ...(c?.args ?? [])].join(' ');
    const { k, n, scenario } = sweepArgs(command);
    expect(k).toBe('$JOB_COMPLETION_INDEX');
    expect(n).toBe(job.spec.completions);
    expect(existsSync(scenario), scenario).toBe(true);
    expect(command).toContain('part-$JOB_COMPLETION_INDEX.json');
    // The image runs as node (uid/gid 1000 in the node images); a fresh claim's root is root's, so the
    // pod's fsGroup must give the node group the volume, or every pod fails writing its part.
    expect(dockerfile.find((s) => s.op === 'USER')?.args).toBe('node');
    expect(job.spec.template.spec.securityContext?.fsGroup).toBe(1000);
  });
});

describe('examples/github-actions', () => {
  it('the matrix lists shards 0..N-1 for the N of --shard, and the merge job needs them all', () => {
    const wf = parse(read('examples/github-actions/rmqsim-sweep.yml')) as {
      env: { SCENARIO: string; SHARDS: number };
      jobs: {
        shard: { strategy: { matrix: { shard: number[] } }; steps: { run?: string }[] };
        merge: { needs: string; steps: { run?: string }[] };
      };
    };
    const shards = wf.jobs.shard.strategy.matrix.shard;
    expect(shards).toEqual(Array.from({ length: wf.env.SHARDS }, (_, i) => i));
    const sweep = wf.jobs.shard.steps.map((s) => s.run ?? '').find((r) => r.includes('--shard')) ?? '';
    expect(sweep).toContain('--shard "${{ matrix.shard }}/$SHARDS"');
    expect(existsSync(wf.env.SCENARIO)).toBe(true);
    expect(wf.jobs.merge.needs).toBe('shard');
    expect(wf.jobs.merge.steps.some((s) => (s.run ?? '').includes('rmqsim.js merge part-*.json'))).toBe(true);
  });
});
