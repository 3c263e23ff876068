// Timer names are types (issue 11 part 5): a cluster node's context takes only
// ClusterTimer names, so a misspelt one does not compile. The @ts-expect-error
// lines are the test: `npx tsc --noEmit` (CI's typecheck) fails if any of them
// stops being an error, i.e. if the union widens back to string.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Micros } from '../../sim/engine/index.js';
import type { ClusterContext, ClusterNode, ClusterTimer } from '../../sim/protocol/index.js';

type TimerDoor = Pick<ClusterContext, 'setTimer' | 'cancelTimer' | 'hasTimer'>;

function recorder(): TimerDoor & { readonly armed: string[] } {
  const armed: string[] = [];
  return {
    armed,
    setTimer: (name: ClusterTimer, _delayUs: Micros): void => void armed.push(name),
    cancelTimer: (name: ClusterTimer): void => {
      const i = armed.indexOf(name);
      if (i >= 0) armed.splice(i, 1);
    },
    hasTimer: (name: ClusterTimer): boolean => armed.includes(name),
  };
}

/** Arms one name of each layer, then tries misspellings the compiler must reject. */
function armEachLayer(ctx: TimerDoor, key: string, level: number): void {
  ctx.setTimer('ns:scan', 1);
  ctx.setTimer(`ns:idle:${key}`, 1);
  ctx.setTimer('pull-hold', 1);
  ctx.setTimer(`schedule:${level}`, 1);
  ctx.setTimer('store:group-commit', 1);
  ctx.setTimer(`pull:${key}`, 1);
  ctx.setTimer('raft:heartbeat', 1);
  // @ts-expect-error misspelt: the broker's long-poll timer is 'pull-hold'
  ctx.setTimer('pul-hold', 1);
  // @ts-expect-error a delay level is a number, not a queue key
  ctx.setTimer(`schedule:${key}`, 1);
  // @ts-expect-error Raft timers start with "raft:"
  ctx.cancelTimer('heartbeat-timeout');
  // @ts-expect-error a plain string is not a timer name
  ctx.hasTimer(key);
}

describe('cluster timer names', () => {
  it('accepts every layer’s names (and the misspelt ones only type-check as errors)', () => {
    const ctx = recorder();
    armEachLayer(ctx, 'TopicA#0', 3);
    expect(ctx.armed).toEqual([
      'ns:scan',
      'ns:idle:TopicA#0',
      'pull-hold',
      'schedule:3',
      'store:group-commit',
      'pull:TopicA#0',
      'raft:heartbeat',
      'pul-hold',
      'schedule:TopicA#0',
    ]);
  });

  it('hands a cluster node’s onTimer a ClusterTimer, not a string', () => {
    expectTypeOf<Parameters<ClusterNode['onTimer']>[1]>().toEqualTypeOf<ClusterTimer>();
    expectTypeOf<ClusterTimer>().not.toEqualTypeOf<string>();
  });
});
