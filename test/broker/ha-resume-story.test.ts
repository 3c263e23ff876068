// The story scenarios/sync-master-slave-ahead.yaml (docs/model.md §3.4): a
// SYNC_MASTER comes back from a power loss shorter than its slave, HA resumes
// inside one of its messages, the slave acks bytes its reput never passes, and
// a second power loss takes acknowledged messages only those bytes still hold.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runYaml, verdictOf } from '../verdicts/stories.js';
import { noteText, zhDetailOrUndefined } from '../../sim/i18n/zh-verdicts.js';

describe('sync-master-slave-ahead', () => {
  const r = runYaml(readFileSync('scenarios/sync-master-slave-ahead.yaml', 'utf8'));

  it('holds every expectation: SEND_OK resumes once the master passes the slave offset', () => {
    for (const e of r.expectations) expect(e.ok, `${e.name}: ${e.detail}`).toBe(true);
    // Without the byte-range resume no slave acks after the first power loss: sends time out (main: 0.86).
    expect(verdictOf(r, 'availability').figures['successRatio']).toBeGreaterThan(0.99);
    // The slave's side of it, in the default timeline: the mid-record resume, once after each master power loss.
    const mid = r.timeline.filter((e) => e.kind === 'broker.ha-mid-record');
    expect(mid.map((e) => [e.node, e.major])).toEqual([
      ['broker-a-1', true],
      ['broker-a-1', true],
    ]);
    expect(mid[0]?.text).toMatch(/inside one of its messages: stored \d+ byte\(s\) that are not a message/);
  });

  it('says how many sends the faults left to judge, and its worst window counts only those', () => {
    // followFaults excuses most sends here (the master is down or behind its slave): the detail says so, and a
    // window whose sends were all excused is not a 0.0000 beside a ratio of 1 (user trial: figures that mislead).
    const v = verdictOf(r, 'availability');
    const m = /over the (\d+) of (\d+) finished send\(s\) the faults did not excuse/.exec(v.detail);
    expect(Number(m?.[1])).toBe(v.figures['sends']);
    expect(Number(m?.[2])).toBe((v.figures['sends'] ?? 0) + (v.figures['excusedSends'] ?? 0));
    expect(v.figures['minWindowRatio']).toBeGreaterThan(0.99);
    expect(zhDetailOrUndefined(v.detail)).toMatch(/^在故障未豁免的 \d+ 个发送中 \(共 \d+ 个已结束\)/);
  });

  it('notes the SEND_OKs the slave acked past its stopped reput, and the losses they become, with the mechanism', () => {
    const promise = verdictOf(r, 'ack-promise');
    expect(promise.figures['pastReputStop']).toBeGreaterThan(1000);
    expect(promise.notes.join('\n')).toMatch(/only past the point where its reput stopped/);
    expect(promise.notes.map((n) => noteText('zh', n)).join('\n')).toMatch(/Slave 无法兑现这些承诺/);
    const loss = verdictOf(r, 'no-acked-loss');
    const hollow = loss.notes.filter((n) => /acked it only as bytes past the point where its reput stopped/.test(n));
    expect(hollow.length).toBeGreaterThan(10);
    expect(hollow[0]).toMatch(/master broker-a-0 lost power at 1m10\.000s, and slave broker-a-1/);
  });
});
