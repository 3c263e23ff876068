// Acknowledged-message durability, judged against the configuration.
// Fed every acknowledged send (uid, group, queue, queue offset, status); at
// the end it looks each one up in the group's stores (through a small input
// the cluster layer wires) and classifies every message that is gone:
// - allowed: ASYNC_FLUSH and the storing master's host lost power after the
//   ack (§3.3, §7(f): "everything after the last fsync is lost"); an
//   ASYNC_MASTER that is down at the end while its slave lacks the message
//   (replication lag, §3.4: what a failover to the slave would lose); for
//   SYNC_MASTER the slaves' hosts must have lost power too (the ack promised
//   the slave's page cache, §3.4); DLedger only when a majority of the
//   group's hosts lost power (quorum ack is in page cache, §4.3); statuses
//   other than SEND_OK never promised durability (§3.5);
// - allowed, message by message: stranded on a slave (classic SYNC_MASTER,
//   ASYNC_FLUSH). The ack promised the slave's page cache, not the master's
//   disk; a master power loss after the ack cuts the message from the master's
//   recovered log while a slave keeps it. Classic HA only ever copies master
//   to slave (HAConnection's WriteSocketService pushes the master's commit log
//   from the offset the slave reports; the slave's HAClient only appends and
//   reports offsets; the master's recovery reads its own files only,
//   DefaultMessageStore.recover), and consumers read from the master while it
//   is up, so the returned master never serves it. Allowed only for a message
//   a slave holds at its acked position while the live master does not, after
//   a power loss of the master's host that came after the ack (§3.4, §7 f);
// - allowed, message by message: a SYNC_MASTER's SEND_OK that a slave acked
//   only as bytes past its stopped dispatch, once the master lost power after
//   the ack or is down at the end. A real RocketMQ hole (§3.4): after a master
//   power loss left the slave ahead, HA resumes inside one of the master's
//   messages (WriteSocketService ships raw bytes from the slave's offset,
//   HAClient checks only that offset), and the slave's ReputMessageService
//   stops for good at the bytes that are not a message, so the slave never
//   serves what it acked after that;
// - a violation otherwise: SYNC_FLUSH (+ SYNC_MASTER), DLedger with a live
//   majority, and any loss without a power loss (a kill -9 loses nothing).
// Queue offsets reused after a loss are caught by comparing uids, and an
// acknowledged message whose queue position a consumer had already read as
// another message (recordConflict) is not in the agreed log: allowed only
// where losing what was delivered there is (judged at the delivery time).
import { formatTime, type Micros } from '../engine/index.js';
import { msgText, type SendStatus } from '../protocol/index.js';
import type { KernelEvent, TraceSink } from '../engine/index.js';
import type { AckedSend } from '../history/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';
import { phrase, say, type Phrase } from '../i18n/index.js';

export interface DurabilityGroup {
  readonly brokerName: string;
  readonly mode: 'classic' | 'dledger';
  readonly flushDiskType: 'ASYNC_FLUSH' | 'SYNC_FLUSH';
  /** Classic: the master's role. */
  readonly masterRole: 'ASYNC_MASTER' | 'SYNC_MASTER';
  /** Classic: the master's host; DLedger: unused. */
  readonly masterHost: string;
  /** Hosts of every broker of the group (master and slaves, or every DLedger member). */
  readonly hosts: readonly string[];
}

/** 'stranded': held only by slaves while the group's live master lacks it (classic HA never copies it back). */
export type Presence = 'present' | 'absent' | 'unknown' | 'stranded';

/** One acknowledged message and where it was stored: what a loss is judged on. */
export type JudgedAck = Pick<
  AckedSend,
  'status' | 'brokerName' | 'atUs' | 'sentUs' | 'uid' | 'topic' | 'queueId' | 'queueOffset'
>;

/** What the checker needs from the cluster at the end of the run. */
export interface DurabilityInput {
  group(brokerName: string): DurabilityGroup | undefined;
  /** Whether any live store of the group holds `uid` at (topic, queueId, queueOffset); 'unknown' when no store is up. */
  find(brokerName: string, topic: string, queueId: number, queueOffset: number, uid: number): Presence;
  /** The slaves holding `uid` at that position while the group's live master does not; empty otherwise. */
  strandedOn(brokerName: string, topic: string, queueId: number, queueOffset: number, uid: number): readonly string[];
  /**
   * Classic groups: the live slaves whose commit log holds `uid` only past the point where their dispatch stopped
   * (a gap left by HA resuming mid-record after a master power loss, docs/model.md §3.4); empty otherwise.
   */
  heldPastReputStop(brokerName: string, uid: number): readonly string[];
}

export const DURABILITY_CHECK = 'no-acked-loss';

/** Whether losing an acknowledged message is allowed, why, and how long before the power loss it was acked. */
interface Verdict {
  readonly allowed: boolean;
  readonly why: Phrase;
  readonly windowUs: number;
}

/** An acknowledged message whose queue position had been delivered as another message. */
export interface SlotTakeover {
  readonly ack: AckedSend;
  readonly deliveredUid: number;
  readonly deliveredAtUs: Micros;
  /**
   * How the delivered message was acknowledged; undefined when it never was (a consumer reads the
   * page cache before the flush, so under any flush type it may have read what a power loss then cut).
   */
  readonly deliveredStatus?: SendStatus | undefined;
  /**
   * When the delivered message was acknowledged: a power loss after it may cut it. Its delivery may reach
   * the consumer just after the power loss (read before, in flight at the cut). Undefined: deliveredAtUs.
   */
  readonly deliveredAckedAtUs?: Micros | undefined;
}

/** Calls `visit` with each acknowledged send, in order; read again on every judgement. */
export type AckFeed = (visit: (a: AckedSend) => void) => void;

export class DurabilityChecker implements Checker {
  readonly name = DURABILITY_CHECK;
  /** Acks recorded one by one (tests); a run's history feeds its acks through `ackFeed` instead. */
  private readonly acks: AckedSend[] = [];
  /** Where a run's acknowledged sends are read at the end, without a copy of each (issue 9 part 4: memory). */
  private ackFeed: AckFeed | undefined;
  private readonly powerLosses: { readonly host: string; readonly atUs: Micros }[] = [];
  /** When each host had power again, in time order. */
  private readonly powerOns: { readonly host: string; readonly atUs: Micros }[] = [];
  /** Nodes and hosts down at the end of the run (crashed or powered off and not back). */
  private readonly down = new Set<string>();
  private readonly conflicts: SlotTakeover[] = [];

  constructor(private readonly input: DurabilityInput) {}

  recordAck(a: AckedSend): void {
    this.acks.push(a);
  }

  /** Reads the acknowledged sends from `feed` when judging, besides any recorded one by one. */
  readAcksFrom(feed: AckFeed): void {
    this.ackFeed = feed;
  }

  recordConflict(c: SlotTakeover): void {
    this.conflicts.push(c);
  }

  recordPowerLoss(host: string, atUs: Micros): void {
    this.powerLosses.push({ host, atUs });
  }

  recordPowerOn(host: string, atUs: Micros): void {
    this.powerOns.push({ host, atUs });
  }

  /**
   * The first power loss of `host` at or after `fromUs` that may have cut a message acknowledged at `ackUs`,
   * or -1: one before the ack counts only if the host stayed dark until the ack.
   */
  private lostPowerAfter(host: string, fromUs: Micros, ackUs: Micros): number {
    const p = this.powerLosses.find(
      (x) =>
        x.host === host &&
        x.atUs >= fromUs &&
        (x.atUs >= ackUs || !this.powerOns.some((on) => on.host === host && on.atUs > x.atUs && on.atUs <= ackUs)),
    );
    return p === undefined ? -1 : p.atUs;
  }

  /** A process or host went down (crash, power loss) or came back (start, restart, power on). */
  recordLifecycle(nodeOrHost: string, up: boolean): void {
    if (up) this.down.delete(nodeOrHost);
    else this.down.add(nodeOrHost);
  }

  /** A kernel trace sink that feeds host power losses and process lifecycle to this checker. */
  kernelSink<E>(): TraceSink<E> {
    return {
      onKernel: (t: Micros, e: KernelEvent): void => {
        if (e.kind !== 'lifecycle') return;
        if (e.what === 'power-loss') this.recordPowerLoss(e.node, t);
        if (e.what === 'power-on') this.recordPowerOn(e.node, t);
        if (e.what === 'crash' || e.what === 'power-loss') this.recordLifecycle(e.node, false);
        else if (e.what === 'start' || e.what === 'restart' || e.what === 'power-on')
          this.recordLifecycle(e.node, true);
      },
    };
  }

  finish(_endUs: Micros): CheckResult {
    const log = new ViolationLog();
    const notes: string[] = [];
    const told: Phrase[] = [];
    const tally = { acked: 0, lost: 0, unknown: 0, allowed: 0, lossWindowUs: 0 };
    const judgeAck = (a: AckedSend): void => {
      tally.acked++;
      const where = this.input.find(a.brokerName, a.topic, a.queueId, a.queueOffset, a.uid);
      if (where === 'present') return;
      if (where === 'unknown') {
        tally.unknown++;
        return;
      }
      tally.lost++;
      const verdict = this.judge(a);
      const what = ackedFields(a);
      if (verdict.allowed) {
        tally.allowed++;
        tally.lossWindowUs = Math.max(tally.lossWindowUs, verdict.windowUs);
        tell(notes, told, phrase('loss.gone-allowed', { ...what, why: verdict.why }));
      } else {
        log.add(a.atUs, phrase('loss.gone', { ...what, why: verdict.why }), [a.brokerName]);
      }
    };
    for (const a of this.acks) judgeAck(a);
    this.ackFeed?.(judgeAck);
    if (tally.acked === 0) return notJudged(this.name, 'no acknowledged message in the run', { acked: 0 });
    const { lost, unknown, allowed, lossWindowUs } = tally;
    const moved = this.judgeConflicts(log, notes, told);
    if (allowed > 0)
      notes.unshift(
        `${allowed} loss(es) allowed by the configuration (max ${Math.round(lossWindowUs / 1000)} ms of acked appends before the power loss)`,
      );
    if (unknown > 0) notes.push(`${unknown} acked message(s) not checked: no store of their group was up at the end`);
    const figures = {
      acked: tally.acked,
      lost,
      allowedLosses: allowed,
      violations: log.count,
      unchecked: unknown,
      lossWindowUs,
      slotConflicts: moved,
    };
    const r = log.result(this.name, `${tally.acked} acked, ${lost} gone, all allowed by the configuration`, figures);
    return notes.length > 0 ? { ...r, notes, notePhrases: told } : r;
  }

  /** Judges each slot takeover: the message delivered there was agreed on; may the configuration lose it? */
  private judgeConflicts(log: ViolationLog, notes: string[], told: Phrase[]): number {
    for (const { ack: a, deliveredUid, deliveredAtUs, deliveredStatus, deliveredAckedAtUs } of this.conflicts) {
      const promise = this.judge(a);
      const earlier =
        deliveredStatus === undefined
          ? { allowed: true, why: phrase('why.never-acked', {}) }
          : this.judge({
              ...a,
              status: deliveredStatus,
              uid: deliveredUid,
              atUs: deliveredAckedAtUs ?? deliveredAtUs,
              sentUs: undefined,
            });
      const what = { ...ackedFields(a), delivered: msgText(deliveredUid), deliveredAt: formatTime(deliveredAtUs) };
      if (promise.allowed || earlier.allowed) {
        tell(notes, told, phrase('loss.slot-allowed', { ...what, why: promise.allowed ? promise.why : earlier.why }));
      } else {
        // The reason without its "violation: " frame: the sentence already says what broke.
        const why = earlier.why.key === 'why.violation' ? (earlier.why.params['why'] ?? earlier.why) : earlier.why;
        log.add(a.atUs, phrase('loss.slot', { ...what, why }), [a.brokerName]);
      }
    }
    return this.conflicts.length;
  }

  /**
   * Whether the configuration allows losing this acknowledged message, given the
   * power losses seen so far. Public so other checkers (at-least-once) excuse
   * exactly the losses this one allows.
   */
  judge(a: JudgedAck): Verdict {
    if (a.status !== 'SEND_OK') return { allowed: true, why: phrase('why.status', { status: a.status }), windowUs: 0 };
    const g = this.input.group(a.brokerName);
    if (g === undefined) return { allowed: false, why: phrase('why.unknown-group', {}), windowUs: 0 };
    const broken = (why: Phrase): Verdict => ({
      allowed: false,
      why: phrase('why.violation', { why }),
      windowUs: 0,
    });
    // The group answered the send, so a host that held the message and lost power while the answer was in
    // flight (after the send, dark until the ack) may have lost it too: every host is judged from the send.
    const lostPower = (host: string): number => this.lostPowerAfter(host, a.sentUs ?? a.atUs, a.atUs);
    if (g.mode === 'dledger') {
      const down = g.hosts.filter((h) => lostPower(h) >= 0).length;
      return down * 2 > g.hosts.length
        ? { allowed: true, why: phrase('why.dledger-quorum-lost', { down, hosts: g.hosts.length }), windowUs: 0 }
        : broken(phrase('why.dledger-quorum-kept', { down, hosts: g.hosts.length }));
    }
    if (this.down.has(g.masterHost) && g.masterRole === 'ASYNC_MASTER') {
      // No automatic failover in classic mode: what the master had not yet shipped exists only there.
      return { allowed: true, why: phrase('why.async-master-lag', { host: g.masterHost }), windowUs: 0 };
    }
    const masterDown = lostPower(g.masterHost);
    const hollow = this.hollowSlaveCopy(a, g, masterDown);
    if (hollow !== undefined) return hollow;
    if (g.flushDiskType === 'SYNC_FLUSH') return broken(phrase('why.sync-flush', { role: g.masterRole }));
    if (masterDown < 0) return broken(phrase('why.no-power-loss', { host: g.masterHost }));
    const at = formatTime(masterDown);
    const windowUs = lossWindowUs(masterDown, a.atUs);
    if (g.masterRole === 'SYNC_MASTER') {
      const slavesUp = g.hosts.filter((h) => h !== g.masterHost && lostPower(h) < 0);
      if (slavesUp.length > 0) {
        const slaves = this.input.strandedOn(a.brokerName, a.topic, a.queueId, a.queueOffset, a.uid);
        return slaves.length > 0
          ? {
              allowed: true,
              why: phrase('why.stranded-on-slave', { host: g.masterHost, at, slaves: slaves.join(',') }),
              windowUs,
            }
          : broken(phrase('why.slaves-kept-power', { hosts: slavesUp.join(',') }));
      }
    }
    return { allowed: true, why: phrase('why.async-flush', { role: g.masterRole, host: g.masterHost, at }), windowUs };
  }

  /**
   * A SYNC_MASTER's SEND_OK whose slave acked the message only as bytes past its stopped dispatch: a hole of
   * the real system, not of the model. After a master power loss left the slave ahead, the master ships raw bytes
   * from the slave's offset, inside one of its own messages; HAClient checks only the offset and acks them, and a
   * slave's ReputMessageService stops for good at the bytes that are not a message (§3.4). Once the master loses
   * the message (power loss after the ack) or is down at the end, no store serves it. Undefined when it does not apply.
   */
  private hollowSlaveCopy(a: JudgedAck, g: DurabilityGroup, masterLostPowerAt: number): Verdict | undefined {
    if (g.masterRole !== 'SYNC_MASTER') return undefined;
    const masterGone = masterLostPowerAt >= 0 || this.down.has(g.masterHost);
    const slaves = masterGone ? this.input.heldPastReputStop(a.brokerName, a.uid) : [];
    if (slaves.length === 0) return undefined;
    const how =
      masterLostPowerAt >= 0
        ? phrase('why.how-power-loss', { at: formatTime(masterLostPowerAt) })
        : phrase('why.how-down', {});
    return {
      allowed: true,
      why: phrase('why.slave-reput-stopped', { host: g.masterHost, how, slaves: slaves.join(',') }),
      windowUs: masterLostPowerAt >= 0 ? lossWindowUs(masterLostPowerAt, a.atUs) : 0,
    };
  }
}

/** How long after the ack the power loss came; 0 when the answer was still in flight at the loss. */
function lossWindowUs(lostPowerAt: Micros, ackUs: Micros): Micros {
  return Math.max(0, lostPowerAt - ackUs);
}

/** A note written from a phrase: its English among the notes, the phrase beside it. */
function tell(notes: string[], told: Phrase[], p: Phrase): void {
  notes.push(say('en', p));
  told.push(p);
}

/** The placeholders every loss sentence shares: which acknowledged message, where, when. */
function ackedFields(a: AckedSend): { status: string; msg: string; broker: string; queue: string; acked: string } {
  return {
    status: a.status,
    msg: msgText(a.uid),
    broker: a.brokerName,
    queue: `${a.topic}#${a.queueId}@${a.queueOffset}`,
    acked: formatTime(a.atUs),
  };
}
