// Queue allocation strategies of a clustering consumer group
// [R4 ALLOC AllocateMessageQueueAveragely, AllocateMessageQueueAveragelyByCircle].
// Pure functions: every instance computes its own share from the same sorted
// queue list and sorted consumer-id list, with no coordination (rebalance is
// eventually consistent, which is why two instances can briefly share a queue).
import type { MessageQueue } from '../protocol/index.js';

export type AllocateStrategy = 'AVERAGELY' | 'AVERAGELY_BY_CIRCLE';

export interface AllocateInput {
  /** Every queue of the topic, sorted (compareMq). */
  readonly mqAll: readonly MessageQueue[];
  /** Every consumer id of the group, sorted. */
  readonly cidAll: readonly string[];
  readonly currentCid: string;
}

/**
 * AllocateMessageQueueAveragely: consumer i gets one contiguous block; the first
 * `n % c` consumers get one queue more. With more consumers than queues the
 * trailing consumers get nothing. A consumer not in cidAll gets nothing.
 */
export function allocateAveragely(input: AllocateInput): MessageQueue[] {
  const { mqAll, cidAll } = input;
  const index = cidAll.indexOf(input.currentCid);
  if (index < 0 || mqAll.length === 0) return [];
  const n = mqAll.length;
  const c = cidAll.length;
  const mod = n % c;
  const size = n <= c ? 1 : mod > 0 && index < mod ? Math.floor(n / c) + 1 : Math.floor(n / c);
  const start = mod > 0 && index < mod ? index * size : index * size + mod;
  const range = Math.min(size, n - start);
  const out: MessageQueue[] = [];
  for (let i = 0; i < range; i++) {
    const mq = mqAll[(start + i) % n];
    if (mq !== undefined) out.push(mq);
  }
  return out;
}

/** AllocateMessageQueueAveragelyByCircle: queue k goes to consumer k % c. */
export function allocateAveragelyByCircle(input: AllocateInput): MessageQueue[] {
  const index = input.cidAll.indexOf(input.currentCid);
  if (index < 0) return [];
  const out: MessageQueue[] = [];
  for (let k = index; k < input.mqAll.length; k += input.cidAll.length) {
    const mq = input.mqAll[k];
    if (mq !== undefined) out.push(mq);
  }
  return out;
}

export function allocate(strategy: AllocateStrategy, input: AllocateInput): MessageQueue[] {
  switch (strategy) {
    case 'AVERAGELY':
      return allocateAveragely(input);
    case 'AVERAGELY_BY_CIRCLE':
      return allocateAveragelyByCircle(input);
  }
}

/**
 * Bug switch client.rebalance-overlap: the instance's own block plus the first
 * queue of the next instance's block, so that queue has two owners.
 */
export function allocateWithOverlap(strategy: AllocateStrategy, input: AllocateInput): MessageQueue[] {
  const mine = allocate(strategy, input);
  const index = input.cidAll.indexOf(input.currentCid);
  const next = input.cidAll[(index + 1) % input.cidAll.length];
  if (index < 0 || next === undefined || next === input.currentCid) return mine;
  const theirs = allocate(strategy, { ...input, currentCid: next });
  const extra = theirs[0];
  return extra === undefined || mine.includes(extra) ? mine : [...mine, extra];
}
