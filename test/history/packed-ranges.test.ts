// Range checks on packed columns (issue 11 part 4): a typed array or a packed
// number would store an out-of-range value silently wrapped or aliased; each
// check turns that into an assertion failure (SimInvariantError). One test per
// check, each also showing the last value that still fits.
import { describe, expect, it } from 'vitest';
import { SimInvariantError } from '../../sim/base/index.js';
import { queueKeyOf } from '../../sim/broker/store/commit-log.js';
import { sendSeq } from '../../sim/client/producer.js';
import { History, SendOutcome, i32, u16 } from '../../sim/history/index.js';
import { MAX_UID_CLIENT, msgUid, uidClient, uidSeq } from '../../sim/protocol/index.js';

const send = (h: History, group: string, key = -1): number =>
  h.sendStarted({ uid: 1, group, topic: group, key, atUs: 0 });

describe('history columns', () => {
  it('u16 and i32 pass what their column holds and fail on the rest', () => {
    expect(u16(65_535, 'x')).toBe(65_535);
    expect(i32(-(2 ** 31), 'x')).toBe(-(2 ** 31));
    for (const bad of [65_536, -1, 1.5, Number.NaN]) expect(() => u16(bad, 'x')).toThrow(SimInvariantError);
    for (const bad of [2 ** 31, 0.5]) expect(() => i32(bad, 'x')).toThrow(SimInvariantError);
  });

  it('the 65,536th distinct name is an assertion failure, not a group id that wraps to 0', () => {
    const h = new History();
    for (let i = 1; i <= 65_535; i++) send(h, `g${i}`); // ids 1..65535 ('' is id 0)
    expect(h.sends.col.group.get(h.sends.length - 1)).toBe(65_535);
    expect(() => send(h, 'one-too-many')).toThrow(/name id 65536 does not fit a 16-bit history column/);
  });

  it('a queueId above 65535 in a send, a consumption or a commit is an assertion failure', () => {
    const h = new History();
    const row = send(h, 'p');
    const done = { outcome: SendOutcome.SEND_OK, atUs: 1, attempts: 1, brokerName: 'b', queueOffset: 0 };
    h.sendDone(row, { ...done, queueId: 65_535 });
    expect(h.sends.col.queueId.get(row)).toBe(65_535);
    expect(() => h.sendDone(row, { ...done, queueId: 65_536 })).toThrow(/queueId 65536/);
    const at = { uid: 1, group: 'c', instance: 'c-1', topic: 'T', brokerName: 'b', queueOffset: 0, atUs: 1 };
    expect(() => h.consumed({ ...at, queueId: 70_000, attempt: 0, ok: true })).toThrow(/queueId 70000/);
    expect(() => h.committed({ ...at, queueId: -1, offset: 0 })).toThrow(/queueId -1/);
  });

  it('a key index outside 32 bits is an assertion failure', () => {
    const h = new History();
    send(h, 'p', 2 ** 31 - 1);
    expect(() => send(h, 'p', 2 ** 31)).toThrow(/key 2147483648/);
  });
});

describe('message uid packing', () => {
  it('packs client and sequence exactly at their limits and fails outside them', () => {
    const top = msgUid(MAX_UID_CLIENT, 2 ** 32 - 1);
    expect([uidClient(top), uidSeq(top)]).toEqual([MAX_UID_CLIENT, 2 ** 32 - 1]);
    expect(() => msgUid(MAX_UID_CLIENT + 1, 0)).toThrow(SimInvariantError);
    expect(() => msgUid(1, 2 ** 32)).toThrow(SimInvariantError); // would alias client 2's sequence 0
    expect(() => msgUid(-1, 0)).toThrow(SimInvariantError);
    expect(() => msgUid(1, 0.5)).toThrow(SimInvariantError);
  });

  it("a producer start's sequence never runs into the next start's block", () => {
    expect(sendSeq(1, 2 ** 26 - 1)).toBe(2 ** 27 - 1);
    expect(() => sendSeq(1, 2 ** 26)).toThrow(/overflows its 67108864 uids/);
    expect(() => msgUid(1, sendSeq(64, 0))).toThrow(SimInvariantError); // a 65th start has no block left
  });
});

describe('store queue keys', () => {
  it("a queueId outside 0..65535 would alias another topic's queue: an assertion failure", () => {
    expect(queueKeyOf(1, 65_535)).toBe(2 * 65_536 - 1);
    expect(() => queueKeyOf(1, 65_536)).toThrow(/queueId 65536/);
    expect(() => queueKeyOf(2, -1)).toThrow(SimInvariantError);
  });
});
