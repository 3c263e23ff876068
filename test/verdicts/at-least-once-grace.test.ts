// The grace of at-least-once said and bounded (user trial): messages acked in the
// last 30 s that were not consumed by the end are not judged, and the verdict says
// how many of the acked messages it judged. When those it could not judge are most
// of them, or the group lags more than half the grace, the verdict is partial:
// not judged, never a PASS. Each case fails on the checker as it was (a bare
// "every acknowledged message consumed" PASS).
import { describe, expect, it } from 'vitest';
import { sec, type Micros } from '../../sim/engine/index.js';
import { History, SendOutcome } from '../../sim/history/index.js';
import { AtLeastOnceChecker } from '../../sim/check/index.js';
import { zhDetailOrUndefined } from '../../sim/i18n/index.js';
import { msgUid } from '../../sim/protocol/index.js';

/** Message `seq` of client 1, acked at `atUs` at queue offset seq. */
function ack(h: History, seq: number, atUs: Micros): void {
  const row = h.sendStarted({ uid: msgUid(1, seq), group: 'p', topic: 'T', key: -1, atUs: atUs - 1000 });
  h.sendDone(row, {
    outcome: SendOutcome.SEND_OK,
    atUs,
    attempts: 1,
    brokerName: 'broker-a',
    queueId: 0,
    queueOffset: seq,
  });
}

function consume(h: History, seq: number, atUs: Micros, ok = true): void {
  h.consumed({
    uid: msgUid(1, seq),
    group: 'c',
    instance: 'c-1',
    topic: 'T',
    brokerName: 'broker-a',
    queueId: 0,
    queueOffset: seq,
    attempt: 0,
    ok,
    atUs,
  });
}

/** Messages 0..n-1 acked one a second from 10 s, each consumed 100 ms after its ack. */
function keptUp(h: History, n: number): void {
  for (let s = 0; s < n; s++) {
    ack(h, s, sec(10 + s));
    consume(h, s, sec(10 + s) + 100_000);
  }
}

const END = sec(100);
const judge = (h: History): ReturnType<AtLeastOnceChecker['finish']> =>
  new AtLeastOnceChecker({ history: h, groups: [{ group: 'c', topics: ['T'] }] }).finish(END);

describe('at-least-once says what its grace left unjudged', () => {
  it('a consumer keeping up: judged and not judged counted, in the detail and as figures', () => {
    const h = new History();
    // 60 messages, one a second from 40 s, each consumed 100 ms later; the last 3 are still in flight.
    for (let s = 0; s < 60; s++) {
      ack(h, s, sec(40 + s));
      if (s < 57) consume(h, s, sec(40 + s) + 100_000);
    }
    const r = judge(h);
    expect(r.ok).toBe(true);
    expect(r.detail).toBe(
      'c: 57 of 60 acknowledged message(s) judged, all consumed successfully, 3 acked in the last 30s not judged (grace); no phantom',
    );
    expect(r.figures).toMatchObject({
      'c.acked': 60,
      'c.judged': 57,
      'c.notJudged': 3,
      'c.lagAtEndUs': sec(3),
      graceUs: sec(30),
    });
    expect(zhDetailOrUndefined(r.detail)).toContain('最后 30s 内确认的 3 条尚未消费, 未判定 (宽限期)');
  });

  it('is partial, not a PASS, when most acked messages fall in the grace unconsumed', () => {
    const h = new History();
    // 10 early messages consumed; 30 in the last 30 s, the consumer reached none of them (lag 29 s > 15 s too).
    keptUp(h, 10);
    for (let s = 10; s < 40; s++) ack(h, s, sec(71) + (s - 10) * 900_000);
    const r = judge(h);
    expect(r.ok).toBe(false);
    expect(r.violations).toEqual([]);
    expect(r.detail).toMatch(
      /^not judged: c: only 10 of 40 acknowledged message\(s\) judged .*: most of them; no phantom$/,
    );
    expect(zhDetailOrUndefined(r.detail)).toMatch(
      /^未判定 \(视为失败\): c: 40 条已确认的消息中只判定了 10 条.*占了大多数/,
    );
  });

  it('is partial when the group lags more than half the grace, even with most messages judged', () => {
    const h = new History();
    // 50 messages acked from 10 s to 59 s, all consumed (the last 20 late, at 95 s, yet before the end).
    for (let s = 0; s < 50; s++) {
      ack(h, s, sec(10 + s));
      consume(h, s, s < 30 ? sec(10 + s) + 100_000 : sec(95));
    }
    // The tail: 5 messages acked from 71 s, never reached: the oldest 29 s before the end.
    for (let s = 50; s < 55; s++) ack(h, s, sec(71 + s - 50));
    const r = judge(h);
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({ 'c.acked': 55, 'c.judged': 50, 'c.notJudged': 5, 'c.lagAtEndUs': sec(29) });
    expect(r.detail).toContain('the oldest acked 29.000s before the end, the group lags more than half the grace');
    expect(zhDetailOrUndefined(r.detail)).toContain('消费组落后超过宽限期的一半');
  });

  it('a message reached and failed, its retry pending, is not lag', () => {
    const h = new History();
    keptUp(h, 20);
    ack(h, 20, sec(75));
    consume(h, 20, sec(75) + 100_000, false);
    const r = judge(h);
    expect(r.ok).toBe(true);
    expect(r.figures).toMatchObject({ 'c.notJudged': 1, 'c.lagAtEndUs': 0 });
  });
});
