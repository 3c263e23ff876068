// The checker contract. A checker watches the typed event stream of a run
// (online safety checks) and gives its verdict at the end (history-based and
// liveness checks). A verdict is a value: a broken invariant is a finding
// about the simulated cluster (exit 1), never an exception (style.md #12, #13).
import type { Micros, NodeId } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';
import { say, type Phrase } from '../i18n/index.js';

export interface Violation {
  /** Simulated time at which the violation was observed. */
  readonly atUs: Micros;
  /** One line that says what broke, with ids, terms, indexes, offsets (English: the phrase told in en). */
  readonly message: string;
  /** The same line as a catalogue phrase (sim/i18n), so reports tell it in any language. */
  readonly phrase: Phrase;
  /** Nodes involved. */
  readonly nodes: readonly string[];
}

export interface CheckResult {
  /** Stable name, e.g. "raft.election-safety", "no-acked-loss". */
  readonly name: string;
  readonly ok: boolean;
  /** A one-line summary: the figure measured and the bound (e.g. "max outage 12.3s <= 45s"). */
  readonly detail: string;
  /** Evidence; empty when ok. Every violation found (issue 10 row 8: no silent cap); reports say how many they show. */
  readonly violations: readonly Violation[];
  /** Findings that are not violations (e.g. losses the configuration allows). */
  readonly notes?: readonly string[];
  /** The notes written from catalogue phrases (each one's English is in `notes`), so reports tell them in any language. */
  readonly notePhrases?: readonly Phrase[];
  /** Figures for reports (e.g. { maxOutageUs: 12300000 }). */
  readonly figures?: Readonly<Record<string, number>>;
}

export interface Checker {
  readonly name: string;
  onEvent?(t: Micros, node: NodeId, e: ClusterEvent): void;
  finish(endUs: Micros): CheckResult;
}

/**
 * The verdict of a checker that saw nothing to judge (a run too short, a group that never
 * sent): a FAIL with the reason, never a PASS (issue 10: nothing unchecked passes).
 */
/**
 * What a bound "after the last heal" counts from, in words: a run with no fault heals at 0, which is its
 * start, not a heal (a fresh-clone trial read "leader agreed 3.873s after heal" on a run without faults).
 */
export function healedAtWords(healedAtUs: number): 'the last heal' | 'the start' {
  return healedAtUs > 0 ? 'the last heal' : 'the start';
}

export function notJudged(name: string, reason: string, figures?: Readonly<Record<string, number>>): CheckResult {
  const detail = `not judged: ${reason}`;
  return figures === undefined
    ? { name, ok: false, detail, violations: [] }
    : { name, ok: false, detail, violations: [], figures };
}

/** Collects every violation; the shared helper every checker uses. */
export class ViolationLog {
  private readonly list: Violation[] = [];
  private total = 0;

  add(atUs: Micros, phrase: Phrase, nodes: readonly string[]): void {
    this.total++;
    this.list.push({ atUs, message: say('en', phrase), phrase, nodes });
  }

  get count(): number {
    return this.total;
  }

  get items(): readonly Violation[] {
    return this.list;
  }

  result(name: string, okDetail: string, figures?: Readonly<Record<string, number>>): CheckResult {
    const ok = this.total === 0;
    const detail = ok ? okDetail : `${this.total} violation(s); first: ${this.list[0]?.message ?? ''}`;
    return figures === undefined
      ? { name, ok, detail, violations: this.list }
      : { name, ok, detail, violations: this.list, figures };
  }
}
