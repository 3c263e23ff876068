// The progress bar of `rmqsim run` (issue 9 item 6): drawn on a terminal for a
// run that takes longer than about 2 s, with simulated time, events/s and ETA;
// silent off a terminal, with --json, and for short runs. Wall time is a fake
// clock here, so nothing depends on how fast this machine is.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../sim/cli/main.js';
import type { CliIo } from '../../sim/cli/io.js';
import { clockText, RecentPace, runProgress } from '../../sim/cli/progress.js';
import { FAKE_SCENARIO, fakeBuild } from '../scenario/fake-cluster.js';
import { useTempDirs } from '../support/temp-dirs.js';

const tempDir = useTempDirs('rmqsim-progress-');

/** A clock that moves `stepMs` every time it is read. */
function steppingClock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs);
}

function fakeStream(isTTY: boolean): {
  isTTY: boolean;
  columns: number;
  text: () => string;
  write: (s: string) => boolean;
} {
  let written = '';
  return { isTTY, columns: 120, text: () => written, write: (s) => ((written += s), true) };
}

/** Drives a progress display through a 10 s simulated run of 1000 steps. */
function drive(p: ReturnType<typeof runProgress>): void {
  for (let i = 1; i <= 1000; i++) p.update(i * 10_000, 10_000_000, i * 500);
  p.stop();
}

describe('run progress bar', () => {
  it('on a terminal, a long run shows simulated time, events/s and ETA, then clears the line', () => {
    const stream = fakeStream(true);
    drive(runProgress({ stream, now: steppingClock(5) })); // 5 s of wall time in all
    const text = stream.text();
    expect(text).toMatch(/simulating \[[░█]+\] \d+% \| \d+s of 10s \| 1\d\dk events\/s \| ETA \d+s/);
    expect(text.endsWith('\u001b[2K')).toBe(true); // clearOnComplete: the bar's line is erased
  });

  it('reads simulated time, span and ETA as one kind of clock (1m53s of 6m00s)', () => {
    expect([42, 113, 360, 7500, 86_400].map(clockText)).toEqual(['42s', '1m53s', '6m00s', '2h05m00s', '24h00m00s']);
  });

  it('foretells the rest at the recent pace, not the slower warm-up', () => {
    // 5 s of wall time for the first 10% of a 10 s run (warming up), then 100 ms per 1%: at 50%, 5 s
    // are left, where the whole run's pace would say 9 s.
    const wallAt = (pct: number): number => (pct <= 10 ? pct * 500 : 5000 + (pct - 10) * 100);
    const pace = new RecentPace(wallAt(1), 100_000, wallAt(1));
    expect(pace.leftMs(100_000, 10_000_000)).toBe(49_500); // at first, the whole run's pace is all there is
    for (let pct = 2; pct <= 50; pct++) pace.observe(wallAt(pct), pct * 100_000);
    expect(Math.round(pace.leftMs(5_000_000, 10_000_000) / 1000)).toBe(5);
  });

  it('draws nothing off a terminal, and nothing for a run that takes less than about 2 s', () => {
    const pipe = fakeStream(false);
    drive(runProgress({ stream: pipe, now: steppingClock(5) }));
    expect(pipe.text()).toBe('');
    const quick = fakeStream(true);
    drive(runProgress({ stream: quick, now: steppingClock(1) })); // 1 s in all
    expect(quick.text()).toBe('');
  });

  it('rmqsim run draws it on a terminal stderr, and not with --json', async () => {
    const dir = tempDir();
    const file = join(dir, 'fake-story.yaml');
    writeFileSync(file, FAKE_SCENARIO);
    const run = async (extra: readonly string[]): Promise<{ out: string; err: string }> => {
      let out = '';
      let err = '';
      const io: CliIo = {
        stdout: { write: (t) => void (out += t) },
        stderr: { write: (t) => void (err += t) },
        stdoutTTY: false,
        stderrTTY: true,
        env: {},
        cores: 2,
        build: fakeBuild,
        wallClock: steppingClock(50),
      };
      await runCli(['run', file, '--no-report', ...extra], io);
      return { out, err };
    };
    expect((await run([])).err).toContain('events/s');
    const json = await run(['--json']);
    expect(json.err).toBe('');
    expect(() => JSON.parse(json.out) as unknown).not.toThrow();
  });
});
