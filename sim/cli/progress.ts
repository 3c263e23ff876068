// The progress bar of `rmqsim run` (cli-progress) for long runs: simulated
// time reached, kernel events per wall second and the time left. It appears
// only on a terminal and only once the run is seen to take longer than about
// two seconds; a short run, --json, --quiet or a pipe prints nothing extra.
// The run is synchronous, so the bar is redrawn from the simulation's
// progress callback (cli-progress's synchronous update), never from a timer.
import cliProgress from 'cli-progress';
import { formatDuration } from '../engine/index.js';

/** What the bar writes to: a terminal stream, or a fake one in tests. */
export interface ProgressStream {
  readonly isTTY: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  readonly stream: ProgressStream;
  /** Wall clock in milliseconds (performance.now, or a fake in tests). */
  readonly now: () => number;
  /** Show the bar for runs expected to take longer than this (default 2000 ms). */
  readonly minRunMs?: number;
}

export interface RunProgress {
  /** The simulation's progress callback: simulated time reached, the run's duration, events so far. */
  readonly update: (simulatedUs: number, durationUs: number, events: number) => void;
  /** Removes the bar (if it was shown). */
  readonly stop: () => void;
}

const FORMAT = '  simulating [{bar}] {percentage}% | {sim} of {span} | {rate} events/s | ETA {left}';

const rateText = (perSec: number): string =>
  perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)}M` : perSec >= 1e3 ? `${(perSec / 1e3).toFixed(0)}k` : perSec.toFixed(0);

function etaText(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function runProgress(o: ProgressOptions): RunProgress {
  const minRunMs = o.minRunMs ?? 2000;
  const startedMs = o.now();
  let bar: cliProgress.SingleBar | undefined;
  const update = (t: number, d: number, events: number): void => {
    if (!o.stream.isTTY || d <= 0) return;
    const elapsed = o.now() - startedMs;
    const fraction = Math.min(1, t / d);
    const expectedMs = fraction > 0 ? elapsed / fraction : Number.POSITIVE_INFINITY;
    const payload = {
      sim: formatDuration(Math.round(t / 1e6) * 1e6),
      span: formatDuration(d),
      rate: rateText(elapsed > 0 ? (events * 1000) / elapsed : 0),
      left: etaText(expectedMs - elapsed),
    };
    if (bar !== undefined) {
      bar.update(t, payload);
      return;
    }
    // Show once the run has taken or is expected to take long enough, and is not about to end.
    const long = elapsed >= minRunMs || (elapsed >= minRunMs / 4 && expectedMs >= minRunMs);
    if (!long || fraction >= 1) return;
    bar = new cliProgress.SingleBar(
      {
        stream: o.stream as unknown as NodeJS.WritableStream,
        format: FORMAT,
        clearOnComplete: true,
        hideCursor: false,
        gracefulExit: false,
        barsize: 24,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(d, t, payload);
  };
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  return { update, stop };
}
