// The full randomized sweep of the DLedger-style Raft (npm run sweep:raft):
// 1. >= 500 seeds over 3- and 5-member groups under mixed faults with a
//    client appending, switches off: zero violations expected;
// 2. every bug switch over up to 200 seeds: each must be caught;
// 3. failover timing: leader crash to new leader, median and max, against
//    the model's expectation (about 4-14 s with DLedger defaults).
// Prints figures; exits 1 on any violation with switches off or any switch
// not caught. Usage: node dist/bench/raft-sweep.js [seeds=500] [bugSeeds=200]
import { RAFT_BUG_SWITCHES } from '../sim/raft/bugs.js';
import { runChaos, runFailover, type ChaosResult } from '../test/support/raft-chaos.js';
import { sweepCase } from './raft-sweep-case.js';

const arg = (i: number, dflt: number): number => {
  const v = Number(process.argv[i]);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number);
};
const secs = (us: number): string => `${(us / 1e6).toFixed(2)}s`;

interface CleanSweep {
  readonly bad: ChaosResult[];
  readonly failover: number[];
  readonly committed: number;
  readonly allowed: number;
  readonly convergeUs: number[];
  /** Seeds that ended with a member not following the leader (allowed: a quorum suffices). */
  readonly stragglers: number;
}

function cleanSweep(seeds: number): CleanSweep {
  const bad: ChaosResult[] = [];
  const failover: number[] = [];
  const convergeUs: number[] = [];
  let committed = 0;
  let allowed = 0;
  let stragglers = 0;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = runChaos({ seed, ...sweepCase(seed) });
    committed += r.committed;
    failover.push(...r.failoverUs);
    for (const c of r.results) allowed += c.figures?.['allowedLosses'] ?? 0;
    const liveness = r.results.find((c) => c.name === 'raft.liveness');
    const converge = liveness?.figures?.['convergeUs'];
    if (converge !== undefined) convergeUs.push(converge);
    if ((liveness?.figures?.['stragglers'] ?? 0) > 0) {
      stragglers++;
      console.log(`  note seed=${seed}: ${(liveness?.notes ?? []).join('; ')}`);
    }
    if (r.failed.length > 0) {
      bad.push(r);
      console.log(`  VIOLATION seed=${seed} members=${r.members}: ${r.failed.join(', ')}`);
      for (const c of r.results) if (!c.ok) console.log(`    ${c.name}: ${c.detail}`);
    }
    if (seed % 50 === 0) console.log(`  ... ${seed}/${seeds} seeds, ${bad.length} with violations`);
  }
  return { bad, failover, committed, allowed, convergeUs, stragglers };
}

/** Each switch over seeds until caught (at most maxSeeds), then its catch rate over the first rateSeeds seeds. */
function bugSweep(maxSeeds: number, rateSeeds: number): boolean {
  let all = true;
  for (const sw of RAFT_BUG_SWITCHES.filter((b) => b.inRaftSweep !== false)) {
    let caughtAt = -1;
    let caught = 0;
    const by = new Map<string, number>();
    for (let seed = 1; seed <= maxSeeds; seed++) {
      if (seed > rateSeeds && caughtAt >= 0) break;
      const r = runChaos({ seed, ...sweepCase(seed), bugs: { [sw.flag]: true } });
      if (r.failed.length === 0) continue;
      if (caughtAt < 0) caughtAt = seed;
      if (seed <= rateSeeds) caught++;
      for (const name of r.failed) by.set(name, (by.get(name) ?? 0) + 1);
    }
    if (caughtAt < 0) all = false;
    const checkers = [...by]
      .sort((a, b) => b[1] - a[1])
      .map(([n, k]) => `${n} x${k}`)
      .join(', ');
    console.log(
      caughtAt > 0
        ? `  ${sw.name}: first caught at seed ${caughtAt}; caught in ${caught}/${rateSeeds} seeds; by ${checkers}`
        : `  ${sw.name}: NOT caught in ${maxSeeds} seeds (expected ${sw.caughtBy.map((c) => c.expectation).join(', ')})`,
    );
  }
  return all;
}

function main(): number {
  const seeds = arg(2, 500);
  const bugSeeds = arg(3, 200);
  const t0 = process.hrtime.bigint();
  console.log(`raft sweep: ${seeds} seeds (3- and 5-member groups, mixed faults, client appending), switches off`);
  const clean = cleanSweep(seeds);
  const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(
    `  seeds with violations: ${clean.bad.length}/${seeds}; committed entries: ${clean.committed}; losses allowed by page-cache acks: ${clean.allowed}; wall ${wallS.toFixed(1)}s`,
  );
  console.log(
    `  leader agreed after the heal: median ${secs(pct(clean.convergeUs, 0.5))} max ${secs(Math.max(...clean.convergeUs))} (bound 30s); seeds ending with a member outside the leader's term: ${clean.stragglers}`,
  );
  console.log(
    `  failover under mixed faults: n=${clean.failover.length} median ${secs(pct(clean.failover, 0.5))} p90 ${secs(pct(clean.failover, 0.9))} max ${secs(Math.max(...clean.failover))}`,
  );

  const clean3: number[] = [];
  const clean5: number[] = [];
  for (let seed = 1; seed <= 20; seed++) {
    clean3.push(...runFailover(seed, 3, 5));
    clean5.push(...runFailover(seed, 5, 5));
  }
  console.log('failover, leader crash only (model expectation about 4-14 s with DLedger defaults):');
  console.log(
    `  3 members: n=${clean3.length} median ${secs(pct(clean3, 0.5))} max ${secs(Math.max(...clean3))} min ${secs(Math.min(...clean3))}`,
  );
  console.log(
    `  5 members: n=${clean5.length} median ${secs(pct(clean5, 0.5))} max ${secs(Math.max(...clean5))} min ${secs(Math.min(...clean5))}`,
  );

  console.log(`bug switches (each must be caught within ${bugSeeds} seeds):`);
  const caught = bugSweep(bugSeeds, Math.min(bugSeeds, 40));
  const ok = clean.bad.length === 0 && caught;
  console.log(ok ? 'OK' : 'FAILED');
  return ok ? 0 : 1;
}

process.exitCode = main();
