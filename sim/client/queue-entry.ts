// One queue a push consumer instance owns: its process queue, where the next
// pull starts, which broker id the broker last suggested pulling from, and
// (orderly) the pulled messages still waiting, in offset order
// [R4 DPCI PullRequest] [R4 PQ] [R4 PAW pullFromWhichNodeTable].
import type { TuplePrefix } from '../history/index.js';
import type { BrokerAddr, MessageExt, MessageQueue } from '../protocol/index.js';
import { MASTER_ID, mqKey } from '../protocol/index.js';
import { ProcessQueue } from './process-queue.js';

export class QueueEntry {
  readonly key: string;
  readonly pq = new ProcessQueue();
  /** Orderly: pulled messages not yet consumed, in offset order. */
  readonly buffer: MessageExt[] = [];
  /** Offset the next pull asks for. */
  nextOffset: number;
  /** PullAPIWrapper: the broker's last suggestWhichBrokerId for this queue. */
  suggestId = MASTER_ID;
  /** Address of the last pull, to explain redirects. */
  lastAddr: BrokerAddr | undefined = undefined;
  /** Orderly: local failures of the message at the head of the buffer. */
  headRetries = 0;
  /** A pull RPC or a delayed pull is outstanding. */
  pulling = false;
  /** Where this queue's consumptions go in the run's history (History.consumePlace), from its first one. */
  historyPlace: TuplePrefix | undefined = undefined;

  constructor(
    readonly mq: MessageQueue,
    startOffset: number,
  ) {
    this.key = mqKey(mq);
    this.nextOffset = startOffset;
  }

  get dropped(): boolean {
    return this.pq.dropped;
  }
}
