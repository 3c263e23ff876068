// The schedule service on a DLedger leader re-puts a due message and moves its delay offset only once the
// quorum acked the re-put ([R4 SMS] the sync deliver's putMessage waits for DLedgerCommitLog's append future).
// A leader cut from its followers cannot commit the re-put: it fails when the leader steps down, and the
// offset stays on the message, which its next term as master delivers again.
import { describe, expect, it } from 'vitest';
import { nodeId } from '../../sim/engine/index.js';
import { Cluster, s } from './harness.js';
import { StubClient } from './stub-clients.js';
import { sendRequest } from './requests.js';

/** A message for delay level 2 (5 s). */
const delayed = sendRequest(1, 0, 2);

/** A DLedger group whose leader takes the delayed message at 20 s (due at 25 s); `cut` partitions it at 22 s. */
function run(cut: boolean): readonly number[] | undefined {
  const c = new Cluster(31, 3);
  const peers = c.dledger('broker-a', 3);
  const cl = new StubClient();
  c.sim.addNode('cl', () => cl);
  c.sim.runUntil(s(20));
  const leader = c.master('broker-a') ?? '';
  expect(leader).not.toBe('');
  cl.rpc(leader, delayed, s(3));
  if (cut)
    c.sim.at(s(22), () =>
      c.sim.partition(
        [nodeId(leader)],
        peers.filter((n) => n !== leader),
      ),
    );
  c.sim.runUntil(s(40));
  return c.broker(leader).delayOffsets;
}

describe('schedule service on a DLedger leader', () => {
  it('moves past a re-put the quorum acked', () => {
    expect(run(false)?.[1]).toBe(1);
  });

  it('keeps its offset on a re-put that never reached a quorum (the leader stepped down)', () => {
    expect(run(true)?.[1]).toBe(0);
  });
});
