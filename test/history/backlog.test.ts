// A consumer group's backlog counts queue offsets, as mqadmin does, so a
// duplicate consumption cannot hide it: a count of successes read low by every
// duplicate (a trial's run: peak 454 with 96k behind at the end and 95k duplicates).
import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { backlogPeak, History, SendOutcome } from '../../sim/history/index.js';
import { msgUid } from '../../sim/protocol/index.js';

/** 100 messages a second for 10 s into one queue, each acked 1 ms after it is offered. */
function produced(h: History): void {
  for (let i = 0; i < 1000; i++) {
    const atUs = i * 10_000;
    const row = h.sendStarted({ uid: msgUid(1, i), group: 'p', topic: 'T', key: -1, atUs });
    h.sendDone(row, {
      outcome: SendOutcome.SEND_OK,
      atUs: atUs + 1000,
      attempts: 1,
      brokerName: 'broker-a',
      queueId: 0,
      queueOffset: i,
    });
  }
}

function consume(h: History, instance: string, offsets: readonly number[], atUs: (k: number) => number): void {
  offsets.forEach((offset, k) =>
    h.consumed({
      group: 'c',
      instance,
      topic: 'T',
      brokerName: 'broker-a',
      queueId: 0,
      uid: msgUid(1, offset),
      queueOffset: offset,
      attempt: 0,
      ok: true,
      atUs: atUs(k),
    }),
  );
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

describe('backlog peak', () => {
  it('a consumer at half the rate: the backlog grows to what it has not reached, duplicates or not', () => {
    const h = new History();
    produced(h);
    // c-1 consumes the first 500 at 50/s; at 5 s a rebalance hands the queue to c-2, which starts again
    // from the committed offset 200 (300 duplicates) and reaches offset 499 by the end.
    consume(h, 'c-1', range(0, 250), (k) => k * 20_000);
    consume(h, 'c-2', range(200, 500), (k) => sec(5) + k * 16_000);
    const peak = backlogPeak(h, { group: 'c', topics: ['T'], copies: 1 }, sec(1), sec(10));
    // At 10 s: stored up to offset 999, consumed up to 499: 500 owed. Counting successes (550 of 1000) said 450.
    expect(peak).toEqual({ peak: 500, atUs: sec(10) });
  });

  it('a BROADCASTING group owes each instance every message; an instance that consumed nothing owes all', () => {
    const h = new History();
    produced(h);
    consume(h, 'c-1', range(0, 1000), (k) => k * 10_000 + 2000);
    const peak = backlogPeak(h, { group: 'c', topics: ['T'], copies: 2 }, sec(1), sec(10));
    expect(peak).toEqual({ peak: 1000, atUs: sec(10) });
  });
});
