// A broken replication promise is seen when the ack is given, not only if a
// power loss follows (issue 10, "Checkers that judge what they claim").
import { describe, expect, it } from 'vitest';
import { runYaml, verdictOf } from './stories.js';

const syncMaster = `
name: sync-master-slave-cut-off
seed: 7
duration: 60s
cluster:
  groups: [{ name: broker-a, replicas: 2, brokerRole: SYNC_MASTER }]
  topics: [{ name: T, queues: 2 }]
workload:
  producers: [{ group: p, topic: T, rate: 20 }]
faults:
  - { at: 20s, do: partition, target: broker-a-1, peers: broker-a-0, for: 20s }
expectations:
  - ack-promise
  - no-acked-loss
`;

const dledger = `
name: dledger-leader-cut-off
seed: 8
duration: 60s
cluster:
  groups: [{ name: broker-a, mode: dledger, replicas: 3 }]
  topics: [{ name: T, queues: 2 }]
workload:
  producers: [{ group: p, topic: T, rate: 20 }]
faults:
  - { at: 20s, do: partition, target: leader-of:broker-a, peers: brokers-of:broker-a, for: 15s }
expectations:
  - ack-promise
`;

describe('ack-promise', () => {
  it('broker.sync-master-early-ack: SEND_OK while the slave is cut off breaks the promise at once, with no power loss', () => {
    const bad = runYaml(syncMaster, { bugs: ['broker.sync-master-early-ack'] });
    const v = verdictOf(bad, 'ack-promise');
    expect(v.ok).toBe(false);
    expect(v.violations[0]?.message).toMatch(/SYNC_MASTER promised a slave had it and no slave did/);
    expect(v.figures['broken']).toBeGreaterThan(100);
    // The loss checkers see nothing: no power loss followed.
    expect(verdictOf(bad, 'no-acked-loss').ok).toBe(true);
    const good = verdictOf(runYaml(syncMaster), 'ack-promise');
    expect(good.ok, good.detail).toBe(true);
    expect(good.figures['judged']).toBeGreaterThan(200);
  });

  it('broker.dledger-ack-before-quorum: an isolated leader acking alone breaks the quorum promise', () => {
    const v = verdictOf(runYaml(dledger, { bugs: ['broker.dledger-ack-before-quorum'] }), 'ack-promise');
    expect(v.ok).toBe(false);
    expect(v.violations[0]?.message).toMatch(/DLedger leader promised a quorum and only 1\/3 logs held it/);
    const good = verdictOf(runYaml(dledger), 'ack-promise');
    expect(good.ok, good.detail).toBe(true);
    expect(good.figures['judged']).toBeGreaterThan(500);
  });
});
