// "Checkers that judge what they claim" (issue 10): at-least-once counts only
// successful consumptions; a message its group sent to the DLQ is its own
// category; duplicates have a bound. Each case fails on the checker as it was
// (a failed delivery counted as consumed; no duplicates expectation).
import { describe, expect, it } from 'vitest';
import { sec } from '../../sim/engine/index.js';
import { History, SendOutcome } from '../../sim/history/index.js';
import { AtLeastOnceChecker, DuplicatesChecker } from '../../sim/check/index.js';
import { msgUid } from '../../sim/protocol/index.js';
import { consumeStory, runYaml, verdictOf } from './stories.js';

/** Message `s` of client 1 at queue offset s, consumed at s seconds by both instances of group c. */
function consumedByBoth(h: History, s: number): void {
  for (const instance of ['c-1', 'c-2']) {
    h.consumed({
      uid: msgUid(1, s),
      group: 'c',
      instance,
      topic: 'T',
      brokerName: 'broker-a',
      queueId: 0,
      queueOffset: s,
      attempt: 0,
      ok: true,
      atUs: sec(s),
    });
  }
}

function sendAndFail(h: History, seq: number): void {
  const row = h.sendStarted({ uid: msgUid(1, seq), group: 'p', topic: 'T', key: -1, atUs: sec(seq) });
  h.sendDone(row, {
    outcome: SendOutcome.SEND_OK,
    atUs: sec(seq) + 1000,
    attempts: 1,
    brokerName: 'broker-a',
    queueId: 0,
    queueOffset: seq,
  });
  for (let attempt = 0; attempt < 3; attempt++) {
    h.consumed({
      uid: msgUid(1, seq),
      group: 'c',
      instance: 'c-1',
      topic: attempt === 0 ? 'T' : '%RETRY%c',
      brokerName: 'broker-a',
      queueId: 0,
      queueOffset: seq,
      attempt,
      ok: false,
      atUs: sec(seq + 1 + attempt * 10),
    });
  }
}

describe('at-least-once judges successful consumption', () => {
  it('a message whose every delivery failed is not consumed', () => {
    const h = new History();
    for (let s = 0; s < 3; s++) sendAndFail(h, s);
    const r = new AtLeastOnceChecker({ history: h, groups: [{ group: 'c', topics: ['T'] }] }).finish(sec(200));
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({ 'c.missing': 3, 'c.neverSucceeded': 3, 'c.consumed': 0, 'c.deliveries': 9 });
    expect(r.violations[0]?.message).toMatch(/msg 1:0 .* delivered to c but never consumed successfully/);
  });

  it('a real consumer answering RECONSUME_LATER to every delivery fails at-least-once', () => {
    const r = runYaml(consumeStory({ failureRate: 1, expectations: '  - at-least-once' }));
    const v = verdictOf(r, 'at-least-once');
    expect(v.ok).toBe(false);
    expect(v.figures['c.consumed']).toBe(0);
    expect(v.figures['c.neverSucceeded']).toBeGreaterThan(50);
    // The same story with a listener that succeeds holds.
    expect(
      verdictOf(runYaml(consumeStory({ failureRate: 0, expectations: '  - at-least-once' })), 'at-least-once').ok,
    ).toBe(true);
  });

  it('messages that exhausted their retries are counted as DLQ: a violation unless the expectation allows it', () => {
    // maxReconsumeTimes 1: the first failure retries after 10 s, the second goes to %DLQ%c (§3.10).
    const story = (allow: boolean): string =>
      consumeStory({
        failureRate: 1,
        client: 'maxReconsumeTimes: 1',
        expectations: `  - { check: at-least-once, allowDlq: ${allow} }`,
      });
    const strict = verdictOf(runYaml(story(false)), 'at-least-once');
    expect(strict.ok).toBe(false);
    expect(strict.figures['c.dlq']).toBeGreaterThan(50);
    expect(strict.figures['c.missing']).toBe(0);
    expect(strict.violations[0]?.message).toMatch(/went to %DLQ%c/);
    const allowed = verdictOf(runYaml(story(true)), 'at-least-once');
    expect(allowed.ok).toBe(true);
    expect(allowed.figures['c.dlq']).toBe(strict.figures['c.dlq']);
    expect(allowed.notes.join('\n')).toMatch(/went to %DLQ%c \(allowed\)/);
  });
});

describe('duplicates expectation', () => {
  it('bounds duplicate consumptions per group, attributed by cause', () => {
    const h = new History();
    for (let s = 0; s < 4; s++) {
      consumedByBoth(h, s);
    }
    const over = new DuplicatesChecker({ history: h, group: 'c', max: 3 }).finish(sec(10));
    expect(over.ok).toBe(false);
    expect(over.figures).toMatchObject({ duplicates: 4, 'dup.other-instance': 4, 'dup.retry': 0 });
    expect(over.violations[0]?.message).toMatch(
      /4 duplicate consumptions > 3 \(retry 0, other instance 4, offset rollback 0\)/,
    );
    expect(new DuplicatesChecker({ history: h, group: 'c', max: 4 }).finish(sec(10)).ok).toBe(true);
  });
});

describe('at-least-once and duplicates that follow the run (config swarm, issue 13 part 3)', () => {
  it('a message whose retry is due after the judged part of the run is on its way, not missing', () => {
    const h = new History();
    // Acked at 3 s; deliveries failed at 4 s, 14 s and 24 s (attempt 2: the next retry comes after level 5, 1 min).
    sendAndFail(h, 3);
    const retryDelayUs = (attempt: number): number => [sec(10), sec(30), sec(60)][attempt] ?? sec(120);
    const judge = (endUs: number): ReturnType<AtLeastOnceChecker['finish']> =>
      new AtLeastOnceChecker({ history: h, groups: [{ group: 'c', topics: ['T'] }], retryDelayUs }).finish(endUs);
    // Retry due at 1m24s; judged until end - 30 s.
    const pending = judge(sec(100));
    expect(pending.ok).toBe(true);
    expect(pending.notes?.join('\n')).toMatch(/retry is due at 1m24/);
    // Long after the retry was due, the message is missing.
    expect(judge(sec(200)).ok).toBe(false);
  });

  it('a duplicate first consumed near a fault or a rebalance is excused; one far from any is counted', () => {
    const h = new History();
    for (const s of [10, 100]) {
      consumedByBoth(h, s);
    }
    const margins = { beforeUs: sec(15), afterUs: sec(25) };
    const follow = (at: number) => ({ events: () => [{ fromUs: sec(at), toUs: sec(at + 5) }], margins });
    // A fault from 20 s to 25 s explains the message first consumed at 10 s (15 s before), not the one at 100 s.
    const r = new DuplicatesChecker({ history: h, group: 'c', max: 0, follow: follow(20) }).finish(sec(200));
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({ duplicates: 1, excused: 1 });
    // With a rebalance at 80 s as well, the one at 100 s (20 s after it) is explained too.
    const both = new DuplicatesChecker({
      history: h,
      group: 'c',
      max: 0,
      follow: { events: () => [...follow(20).events(), { fromUs: sec(80), toUs: sec(80) }], margins },
    }).finish(sec(200));
    expect(both.ok).toBe(true);
    expect(both.figures).toMatchObject({ duplicates: 0, excused: 2 });
  });

  it('a message stored twice is consumed once per copy, the retry of a failed copy included, and no more', () => {
    const h = new History();
    const consumed = (topic: string, queueOffset: number, attempt: number, ok: boolean, atS: number): void =>
      h.consumed({
        uid: msgUid(1, 7),
        group: 'c',
        instance: 'c-1',
        topic,
        brokerName: topic === 'T' ? 'broker-a' : 'broker-b',
        queueId: 0,
        queueOffset,
        attempt,
        ok,
        atUs: sec(atS),
      });
    // Stored at T 10 and T 11 (the producer's retry of a send the broker had stored): copy 10 consumed, copy 11
    // failed and came back through the retry topic: one success per copy.
    consumed('T', 10, 0, true, 100);
    consumed('T', 11, 0, false, 101);
    consumed('%RETRY%c', 3, 1, true, 111);
    const judge = (): ReturnType<DuplicatesChecker['finish']> =>
      new DuplicatesChecker({
        history: h,
        group: 'c',
        max: 0,
        follow: { events: () => [], margins: { beforeUs: sec(15), afterUs: sec(25) } },
      }).finish(sec(200));
    const twoCopies = judge();
    expect(twoCopies.ok).toBe(true);
    expect(twoCopies.figures).toMatchObject({ duplicates: 0, excused: 1 });
    // A third success has no copy of its own.
    consumed('%RETRY%c', 3, 1, true, 150);
    expect(judge().figures).toMatchObject({ duplicates: 1, excused: 1 });
  });
});
