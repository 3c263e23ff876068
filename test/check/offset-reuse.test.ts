// At-least-once allows exactly the messages RocketMQ skips at queue offsets
// reused after a power loss truncated the queue (model §7 f,
// DefaultMessageStore.getMessage): never delivered, at an offset the group had
// been handed before the message was sent, when losing the message it
// replaced was allowed. Any other unconsumed message is still a violation.
import { describe, expect, it } from 'vitest';
import { AtLeastOnceChecker } from '../../sim/check/at-least-once.js';
import { History, SendOutcome, type AckedSend } from '../../sim/history/index.js';

const S = 1_000_000;

function send(h: History, uid: number, atS: number, queueId: number, queueOffset: number): void {
  const row = h.sendStarted({ uid, group: 'producer', topic: 'T', key: 0, atUs: atS * S });
  h.sendDone(row, {
    outcome: SendOutcome.SEND_OK,
    atUs: atS * S + 1000,
    attempts: 1,
    brokerName: 'broker-a',
    queueId,
    queueOffset,
  });
}

function consume(h: History, uid: number, atS: number, queueId: number, queueOffset: number): void {
  h.consumed({
    uid,
    group: 'consumer',
    instance: 'consumer-1',
    topic: 'T',
    brokerName: 'broker-a',
    queueId,
    queueOffset,
    attempt: 0,
    ok: true,
    atUs: atS * S,
  });
}

/** As the durability judge would: losing message 1 (say, unflushed at an ASYNC_FLUSH power loss) is allowed. */
const firstAllowed = (a: AckedSend): string | undefined => (a.uid === 1 ? 'ASYNC_FLUSH power loss' : undefined);

function judge(h: History, allowedLoss = firstAllowed): ReturnType<AtLeastOnceChecker['finish']> {
  return new AtLeastOnceChecker({ history: h, groups: [{ group: 'consumer', topics: ['T'] }], allowedLoss }).finish(
    100 * S,
  );
}

describe('offsets reused after a power loss', () => {
  it('allows a message at an offset the group was handed before it was sent, with the reason', () => {
    const h = new History();
    send(h, 1, 1, 0, 5);
    consume(h, 1, 2, 0, 5);
    send(h, 2, 10, 0, 5); // the power loss cut offset 5; the new message reuses it, the consumer is at 6
    const r = judge(h);
    expect(r.ok).toBe(true);
    expect(r.figures?.['consumer.allowedLoss']).toBe(1);
    expect(r.notes?.join('\n')).toContain(
      'queue offset 5 reused after the queue was truncated (msg 0:1 had been delivered at offset 5 by 2.000s; losing it was allowed: ASYNC_FLUSH power loss)',
    );
  });

  it('does not allow the skip when losing the message it replaced was not allowed (a broken promise stays a violation)', () => {
    const h = new History();
    send(h, 1, 1, 0, 5);
    consume(h, 1, 2, 0, 5);
    send(h, 2, 10, 0, 5);
    const r = judge(h, () => undefined);
    expect(r.ok).toBe(false);
    expect(r.figures?.['consumer.missing']).toBe(1);
  });

  it('still flags a message past every offset handed out, on another queue, or handed out only later', () => {
    const h = new History();
    send(h, 1, 1, 0, 5);
    consume(h, 1, 2, 0, 5);
    send(h, 2, 10, 0, 6); // beyond what the group was handed: it should have been read
    send(h, 3, 10, 1, 0); // another queue
    send(h, 4, 20, 2, 3);
    consume(h, 5, 30, 2, 3); // offset 3 of queue 2 handed out only after message 4 was sent
    const r = judge(h);
    expect(r.ok).toBe(false);
    expect(r.figures?.['consumer.missing']).toBe(3);
    expect(r.figures?.['consumer.allowedLoss']).toBe(0);
  });
});
