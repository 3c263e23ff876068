// Runs a loaded scenario and times it (wall clock: the CLI's business), turning
// a thrown error into a value: a spec the cluster builder rejects is bad input
// (exit 2), anything else is a simulator crash (exit 3). Used by run, replay,
// sweep and the sweep workers.
import { ClusterBuildError } from '../cluster/index.js';
import type { TraceSink } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import type { BuildCluster, ReplayOptions, RunOptions } from '../scenario/index.js';
import type { RunResult } from '../scenario/index.js';
import { runScenario } from '../scenario/index.js';
import type { Scenario } from '../scenario/index.js';

export type Executed =
  | { readonly ok: true; readonly result: RunResult; readonly wallMs: number }
  /** badInput: the cluster could not be built from the spec (exit 2); otherwise the simulator crashed (exit 3). */
  | { readonly ok: false; readonly error: string; readonly badInput: boolean };

export interface ExecuteOptions {
  readonly seed?: number | undefined;
  readonly bugs: readonly string[];
  readonly onProgress?: ((t: number, d: number, events: number) => void) | undefined;
  readonly sinks?: readonly TraceSink<ClusterEvent>[];
  /** Receives the clients' history at the end of the run. */
  readonly onHistory?: RunOptions['onHistory'];
  /** A cluster builder other than the real one (tests). */
  readonly build?: BuildCluster | undefined;
  /** Record what the replay viewer draws (when a report will be written). */
  readonly replay?: ReplayOptions | undefined;
}

/** Describes an exception thrown by the simulator (a bug in rmqsim, never a cluster finding). */
export function crashMessage(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  return String(e);
}

export function execute(s: Scenario, o: ExecuteOptions): Executed {
  const started = performance.now();
  try {
    const result = runScenario(s, {
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      bugs: o.bugs,
      ...(o.build !== undefined ? { build: o.build } : {}),
      ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
      ...(o.sinks !== undefined ? { sinks: o.sinks } : {}),
      ...(o.replay !== undefined ? { replay: o.replay } : {}),
      ...(o.onHistory !== undefined ? { onHistory: o.onHistory } : {}),
    });
    return { ok: true, result, wallMs: performance.now() - started };
  } catch (e) {
    if (e instanceof ClusterBuildError) return { ok: false, error: e.message, badInput: true };
    return { ok: false, error: crashMessage(e), badInput: false };
  }
}
