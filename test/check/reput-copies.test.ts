// The duplicates check with followFaults: a schedule re-put that failed (a DLedger quorum ack that timed out,
// then committed) is re-put again from the same schedule offset, so the retry topic may hold the message twice;
// each copy may succeed once. Only for uids the broker reported (broker.reput-failed).
import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { History } from '../../sim/history/index.js';
import { judgeFollowing } from './duplicates-follow.js';
import { msgUid } from '../../sim/protocol/index.js';

const UID = msgUid(1, 5);

/** The retry copy of message 5 consumed at %RETRY%c offsets 0 (100 s) and 1 (110 s), far from any fault. */
function history(): History {
  const h = new History();
  for (const [queueOffset, atS] of [
    [0, 100],
    [1, 110],
  ] as const)
    h.consumed({
      uid: UID,
      group: 'c',
      instance: 'c-1',
      topic: '%RETRY%c',
      brokerName: 'broker-a',
      queueId: 0,
      queueOffset,
      attempt: 1,
      ok: true,
      atUs: sec(atS),
    });
  return h;
}

const judge = (failed: ReadonlySet<number>): ReturnType<typeof judgeFollowing> =>
  judgeFollowing(history(), { events: () => [], rePutFailed: () => failed });

describe('duplicates following faults: copies of a failed schedule re-put', () => {
  it('a second retry-topic copy of a message whose re-put failed is explained', () => {
    expect(judge(new Set([UID])).figures).toMatchObject({ duplicates: 0, excused: 1 });
  });

  it('without a failed re-put the second copy counts', () => {
    expect(judge(new Set()).ok).toBe(false);
  });
});
