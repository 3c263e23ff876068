// The duplicates check with followFaults does not excuse what an offset reset
// re-delivers: RocketMQ corrects an offset past the end to the queue's max,
// never below a message the group consumed that is still there (switch
// broker.overflow-corrects-to-min corrects to min).
import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { History, SendOutcome } from '../../sim/history/index.js';
import type { OffsetReset } from '../../sim/check/index.js';
import { judgeFollowing, POWER_LOSS_20_25 } from './duplicates-follow.js';
import { msgUid } from '../../sim/protocol/index.js';

function send(h: History, atS: number): void {
  const row = h.sendStarted({ uid: msgUid(1, 5), group: 'p', topic: 'T', key: -1, atUs: sec(atS) });
  h.sendDone(row, {
    outcome: SendOutcome.SEND_OK,
    atUs: sec(atS) + 1000,
    attempts: 1,
    brokerName: 'broker-a',
    queueId: 0,
    queueOffset: 5,
  });
}

/** Message 5 at T broker-a 0 offset 5, sent at 4 s, consumed at 10 s and again at 61 s. */
function history(): History {
  const h = new History();
  send(h, 4);
  for (const atS of [10, 61])
    h.consumed({
      uid: msgUid(1, 5),
      group: 'c',
      instance: 'c-1',
      topic: 'T',
      brokerName: 'broker-a',
      queueId: 0,
      queueOffset: 5,
      attempt: 0,
      ok: true,
      atUs: sec(atS),
    });
  return h;
}

function judge(h: History, resets: readonly OffsetReset[]): ReturnType<typeof judgeFollowing> {
  // A power loss from 20 s to 25 s: without resets, the re-delivery of what was consumed at 10 s is excused.
  return judgeFollowing(h, { events: () => POWER_LOSS_20_25, resets: () => resets });
}

/** A reset to `offset` at 60 s; the broker answered at 50 s with the queue's max `maxOffset` (10: message 5 was in it). */
const reset = (offset: number, maxOffset = 10): OffsetReset => ({
  atUs: sec(60),
  answerUs: sec(50),
  topic: 'T',
  broker: 'broker-a',
  queueId: 0,
  offset,
  maxOffset,
});

describe('duplicates following faults and offset resets', () => {
  it('a reset to or below a message consumed before the broker answered re-delivers it: counted', () => {
    expect(judge(history(), []).ok).toBe(true);
    const r = judge(history(), [reset(0)]);
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({ duplicates: 1, excused: 0 });
  });

  it('a reset past the message, or on another queue, leaves the fault to explain it', () => {
    expect(judge(history(), [reset(6)]).ok).toBe(true);
    expect(judge(history(), [{ ...reset(0), queueId: 1 }]).ok).toBe(true);
  });

  it('a message past the max the broker answered was not in the queue then: the fault explains its return', () => {
    // A consume queue behind its commit log (dispatch stopped by a full disk) answers max 2; the correct
    // reset to 2 cannot keep the group past offset 5, whose entry is dispatched again later.
    expect(judge(history(), [reset(2, 2)]).ok).toBe(true);
    // The same answer with a reset below the max still sends the group back over what was in the queue.
    expect(judge(history(), [reset(0, 6)]).ok).toBe(false);
  });

  it("a message the producer's retry stored again after its first consumption is a new copy: excused", () => {
    const h = history();
    send(h, 30);
    expect(judge(h, [reset(0)]).ok).toBe(true);
  });
});
