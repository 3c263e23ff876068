// Which group a sweep seed runs, shared by bench/raft-sweep.ts and the tests:
// members alternate 3/5; every fourth seed acks only after fsync.
export const sweepCase = (seed: number): { members: 3 | 5; ackAfterFsync: boolean } => ({
  members: seed % 2 === 0 ? 5 : 3,
  ackAfterFsync: seed % 4 === 3,
});
