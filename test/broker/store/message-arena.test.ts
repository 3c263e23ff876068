import { describe, expect, it } from 'vitest';
import { MessageArena, F_PHY, F_SIZE } from '../../../sim/broker/store/message-arena.js';
import {
  emptyRecordFields,
  F_META,
  F_ORIGIN_TOPIC,
  F_ORIGIN_UID,
  F_TOPIC,
  F_UID,
  packRecord,
  RECORD_FIELDS,
} from '../../../sim/broker/store/record-codec.js';
import { msgUid } from '../../../sim/protocol/index.js';

describe('MessageArena', () => {
  it('reads back every field exactly, with meta, topic and uid client kept once per combination', () => {
    const arena = new MessageArena();
    const packed: number[][] = [];
    for (let i = 0; i < 200; i++) {
      const r = emptyRecordFields();
      r.topicId = i % 3 === 0 ? 2 ** 32 - 1 : 5;
      r.queueId = i % 8;
      r.queueOffset = i * 7;
      r.uid = msgUid(i % 4 === 0 ? 2 ** 21 - 1 : 1 + (i % 4), 2 ** 32 - 1 - i);
      r.originUid = i % 50 === 0 ? msgUid(9, i) : r.uid; // a retry carries its original's uid
      r.originTopicId = r.topicId;
      r.keysId = i % 10;
      r.bodyBytes = 1024;
      r.bornUs = 1_000_000 + i;
      r.storeUs = 1_000_100 + i;
      r.reconsumeTimes = i % 50 === 0 ? 3 : 0;
      r.sysFlag = i % 2;
      const out = new Array<number>(RECORD_FIELDS).fill(0);
      packRecord(r, out);
      packed.push(out);
      expect(arena.add(out, i * 1200, 1200)).toBe(i);
    }
    for (const [ref, out] of packed.entries()) {
      for (let f = 0; f < RECORD_FIELDS; f++) expect([ref, f, arena.get(ref, f)]).toEqual([ref, f, out[f]]);
      // unpack (a pull's one-pass decode) gives every field get() does, sparse ones included
      const unpacked = new Array<number>(RECORD_FIELDS).fill(-1);
      arena.unpack(ref, unpacked);
      expect([ref, unpacked]).toEqual([ref, out]);
      expect([arena.get(ref, F_PHY), arena.get(ref, F_SIZE), arena.endOf(ref)]).toEqual([
        ref * 1200,
        1200,
        ref * 1200 + 1200,
      ]);
    }
    expect(arena.get(50, F_ORIGIN_UID)).not.toBe(arena.get(50, F_UID));
    expect(arena.get(51, F_ORIGIN_TOPIC)).toBe(arena.get(51, F_TOPIC));
    // meta takes queueId (8) x sysFlag (2) x reconsumeTimes; far fewer combinations than records
    expect(arena.combinations).toBeLessThan(packed.length);
    expect(
      new Set(packed.map((p) => `${p[F_META]}/${p[F_TOPIC]}/${Math.floor((p[F_UID] as number) / 2 ** 32)}`)).size,
    ).toBe(arena.combinations);
  });

  it('a topic id or queue offset beyond 32 bits is an assertion failure', () => {
    const arena = new MessageArena();
    const r = emptyRecordFields();
    r.queueOffset = 2 ** 32;
    const out = new Array<number>(RECORD_FIELDS).fill(0);
    packRecord(r, out);
    expect(() => arena.add(out, 0, 100)).toThrow(/queue offset = 4294967296 does not fit 32 bits/);
  });
});
