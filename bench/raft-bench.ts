// Raft benchmark: a 3-member DLedger group under steady appends, no faults.
// Figures: committed entries per wall second and the simulated-to-wall time
// ratio, for DLedger 0.3's one-entry pushes and for batched pushes (32), with
// appends arriving one by one or in bursts of 20.
// Printed by bench/run.ts; never asserted.
import { ms, sec } from '../sim/engine/index.js';
import { RaftTestGroup } from '../test/support/raft-harness.js';

interface Figures {
  readonly committedPerWallSec: number;
  readonly simToWallRatio: number;
  readonly committed: number;
}

function once(batch: number, clientIntervalUs: number, simUs: number, clientBurst = 1): Figures {
  const g = new RaftTestGroup({
    seed: 1,
    members: 3,
    clientIntervalUs,
    clientEntryBytes: 1024,
    clientBurst,
    config: { maxPushBatchEntries: batch },
  });
  g.sim.runUntil(sec(2)); // elect a leader first
  const startCommitted = Math.max(...g.members.map((m) => g.node(m)?.driver.committedIndex ?? -1));
  const t0 = performance.now();
  g.sim.runUntil(sec(2) + simUs);
  const wallMs = performance.now() - t0;
  const committed = Math.max(...g.members.map((m) => g.node(m)?.driver.committedIndex ?? -1)) - startCommitted;
  return {
    committedPerWallSec: Math.round(committed / (wallMs / 1000)),
    simToWallRatio: Number((simUs / 1000 / wallMs).toFixed(2)),
    committed,
  };
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Median of 3 runs per configuration; flat figures for bench/run.ts. */
export function runRaftBench(): Record<string, number> {
  const out: Record<string, number> = {};
  // 5 000 appends per simulated second for 10 simulated seconds: one every 200 us, or bursts of 20 every 4 ms.
  for (const [label, batch, burst, every] of [
    ['push1', 1, 1, 200],
    ['push32', 32, 1, 200],
    ['burst20push1', 1, 20, 4000],
    ['burst20push32', 32, 20, 4000],
  ] as const) {
    const runs = [0, 1, 2].map(() => once(batch, every, sec(10), burst));
    out[`${label}CommittedPerWallSec`] = median(runs.map((r) => r.committedPerWallSec));
    out[`${label}SimToWallRatio`] = median(runs.map((r) => r.simToWallRatio));
    out[`${label}Committed`] = median(runs.map((r) => r.committed));
  }
  // A light load (20 appends/s): how much faster than real time an idle-ish group runs.
  const idle = [0, 1, 2].map(() => once(1, ms(50), sec(120)));
  out['lightLoadSimToWallRatio'] = median(idle.map((r) => r.simToWallRatio));
  return out;
}

const invokedDirectly = process.argv[1]?.endsWith('raft-bench.js') === true;
if (invokedDirectly) console.log(JSON.stringify(runRaftBench(), null, 2));
