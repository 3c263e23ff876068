// Each acknowledgement judged when it is given: a SEND_OK is a promise about
// where the message already is (docs/model.md §3.3-§3.5, §4.3):
// - from a SYNC_MASTER: a slave had it (HA acked it into the slave's log;
//   one acked only past the slave's stopped dispatch is kept as RocketMQ
//   keeps it and noted, since that slave can never serve it, §3.4);
// - from a DLedger leader: a quorum of the group's logs held the entry;
// - with SYNC_FLUSH: the storing broker's commit log was flushed past it.
// A broken promise is invisible to the loss checkers unless a power loss
// follows; this checker sees it at once. The cluster layer supplies what the
// group holds at the moment the client receives the reply (PromiseInput).
import { formatTime, type Micros } from '../engine/index.js';
import { msgText } from '../protocol/index.js';
import { phrase, type Phrase } from '../i18n/index.js';
import { notJudged, ViolationLog, type Checker, type CheckResult } from './checker.js';

/** What a group's members hold of one message at the moment of its ack; undefined when it cannot be told. */
export interface AckWitness {
  readonly mode: 'classic' | 'dledger';
  readonly masterRole: 'ASYNC_MASTER' | 'SYNC_MASTER';
  readonly flushDiskType: 'ASYNC_FLUSH' | 'SYNC_FLUSH';
  /** Members whose log holds the message (the storing master or leader included). */
  readonly holders: number;
  readonly members: number;
  /** The storing broker's commit log is flushed past the message. */
  readonly flushed: boolean;
  /**
   * Classic: every slave that holds the message holds it only past the point where its dispatch stopped (HA
   * resumed inside one of the master's messages after a master power loss, docs/model.md §3.4).
   */
  readonly pastReputStop: boolean;
}

export interface AckToJudge {
  readonly uid: number;
  readonly brokerName: string;
  readonly topic: string;
  readonly queueId: number;
  readonly queueOffset: number;
}

export class AckPromiseChecker implements Checker {
  readonly name = 'ack-promise';
  private readonly log = new ViolationLog();
  private judged = 0;
  private unjudged = 0;
  private hollow = 0;

  constructor(private readonly witness: (a: AckToJudge) => AckWitness | undefined) {}

  /** Judges one SEND_OK at the moment the producer receives it. */
  onSendOk(atUs: Micros, a: AckToJudge): void {
    const w = this.witness(a);
    if (w === undefined) {
      this.unjudged++;
      return;
    }
    this.judged++;
    if (w.pastReputStop) this.hollow++;
    const broken = brokenPromise(w);
    if (broken === undefined) return;
    const msg = msgText(a.uid);
    this.log.add(
      atUs,
      phrase('ack.broken', {
        msg,
        broker: a.brokerName,
        queue: `${a.topic}#${a.queueId}@${a.queueOffset}`,
        at: formatTime(atUs),
        broken,
      }),
      [a.brokerName],
    );
  }

  finish(_endUs: Micros): CheckResult {
    const figures = { judged: this.judged, unjudged: this.unjudged, broken: this.log.count };
    if (this.judged === 0)
      return notJudged(this.name, `no SEND_OK could be judged (${this.unjudged} not judged)`, figures);
    const r = this.log.result(this.name, `${this.judged} SEND_OK(s) judged when given, every promise kept`, {
      ...figures,
      pastReputStop: this.hollow,
    });
    const notes: string[] = [];
    if (this.unjudged > 0)
      notes.push(
        `${this.unjudged} SEND_OK(s) not judged: the storing broker was gone or had not indexed the message when the reply arrived`,
      );
    if (this.hollow > 0) notes.push(hollowNote(this.hollow));
    return notes.length === 0 ? r : { ...r, notes };
  }
}

/**
 * SYNC_MASTER SEND_OKs kept as RocketMQ keeps them and hollow all the same: the slave acked the bytes (the promise),
 * but they lie past its stopped dispatch, so it never serves them and a restart's recovery truncates them (§3.4).
 */
function hollowNote(n: number): string {
  return (
    `${n} SYNC_MASTER SEND_OK(s) acked by a slave that holds them only past the point where its reput stopped: ` +
    `after a master power loss left the slave ahead, HA resumed inside one of the master's messages (HAClient ` +
    `checks only the offset) and a slave's ReputMessageService stops for good at bytes that are not a message; ` +
    `a real RocketMQ hole, so the slave cannot keep these promises (no-acked-loss notes any loss that follows)`
  );
}

/** What the acknowledgement promised and was not true, or undefined when it held. */
function brokenPromise(w: AckWitness): Phrase | undefined {
  if (w.flushDiskType === 'SYNC_FLUSH' && !w.flushed) return phrase('ack.sync-flush', {});
  if (w.mode === 'dledger') {
    return w.holders * 2 > w.members
      ? undefined
      : phrase('ack.dledger-quorum', { holders: w.holders, members: w.members });
  }
  if (w.masterRole === 'SYNC_MASTER' && w.holders < 2) return phrase('ack.sync-master', {});
  return undefined;
}
