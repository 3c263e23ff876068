// The progress bar of `rmqsim run` (cli-progress) for long runs: simulated
// time reached, kernel events per wall second and the time left. It appears
// only on a terminal and only once the run is seen to take longer than about
// two seconds; a short run, --json, --quiet or a pipe prints nothing extra.
// The run is synchronous, so the bar is redrawn from the simulation's
// progress callback (cli-progress's synchronous update), never from a timer.
import cliProgress from 'cli-progress';

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

/** How far back the ETA's pace looks (an exponential average of the pace with this time constant). */
const PACE_MEMORY_MS = 1000;

const FORMAT = '  simulating [{bar}] {percentage}% | {sim} of {span} | {rate} events/s | ETA {left}';

const rateText = (perSec: number): string =>
  perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)}M` : perSec >= 1e3 ? `${(perSec / 1e3).toFixed(0)}k` : perSec.toFixed(0);

/**
 * Whole seconds as a clock reading, the same for simulated time, the run's span and the ETA
 * ("1m53s of 6m00s"; a trial read "113s of 6m" as two units): 42s, 1m53s, 2h05m00s.
 */
export function clockText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const two = (n: number): string => String(n).padStart(2, '0');
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`;
  return `${Math.floor(s / 3600)}h${two(Math.floor(s / 60) % 60)}m${two(s % 60)}s`;
}

/**
 * The time a run has left, at its recent pace. The first seconds of a run include warming up (V8
 * compiling the hot paths), so the whole run's pace overstates the rest (a trial saw ETA 13 s for a
 * 4 s run): the pace is an exponential average over about PACE_MEMORY_MS of wall time.
 */
export class RecentPace {
  /** Simulated us per wall ms; 0 before the first observation. */
  private pace = 0;
  private last = { ms: 0, us: 0 };

  /** Starts from the whole run's pace so far: `t` simulated us reached after `elapsedMs`, at wall `nowMs`. */
  constructor(nowMs: number, t: number, elapsedMs: number) {
    this.pace = elapsedMs > 0 ? t / elapsedMs : 0;
    this.last = { ms: nowMs, us: t };
  }

  observe(nowMs: number, t: number): void {
    if (nowMs <= this.last.ms) return;
    const weight = 1 - Math.exp(-(nowMs - this.last.ms) / PACE_MEMORY_MS);
    this.pace += weight * ((t - this.last.us) / (nowMs - this.last.ms) - this.pace);
    this.last = { ms: nowMs, us: t };
  }

  /** Wall ms left to reach `d` from `t`, or Infinity with no pace yet. */
  leftMs(t: number, d: number): number {
    return this.pace > 0 ? (d - t) / this.pace : Number.POSITIVE_INFINITY;
  }
}

export function runProgress(o: ProgressOptions): RunProgress {
  const minRunMs = o.minRunMs ?? 2000;
  const startedMs = o.now();
  let bar: cliProgress.SingleBar | undefined;
  let pace: RecentPace | undefined;
  const update = (t: number, d: number, events: number): void => {
    if (!o.stream.isTTY || d <= 0) return;
    const nowMs = o.now();
    const elapsed = nowMs - startedMs;
    const fraction = Math.min(1, t / d);
    const expectedMs = fraction > 0 ? elapsed / fraction : Number.POSITIVE_INFINITY;
    pace?.observe(nowMs, t);
    const payload = {
      sim: clockText(t / 1e6),
      span: clockText(d / 1e6),
      rate: rateText(elapsed > 0 ? (events * 1000) / elapsed : 0),
      left: clockText((pace?.leftMs(t, d) ?? expectedMs - elapsed) / 1000),
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
    pace = new RecentPace(nowMs, t, elapsed);
    bar.start(d, t, payload);
  };
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  return { update, stop };
}
