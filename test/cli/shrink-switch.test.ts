// Shrink on the real cluster, one representative bug switch (the rest:
// npm run swarm:switches). About 36 runs in one synchronous call: under a
// loaded machine that blocks the test worker past vitest's RPC timeout, so it
// runs with npm run test:shrink (RMQSIM_SLOW=1), not in npm test. raft-chaos seed 101 with raft.vote-without-persist
// breaks raft-safety under seven random faults; the shrunk scenario keeps at
// most 3 faults, fails with the switch on and holds with it off.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured, type Captured } from './fake-cli.js';
import { parseScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-shrink-real-');

/** The CLI on the real cluster, one core. */
const realCli = (argv: readonly string[]): Promise<Captured> => runCaptured(argv, { cores: 1 });

describe('rmqsim shrink on the real cluster', () => {
  it.runIf(process.env['RMQSIM_SLOW'] === '1')(
    'raft.vote-without-persist from a random-fault seed shrinks to <= 3 faults that fail with the switch and pass without',
    async () => {
      const dir = tempDir();
      const bug = 'raft.vote-without-persist';
      expect(
        (await realCli(['run', 'scenarios/raft-chaos.yaml', '--seed', '101', '--bug', bug, '--out', dir, '--quiet']))
          .code,
      ).toBe(1);
      const r = await realCli(['shrink', join(dir, 'raft-chaos', '101', 'report.json'), '--out', dir, '--json']);
      expect(r.code, r.err).toBe(0);
      const j = JSON.parse(r.out) as {
        expectation: string;
        faultsBefore: number;
        faultsAfter: number;
        runs: number;
        shrunk: string;
        withoutBugs: string;
      };
      expect(j.expectation).toBe('raft-safety');
      expect(j.faultsBefore).toBeGreaterThan(3);
      expect(j.faultsAfter).toBeLessThanOrEqual(3);
      process.stdout.write(`shrink ${bug}: ${j.faultsBefore} -> ${j.faultsAfter} faults in ${j.runs} runs\n`);
      const s = parseScenario(readFileSync(j.shrunk, 'utf8'), j.shrunk);
      expect(s.ok).toBe(true);
      if (!s.ok) return;
      expect(runScenario(s.scenario, { bugs: [bug] }).expectations.find((e) => e.name === 'raft-safety')?.ok).toBe(
        false,
      );
      expect(runScenario(s.scenario).ok).toBe(true);
    },
    120_000,
  );
});
