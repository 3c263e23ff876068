import { describe, expect, it } from 'vitest';
import { buildCluster, ClusterBuildError } from '../../sim/cluster/build.js';
import { typedOverrides } from '../../sim/cluster/index.js';
import { Simulation, sec, nodeId } from '../../sim/engine/index.js';
import { describeClusterEvent, type ClusterEvent, type WireMessage } from '../../sim/protocol/index.js';
import { cluster, group, workload } from './fixtures.js';
import { ackedSince, mastersOf } from './probes.js';

const newSim = (seed = 1): Simulation<WireMessage, ClusterEvent> =>
  new Simulation<WireMessage, ClusterEvent>({ seed, describeEvent: describeClusterEvent });

describe('buildCluster', () => {
  it('runs a DLedger group and a classic group end to end: a master each, sends acked, messages consumed', () => {
    const sim = newSim();
    const built = buildCluster(sim, cluster([group('broker-a', 'dledger'), group('broker-b', 'classic')]), workload(), {
      bugs: [],
    });
    const events: string[] = [];
    sim.addSink({ onEvent: (t, _n, e) => events.push(`${(t / 1e6).toFixed(3)} ${describeClusterEvent(e)}`) });
    sim.runUntil(sec(60));
    expect(built.view.masterOf('broker-a')).toBeDefined();
    expect(built.view.leaderOf('broker-a')).toBe(built.view.masterOf('broker-a'));
    expect(built.view.masterOf('broker-b')).toBe(nodeId('broker-b-0'));
    expect(built.view.slavesOf('broker-b')).toEqual([nodeId('broker-b-1')]);
    expect(mastersOf(sim, built, 'broker-a')).toHaveLength(1);
    const h = built.history;
    // 2 producers x 20/s from 15 s to 60 s = 1800 sends offered; nearly all must be acknowledged.
    expect(ackedSince(h, 0)).toBeGreaterThan(1700);
    expect(h.consumptions.length).toBeGreaterThan(500);
    expect(built.stats()['messagesStoredOnLiveBrokers']).toBeGreaterThan(1000);
  });

  it('rejects unknown constants and bug switches with the field and what was expected', () => {
    const spec = cluster([
      group('broker-a', 'classic', {
        // As a scenario file would write them: names and values are checked at run time.
        config: typedOverrides({ flushIntervalCommitLogUs: '1s', registerNameServerPeriodUs: 'soon', nonsense: 1 }),
      }),
    ]);
    let error: unknown;
    try {
      buildCluster(newSim(), spec, workload(), { bugs: ['raft.nope'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClusterBuildError);
    const paths = error instanceof ClusterBuildError ? error.problems.map((p) => p.path) : [];
    expect(paths).toContain('--bug raft.nope');
    expect(paths).toContain('cluster.groups[broker-a].config.nonsense');
    expect(paths).toContain('cluster.groups[broker-a].config.registerNameServerPeriodUs');
  });
});
