// The "stranded on slave" allowance (docs/model.md §7 f): a classic SYNC_MASTER
// with ASYNC_FLUSH acks once a slave has the message in its page cache; a power
// loss of the master's host after the ack may cut it from the master's log while
// the slave keeps it, and classic HA never copies it back, so the returned
// master never serves it. Allowed message by message: only where a slave holds
// that very message at its acked position while the live master does not, and
// only after such a power loss. Anything else stays a violation, in
// no-acked-loss and in at-least-once alike.
import { describe, expect, it } from 'vitest';
import { AtLeastOnceChecker } from '../../sim/check/at-least-once.js';
import { DurabilityChecker, type DurabilityGroup, type Presence } from '../../sim/check/durability.js';
import { History, SendOutcome, type AckedSend } from '../../sim/history/index.js';
import { say } from '../../sim/i18n/index.js';

const S = 1_000_000;
const MASTER = 'broker-a-0';
const SLAVE = 'broker-a-1';

interface Setup {
  readonly flush?: DurabilityGroup['flushDiskType'];
  /** Queue slot ("queueId@offset") -> the uid a slave holds there while the live master does not. */
  readonly onSlaveOnly?: ReadonlyMap<string, number>;
  /** Uids no store holds any more. */
  readonly gone?: readonly number[];
  /** Uids the slave holds only past its stopped dispatch (HA resumed mid-record, a gap; model.md §3.4). */
  readonly pastStop?: readonly number[];
}

/** A durability judge over a classic SYNC_MASTER group whose stores hold what `setup` says. */
function judgeOf(setup: Setup): DurabilityChecker {
  const group: DurabilityGroup = {
    brokerName: 'broker-a',
    mode: 'classic',
    flushDiskType: setup.flush ?? 'ASYNC_FLUSH',
    masterRole: 'SYNC_MASTER',
    masterHost: MASTER,
    hosts: [MASTER, SLAVE],
  };
  const strandedOn = (_b: string, _t: string, queueId: number, queueOffset: number, uid: number): string[] =>
    setup.onSlaveOnly?.get(`${queueId}@${queueOffset}`) === uid ? [SLAVE] : [];
  return new DurabilityChecker({
    group: (b) => (b === 'broker-a' ? group : undefined),
    strandedOn,
    heldPastReputStop: (_b, uid) => ((setup.pastStop ?? []).includes(uid) ? [SLAVE] : []),
    find: (b, t, q, o, uid): Presence => {
      if (strandedOn(b, t, q, o, uid).length > 0) return 'stranded';
      return (setup.gone ?? []).includes(uid) ? 'absent' : 'present';
    },
  });
}

function acked(uid: number, atS: number, queueId: number, queueOffset: number): AckedSend {
  return { uid, status: 'SEND_OK', brokerName: 'broker-a', topic: 'T', queueId, queueOffset, atUs: atS * S };
}

describe('no-acked-loss: stranded on the slave', () => {
  it('allows a message a slave holds at its slot after a master power loss that followed the ack, with the reason', () => {
    const d = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]) });
    d.recordAck(acked(1, 1, 0, 5));
    d.recordPowerLoss(MASTER, 2 * S);
    const r = d.finish(100 * S);
    expect(r.ok).toBe(true);
    expect(r.figures).toMatchObject({ lost: 1, allowedLosses: 1, violations: 0 });
    expect(r.notes?.join('\n')).toContain('stranded on slave broker-a-1');
  });

  it('judges each message on its own: one gone from every store beside a stranded one is a violation', () => {
    const d = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]), gone: [2] });
    d.recordAck(acked(1, 1, 0, 5));
    d.recordAck(acked(2, 1.5, 1, 5));
    d.recordPowerLoss(MASTER, 2 * S);
    const r = d.finish(100 * S);
    expect(r.ok).toBe(false);
    expect(r.figures).toMatchObject({ lost: 2, allowedLosses: 1, violations: 1 });
    expect(r.violations[0]?.message).toMatch(/msg 0:2 .*slave host\(s\) broker-a-1 kept power/);
  });

  it('does not allow it when the slave holds another message at that slot', () => {
    const d = judgeOf({ onSlaveOnly: new Map([['0@5', 9]]), gone: [1] });
    d.recordAck(acked(1, 1, 0, 5));
    d.recordPowerLoss(MASTER, 2 * S);
    expect(d.finish(100 * S).ok).toBe(false);
  });

  it('does not allow it without a power loss of the master after the ack', () => {
    const before = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]) });
    before.recordPowerLoss(MASTER, 1 * S);
    before.recordAck(acked(1, 3, 0, 5));
    expect(before.finish(100 * S).violations[0]?.message).toMatch(/no power loss hit master host broker-a-0/);
    const crashed = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]) });
    crashed.recordAck(acked(1, 1, 0, 5));
    crashed.recordLifecycle(MASTER, false); // kill -9: the page cache survives, nothing may be cut
    crashed.recordLifecycle(MASTER, true);
    expect(crashed.finish(100 * S).ok).toBe(false);
  });

  it('judges an answer in flight at the master power loss (sent before, acked after) against that power loss', () => {
    const inFlight = { ...acked(1, 70.000012, 0, 5), sentUs: 69.999 * S }; // sync-master-slave-ahead, msg 1:3239
    const d = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]) });
    d.recordPowerLoss(MASTER, 70 * S);
    d.recordAck(inFlight);
    expect(d.finish(100 * S).figures).toMatchObject({ lost: 1, allowedLosses: 1, violations: 0 });
    // Not when the master had power again before the ack (it may have stored the message after the loss),
    // nor when the power loss came before the send.
    const back = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]) });
    back.recordPowerLoss(MASTER, 70 * S);
    back.recordPowerOn(MASTER, 70.000005 * S);
    back.recordAck(inFlight);
    expect(back.finish(100 * S).violations[0]?.message).toMatch(/no power loss hit master host broker-a-0/);
    const earlier = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]) });
    earlier.recordPowerLoss(MASTER, 69.9 * S);
    earlier.recordAck(inFlight);
    expect(earlier.finish(100 * S).ok).toBe(false);
  });

  it('counts any host that held the message and lost power while its answer was in flight, not the master alone', () => {
    const inFlight = { ...acked(1, 70.000012, 0, 5), sentUs: 69.999 * S };
    // SYNC_MASTER: the slave had acked the copy and lost power before the SEND_OK arrived; the master's later
    // power loss cut the rest: no slave kept power.
    const slaveDark = judgeOf({ gone: [1] });
    slaveDark.recordPowerLoss(SLAVE, 70 * S);
    slaveDark.recordPowerLoss(MASTER, 71 * S);
    slaveDark.recordAck(inFlight);
    expect(slaveDark.finish(100 * S).figures).toMatchObject({ lost: 1, allowedLosses: 1, violations: 0 });
    // DLedger: the leader lost power with the answer in flight, a follower a second later: 2 of 3 hosts.
    const hosts = ['h0', 'h1', 'h2'];
    const dledger = new DurabilityChecker({
      group: () => ({
        brokerName: 'broker-a',
        mode: 'dledger',
        flushDiskType: 'ASYNC_FLUSH',
        masterRole: 'ASYNC_MASTER',
        masterHost: 'h0',
        hosts,
      }),
      strandedOn: () => [],
      heldPastReputStop: () => [],
      find: () => 'absent',
    });
    dledger.recordPowerLoss('h0', 70 * S);
    dledger.recordPowerLoss('h1', 71 * S);
    dledger.recordAck(inFlight);
    expect(dledger.finish(100 * S).figures).toMatchObject({ lost: 1, allowedLosses: 1, violations: 0 });
  });

  it('does not allow it under SYNC_FLUSH (SEND_OK meant the master had fsynced it)', () => {
    const d = judgeOf({ flush: 'SYNC_FLUSH', onSlaveOnly: new Map([['0@5', 1]]) });
    d.recordAck(acked(1, 1, 0, 5));
    d.recordPowerLoss(MASTER, 2 * S);
    expect(d.finish(100 * S).violations[0]?.message).toMatch(/SYNC_FLUSH \+ SYNC_MASTER acked after fsync/);
  });

  it('allows a slot takeover only when the message delivered there is stranded on the slave', () => {
    for (const stranded of [true, false]) {
      const d = judgeOf({ onSlaveOnly: new Map(stranded ? [['0@5', 1]] : []) });
      d.recordPowerLoss(MASTER, 2 * S);
      d.recordAck(acked(2, 10, 0, 5)); // the returned master gave slot 0@5 to msg 2
      d.recordConflict({
        ack: acked(2, 10, 0, 5),
        deliveredUid: 1,
        deliveredAtUs: 1.5 * S,
        deliveredStatus: 'SEND_OK',
      });
      const r = d.finish(100 * S);
      expect(r.ok, `msg 1 stranded: ${stranded}`).toBe(stranded);
    }
  });
});

describe('no-acked-loss: held by a slave only past its stopped reput', () => {
  it('allows a SEND_OK the slave acked past its reput stop once the master lost power after the ack, with the mechanism', () => {
    const d = judgeOf({ gone: [1], pastStop: [1] });
    d.recordAck(acked(1, 1, 0, 5));
    d.recordPowerLoss(MASTER, 2 * S);
    const r = d.finish(100 * S);
    expect(r.ok).toBe(true);
    expect(r.figures).toMatchObject({ lost: 1, allowedLosses: 1, violations: 0 });
    expect(r.notes?.join('\n')).toMatch(
      /msg 0:1 .*master broker-a-0 lost power at 2\.000s, and slave broker-a-1 acked it only as bytes past .*reput stopped .*real RocketMQ hole/,
    );
  });

  it('allows it when the master is down at the end (no store serves it), and not while the master is up', () => {
    const down = judgeOf({ flush: 'SYNC_FLUSH', gone: [1], pastStop: [1] });
    down.recordAck(acked(1, 1, 0, 5));
    down.recordLifecycle(MASTER, false);
    expect(down.finish(100 * S).notes?.join('\n')).toMatch(/master broker-a-0 is down at the end/);
    const up = judgeOf({ gone: [1], pastStop: [1] });
    up.recordAck(acked(1, 1, 0, 5));
    expect(up.finish(100 * S).violations[0]?.message).toMatch(/no power loss hit master host broker-a-0/);
  });

  it('does not allow a loss the slave does not hold past its stop', () => {
    const d = judgeOf({ gone: [1, 2], pastStop: [2] });
    d.recordAck(acked(1, 1, 0, 5));
    d.recordPowerLoss(MASTER, 2 * S);
    expect(d.finish(100 * S).violations[0]?.message).toMatch(/msg 0:1 .*slave host\(s\) broker-a-1 kept power/);
  });
});

describe('at-least-once: stranded on the slave', () => {
  function send(h: History, uid: number, atS: number, queueId: number, queueOffset: number): void {
    const row = h.sendStarted({ uid, group: 'producer', topic: 'T', key: 0, atUs: atS * S });
    h.sendDone(row, {
      outcome: SendOutcome.SEND_OK,
      atUs: atS * S,
      attempts: 1,
      brokerName: 'broker-a',
      queueId,
      queueOffset,
    });
  }

  function consumeOk(h: History, uid: number, atS: number, queueId: number, queueOffset: number): void {
    const where = { topic: 'T', brokerName: 'broker-a', queueId, queueOffset };
    h.consumed({ uid, group: 'consumer', instance: 'consumer-1', ...where, attempt: 0, ok: true, atUs: atS * S });
  }

  /** At-least-once excusing exactly what the durability judge allows, as the cluster wires it. */
  function atLeastOnce(h: History, d: DurabilityChecker): ReturnType<AtLeastOnceChecker['finish']> {
    const allowedLoss = (a: AckedSend): string | undefined => {
      const v = d.judge(a);
      return v.allowed ? say('en', v.why) : undefined;
    };
    const groups = [{ group: 'consumer', topics: ['T'] }];
    return new AtLeastOnceChecker({ history: h, groups, allowedLoss }).finish(100 * S);
  }

  it('allows the stranded message itself, and no other unconsumed one', () => {
    const h = new History();
    send(h, 1, 1, 0, 5); // stranded on the slave
    send(h, 2, 1.5, 1, 5); // gone from every store
    const d = judgeOf({ onSlaveOnly: new Map([['0@5', 1]]), gone: [2] });
    d.recordPowerLoss(MASTER, 2 * S);
    const r = atLeastOnce(h, d);
    expect(r.figures).toMatchObject({ 'consumer.allowedLoss': 1, 'consumer.missing': 1 });
    expect(r.notes?.join('\n')).toMatch(/msg 0:1 .*allowed: .*stranded on slave broker-a-1/);
    expect(r.violations.map((v) => v.message).join('\n')).toMatch(/msg 0:2 /);
  });

  it('allows a skip at an offset reused after the stranded message it replaced, and only then', () => {
    for (const stranded of [true, false]) {
      const h = new History();
      send(h, 1, 1, 0, 5);
      consumeOk(h, 1, 1.5, 0, 5); // read from the master's page cache before the power loss
      send(h, 2, 10, 0, 5); // the returned master hands offset 5 out again; the consumer is past it
      const d = judgeOf({ onSlaveOnly: new Map(stranded ? [['0@5', 1]] : []) });
      d.recordPowerLoss(MASTER, 2 * S);
      const r = atLeastOnce(h, d);
      expect(r.ok, `msg 1 stranded: ${stranded}`).toBe(stranded);
    }
  });
});
