// The figures of one production-rate bench case (issue 9), from what the child
// process measured: CPU (process.cpuUsage), peak RSS, the heap retained at the
// end of the simulation, and the run's own counts. Pure, so tests can check
// the arithmetic; the figures themselves are printed, never asserted.
import type { RunResult } from '../sim/scenario/index.js';

export interface CaseMeasurement {
  /** CPU (user + system) of the run itself, in microseconds. */
  readonly cpuMicros: number;
  /** process.resourceUsage().maxRSS at the end, in KiB. */
  readonly peakRssKiB: number;
  /** Heap + external bytes held at the end of the simulation minus before it was built (after full GCs). */
  readonly retainedBytes: number;
}

export interface CaseFigures {
  readonly simulatedSeconds: number;
  readonly cpuSeconds: number;
  readonly simSecondsPerCpuSecond: number;
  readonly peakRssMiB: number;
  /** Sends the producers completed (acked, failed or unknown). */
  readonly messages: number;
  readonly events: number;
  readonly eventsPerMessage: number | null;
  readonly cpuMicrosPerEvent: number;
  readonly bytesPerMessage: number | null;
  /** Messages offered by the producers per second of their active windows (summed over groups). */
  readonly offeredPerSec: number;
  /** Each group's achieved rate summed (GroupSends.ackedPerSecond: acked per second to its stop or its last ack, whichever later). */
  readonly achievedPerSec: number;
  /** Whether every expectation of the case held. */
  readonly ok: boolean;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

export function caseFigures(r: RunResult, m: CaseMeasurement): CaseFigures {
  let messages = 0;
  let offered = 0;
  let achieved = 0;
  for (const g of r.sends.groups) {
    messages += g.acked + g.failed + g.unknown;
    offered += g.offeredPerSecond;
    achieved += g.ackedPerSecond;
  }
  const simulatedSeconds = r.simulatedMs / 1000;
  const cpuSeconds = m.cpuMicros / 1e6;
  return {
    simulatedSeconds,
    cpuSeconds: round(cpuSeconds, 2),
    simSecondsPerCpuSecond: round(simulatedSeconds / Math.max(cpuSeconds, 1e-6), 2),
    peakRssMiB: Math.round(m.peakRssKiB / 1024),
    messages,
    events: r.events,
    eventsPerMessage: messages > 0 ? round(r.events / messages, 2) : null,
    cpuMicrosPerEvent: round(m.cpuMicros / Math.max(1, r.events), 3),
    bytesPerMessage: messages > 0 ? Math.round(m.retainedBytes / messages) : null,
    offeredPerSec: round(offered, 1),
    achievedPerSec: round(achieved, 1),
    ok: r.ok,
  };
}
