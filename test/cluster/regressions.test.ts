// Seeds that once exposed a bug, replayed so it stays fixed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';
import { buildCluster } from '../../sim/cluster/build.js';
import { Simulation, sec } from '../../sim/engine/index.js';
import { describeClusterEvent, type ClusterEvent, type WireMessage } from '../../sim/protocol/index.js';
import { cluster, group, workload } from './fixtures.js';
import { ackedSince, mastersOf } from './probes.js';

function run(file: string, seed: number): ReturnType<typeof runScenario> {
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return runScenario(loaded.scenario, { seed });
}

describe('regressions', () => {
  it('swarm seed 17: a DLedger member restarted after voting for itself rejoins its leader (routes converge)', () => {
    const r = run('scenarios/swarm.yaml', 17);
    const convergence = r.expectations.find((e) => e.name === 'convergence');
    expect(convergence?.detail).not.toContain('id=-1');
    expect(convergence?.ok).toBe(true);
    expect(r.ok).toBe(true);
  });

  it('clock skew stepped back and forward on a DLedger leader: no simulator crash, the group keeps one master', () => {
    const sim = new Simulation<WireMessage, ClusterEvent>({ seed: 5, describeEvent: describeClusterEvent });
    const built = buildCluster(sim, cluster([group('broker-a', 'dledger'), group('broker-b', 'dledger')]), workload(), {
      bugs: [],
    });
    sim.runUntil(sec(30));
    const leader = built.view.leaderOf('broker-a');
    expect(leader).toBeDefined();
    if (leader === undefined) return;
    sim.setClockSkew(leader, -sec(8)); // its wall clock steps 8 s back ...
    sim.runUntil(sec(45));
    sim.setClockSkew(leader, sec(20)); // ... then 28 s forward
    sim.runUntil(sec(90));
    sim.setClockSkew(leader, 0);
    sim.runUntil(sec(150));
    expect(mastersOf(sim, built, 'broker-a')).toHaveLength(1);
    expect(mastersOf(sim, built, 'broker-b')).toHaveLength(1);
    // 2 producers x 20/s: the cluster kept taking writes after the skew was undone.
    expect(ackedSince(built.history, sec(100))).toBeGreaterThan(1500);
  });
});
