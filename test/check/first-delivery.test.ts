// The duplicates check with followFaults judges a duplicate by when the group first got the message's queue
// position, whatever that delivery's result: a delivery that failed and was sent back near a master's power loss
// is read again from the same position (its saved offset lost), succeeds, and its retry copy succeeds too.
import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { History } from '../../sim/history/index.js';
import { judgeFollowing, POWER_LOSS_20_25 } from './duplicates-follow.js';
import { msgUid } from '../../sim/protocol/index.js';

/** Message 5 at T broker-a 0 offset 5: delivered at `failedAtS` and failed, read again at 70 s, its retry at 80 s. */
function history(failedAtS: number): History {
  const h = new History();
  const at = (topic: string, queueOffset: number, attempt: number, ok: boolean, atS: number): void =>
    h.consumed({
      uid: msgUid(1, 5),
      group: 'c',
      instance: 'c-1',
      topic,
      brokerName: 'broker-a',
      queueId: 0,
      queueOffset,
      attempt,
      ok,
      atUs: sec(atS),
    });
  at('T', 5, 0, false, failedAtS);
  at('T', 5, 0, true, 70);
  at('%RETRY%c', 0, 1, true, 80);
  return h;
}

/** A power loss of the master from 20 s to 25 s: the group's saved progress may lag by 15 s, come back 25 s after. */
const judge = (h: History): ReturnType<typeof judgeFollowing> => judgeFollowing(h, { events: () => POWER_LOSS_20_25 });

describe('duplicates following faults: the first delivery of a position', () => {
  it('a failed delivery near the fault, read again and retried: both successes explained', () => {
    expect(judge(history(22)).figures).toMatchObject({ duplicates: 0, excused: 1 });
  });

  it('a failed delivery far from every fault explains nothing', () => {
    const r = judge(history(55));
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({ duplicates: 1, 'dup.retry': 1 });
  });
});
