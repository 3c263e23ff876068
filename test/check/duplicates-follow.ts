// Test helper: the duplicates check of group 'c' (max 0) following the given events and what else the run
// reported, with the swarm's margins (15 s before, 25 s after), judged at 200 s.
import { sec } from '../../sim/engine/index.js';
import type { History } from '../../sim/history/index.js';
import { DuplicatesChecker, type DuplicatesFollow } from '../../sim/check/index.js';

export function judgeFollowing(
  h: History,
  follow: Omit<DuplicatesFollow, 'margins'>,
): ReturnType<DuplicatesChecker['finish']> {
  return new DuplicatesChecker({
    history: h,
    group: 'c',
    max: 0,
    follow: { ...follow, margins: { beforeUs: sec(15), afterUs: sec(25) } },
  }).finish(sec(200));
}

/** A power loss of the master from 20 s to 25 s. */
export const POWER_LOSS_20_25 = [{ fromUs: sec(20), toUs: sec(25) }];
