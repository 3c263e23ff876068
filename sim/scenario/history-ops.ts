// The client history as operations in the shape Jepsen-family checkers read
// (docs/history-format.md): one object per line, in time order, with
// `process`, `type` (invoke, ok, fail, info), `f` (send, poll, commit),
// `value` and `time` (nanoseconds). A send is an invoke and its completion:
// ok when the broker stored it (value.status says which of the four statuses),
// fail when it was definitely not stored, info when unknown (a timeout, a
// closed channel, a oneway send, or still pending at the end). A consumption
// is a poll that completed ok (value.result says whether the listener
// succeeded); an offset commit is a commit. Pure: the CLI writes the lines.
import { outcomeName, SendOutcome, uidClient, uidText } from '../protocol/index.js';
import { isAcked, type History } from '../history/index.js';
import type { Micros } from '../engine/index.js';

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryOp {
  readonly process: string;
  readonly type: OpType;
  readonly f: 'send' | 'poll' | 'commit';
  readonly value: Readonly<Record<string, string | number | boolean | null>>;
  /** Simulated time in nanoseconds (Jepsen's unit). */
  readonly time: number;
}

/** A message id as every output writes it: producer client index and sequence, "7:1204". */
export const messageId = uidText;

const EV_INVOKE = 0;
const EV_DONE = 1;
const EV_POLL = 2;
const EV_COMMIT = 3;

function sendDoneType(outcome: number): OpType {
  if (isAcked(outcome)) return 'ok';
  return outcome === SendOutcome.FAILED ? 'fail' : 'info';
}

/** Every operation of the run, in time order (ties: invokes, completions, polls, commits, each in row order). */
export function historyOperations(h: History, endUs: Micros): HistoryOp[] {
  const s = h.sends.col;
  const c = h.consumptions.col;
  const m = h.commits.col;
  const n = h.sends.length * 2 + h.consumptions.length + h.commits.length;
  const time = new Float64Array(n);
  const kind = new Uint8Array(n);
  const row = new Uint32Array(n);
  let k = 0;
  const add = (t: number, kd: number, r: number): void => {
    time[k] = t;
    kind[k] = kd;
    row[k] = r;
    k++;
  };
  for (let i = 0; i < h.sends.length; i++) {
    add(s.invokeUs.get(i), EV_INVOKE, i);
    add(s.outcome.get(i) === SendOutcome.PENDING ? endUs : s.doneUs.get(i), EV_DONE, i);
  }
  for (let i = 0; i < h.consumptions.length; i++) add(c.atUs.get(i), EV_POLL, i);
  for (let i = 0; i < h.commits.length; i++) add(m.atUs.get(i), EV_COMMIT, i);
  const name = (id: number): string => h.names.nameOf(id);
  // Consumption rows of different instances are written when each consumer next runs (completions
  // are computed, not timed), so their row order can depend on how the run was chunked: polls at
  // the same instant are ordered by instance name first, which does not.
  const pollInstance = (e: number): string => (kind[e] === EV_POLL ? name(c.instance.get(row[e] as number)) : '');
  const order = Array.from({ length: k }, (_, i) => i).sort(
    (a, b) =>
      (time[a] as number) - (time[b] as number) ||
      (kind[a] as number) - (kind[b] as number) ||
      (pollInstance(a) < pollInstance(b) ? -1 : pollInstance(a) > pollInstance(b) ? 1 : 0) ||
      (row[a] as number) - (row[b] as number),
  );
  return order.map((e): HistoryOp => {
    const r = row[e] as number;
    const t = (time[e] as number) * 1000;
    switch (kind[e] as number) {
      case EV_INVOKE:
        return {
          process: `producer-client-${uidClient(s.uid.get(r))}`,
          type: 'invoke',
          f: 'send',
          time: t,
          value: { id: messageId(s.uid.get(r)), group: name(s.group.get(r)), topic: name(s.topic.get(r)) },
        };
      case EV_DONE: {
        const o = s.outcome.get(r);
        const stored = isAcked(o);
        return {
          process: `producer-client-${uidClient(s.uid.get(r))}`,
          type: sendDoneType(o),
          f: 'send',
          time: t,
          value: {
            id: messageId(s.uid.get(r)),
            group: name(s.group.get(r)),
            topic: name(s.topic.get(r)),
            status: outcomeName(o),
            broker: stored ? name(s.broker.get(r)) : null,
            queue: stored ? s.queueId.get(r) : null,
            offset: stored ? s.queueOffset.get(r) : null,
            attempts: s.attempts.get(r),
          },
        };
      }
      case EV_POLL:
        return {
          process: name(c.instance.get(r)),
          type: 'ok',
          f: 'poll',
          time: t,
          value: {
            id: messageId(c.uid.get(r)),
            group: name(c.group.get(r)),
            topic: name(c.topic.get(r)),
            broker: name(c.broker.get(r)),
            queue: c.queueId.get(r),
            offset: c.queueOffset.get(r),
            attempt: c.attempt.get(r),
            result: c.result.get(r) === 1 ? 'success' : 'reconsume-later',
          },
        };
      default:
        return {
          process: name(m.instance.get(r)),
          type: 'ok',
          f: 'commit',
          time: t,
          value: {
            group: name(m.group.get(r)),
            topic: name(m.topic.get(r)),
            broker: name(m.broker.get(r)),
            queue: m.queueId.get(r),
            offset: m.offset.get(r),
          },
        };
    }
  });
}
