// The availability judge's graces with the model's defaults (needs-input.ts NeedsTimings), for tests:
// route poll 30 s + send budget 3 s, registration 30 s, DLedger election bound 12 s, HA housekeeping 20 s,
// HA reconnect 5 s.
import type { NeedsTimings } from '../../sim/check/needs-input.js';

const S = 1_000_000;

export const NEEDS_TIMINGS: NeedsTimings = {
  routeGraceUs: 33 * S,
  registrationUs: 30 * S,
  electionUs: 12 * S,
  sendTimeoutUs: 3 * S,
  haDetectUs: 20 * S,
  haCatchUpUs: 5 * S,
};
