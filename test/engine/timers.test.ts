import { describe, expect, it } from 'vitest';
import { Simulation, ms, type Message, type NodeContext, type SimNode } from '../../sim/engine/index.js';

type Ctx = NodeContext<Message, string>;

/** Runs `script` at each of its instants (ms) through a 'step' timer chain; records the 'watch' timer's firings. */
class Scripted implements SimNode<Message, string> {
  fired: number[] = [];
  private i = 0;
  constructor(private readonly script: readonly (readonly [number, (ctx: Ctx) => void])[]) {}
  onStart(ctx: Ctx): void {
    this.next(ctx);
  }
  onMessage(): void {}
  onReply(): void {}
  onTimer(ctx: Ctx, name: string): void {
    if (name === 'watch') {
      this.fired.push(ctx.now());
      return;
    }
    const step = this.script[this.i++];
    step?.[1](ctx);
    this.next(ctx);
  }
  onChannelClosed(): void {}
  onDiskDone(): void {}
  private next(ctx: Ctx): void {
    const step = this.script[this.i];
    if (step !== undefined) ctx.setTimer('step', ms(step[0]) - ctx.now());
  }
}

function run(
  script: readonly (readonly [number, (ctx: Ctx) => void])[],
  untilMs: number,
): { fired: number[]; events: number } {
  const sim = new Simulation<Message, string>({ seed: 1, describeEvent: (e) => e });
  const node = new Scripted(script);
  sim.addNode('a', () => node);
  sim.runUntil(ms(untilMs));
  return { fired: node.fired, events: sim.eventsProcessed };
}

describe('timers (lazy re-arming)', () => {
  it('a timer reset to later instants fires once, at the last due time', () => {
    const resets = Array.from({ length: 50 }, (_, i) => [i + 1, (ctx: Ctx) => ctx.setTimer('watch', ms(100))] as const);
    const r = run(resets, 1000);
    expect(r.fired).toEqual([ms(150)]);
    // 1 start + 50 steps + the watch event re-queued once + its firing: not one event per reset.
    expect(r.events).toBeLessThanOrEqual(1 + 50 + 2);
  });

  it('a reset to an earlier instant fires early, and only once', () => {
    const r = run(
      [
        [1, (ctx) => ctx.setTimer('watch', ms(100))],
        [2, (ctx) => ctx.setTimer('watch', ms(10))],
      ],
      1000,
    );
    expect(r.fired).toEqual([ms(12)]);
  });

  it('a cancelled timer does not fire, and reports unarmed; re-armed it fires at its new time', () => {
    const seen: boolean[] = [];
    const r = run(
      [
        [1, (ctx) => ctx.setTimer('watch', ms(100))],
        [
          2,
          (ctx) => {
            ctx.cancelTimer('watch');
            seen.push(ctx.hasTimer('watch'));
          },
        ],
        [
          300,
          (ctx) => {
            seen.push(ctx.hasTimer('watch'));
            ctx.setTimer('watch', ms(50));
            seen.push(ctx.hasTimer('watch'));
          },
        ],
      ],
      1000,
    );
    expect(seen).toEqual([false, false, true]);
    expect(r.fired).toEqual([ms(350)]);
  });

  it('timerDelay is the time left until the timer fires, -1 when unarmed, cancelled or fired', () => {
    const seen: number[] = [];
    const r = run(
      [
        [
          1,
          (ctx) => {
            seen.push(ctx.timerDelay('watch'));
            ctx.setTimer('watch', ms(100));
          },
        ],
        [
          30,
          (ctx) => {
            ctx.setTimer('watch', ms(100));
            seen.push(ctx.timerDelay('watch'));
          },
        ],
        [50, (ctx) => seen.push(ctx.timerDelay('watch'))],
        [
          200,
          (ctx) => {
            seen.push(ctx.timerDelay('watch'));
            ctx.setTimer('watch', ms(10));
            ctx.cancelTimer('watch');
            seen.push(ctx.timerDelay('watch'));
          },
        ],
      ],
      1000,
    );
    expect(r.fired).toEqual([ms(130)]);
    expect(seen).toEqual([-1, ms(100), ms(80), -1, -1]);
  });

  it('cancel then re-arm before the queued event comes up fires at the re-armed time', () => {
    const r = run(
      [
        [1, (ctx) => ctx.setTimer('watch', ms(100))],
        [
          50,
          (ctx) => {
            ctx.cancelTimer('watch');
            ctx.setTimer('watch', ms(100));
          },
        ],
      ],
      1000,
    );
    expect(r.fired).toEqual([ms(150)]);
  });
});
