// The candidacy a forward clock jump must cause (leader-changes with
// followFaults): DLedger's state maintainer measures the heartbeat timeout on
// the wall clock (DLedgerLeaderElector.maintainAsFollower: now minus
// lastLeaderHeartBeatTime > maxHeartBeatLeak x heartBeatTimeIntervalMs, model
// §4.2, polled every 10 ms), so a follower whose clock steps forward past that
// timeout turns candidate at once. Pure: from the group's members, the faults
// as injected and the members' role changes, to the jumps that made no
// candidate.
//
// NB: the jump is demanded a candidacy, not a new term. A follower of a live,
// connected leader turns candidate in its term, hears REJECT_ALREADY_HAS_LEADER
// and waits (since openmessaging/dledger#25, model §4.2 rule 2); the leader's
// next heartbeat makes it a follower again. Only when the leader does not
// answer does the term move (scenarios/dledger-follower-clock-jump.yaml).
//
// Demanded only when nothing else can hold the member back: it followed a
// leader (a FOLLOWER role with a leader, after every other fault on it had
// ended: a fenced member follows nobody), the jump (from a true clock: no
// other clock fault on it) exceeds the heartbeat timeout, no other fault
// touched it (a pause defers the jump to its resume, a crash drops it) from
// that role change until the bound after the jump, and the run lasted that long.
import type { Micros } from '../engine/index.js';
import { faultEndUs, type InjectedFault } from './injected-faults.js';

/** A member's raft.role change. */
export interface RoleChange {
  readonly atUs: Micros;
  readonly node: string;
  readonly role: string;
  readonly term: number;
  readonly leader: string | undefined;
}

export interface ClockJumpInput {
  readonly members: readonly string[];
  readonly faults: readonly InjectedFault[];
  /** The members' role changes, in time order. */
  readonly roles: readonly RoleChange[];
  /** maxHeartBeatLeak x heartBeatTimeIntervalMs (6 s by default). */
  readonly heartbeatTimeoutUs: Micros;
  readonly endUs: Micros;
}

/** A jump that made no candidate: what the violation names. */
export interface MissedCandidacy {
  readonly atUs: Micros;
  readonly node: string;
  readonly jumpUs: Micros;
}

/** How soon the candidacy must come: the maintainer polls every 10 ms; a second is generous. */
export const CANDIDACY_BOUND_US: Micros = 1_000_000;

/** Whether any fault but the one at `skip` touched `node` between `fromUs` and `toUs`. */
function disturbed(input: ClockJumpInput, skip: number, node: string, fromUs: Micros, toUs: Micros): boolean {
  return input.faults.some(
    (f, i) =>
      i !== skip &&
      f.verb !== 'heal' &&
      (f.nodes.includes(node) || f.peers.includes(node)) &&
      f.startUs <= toUs &&
      faultEndUs(input.faults, i, input.endUs) >= fromUs,
  );
}

/** Whether the member turned candidate (or the group moved past its term) within the bound after the jump. */
function moved(input: ClockJumpInput, node: string, atUs: Micros, term: number): boolean {
  return input.roles.some(
    (r) =>
      r.atUs >= atUs &&
      r.atUs <= atUs + CANDIDACY_BOUND_US &&
      ((r.node === node && r.role !== 'FOLLOWER') || r.term > term),
  );
}

function missedOn(input: ClockJumpInput, index: number, node: string): MissedCandidacy | undefined {
  const f = input.faults[index];
  if (f?.skewUs === undefined) return undefined;
  const last = input.roles.filter((r) => r.node === node && r.atUs < f.startUs).at(-1);
  if (last?.role !== 'FOLLOWER' || last.leader === undefined) return undefined;
  if (disturbed(input, index, node, last.atUs, f.startUs + CANDIDACY_BOUND_US)) return undefined;
  if (moved(input, node, f.startUs, last.term)) return undefined;
  return { atUs: f.startUs, node, jumpUs: f.skewUs };
}

/** Every forward clock jump past the heartbeat timeout on a following member that made it no candidate. */
export function missedCandidacies(input: ClockJumpInput): MissedCandidacy[] {
  return input.faults.flatMap((f, index) => {
    if (f.verb !== 'clock-skew' || (f.skewUs ?? 0) <= input.heartbeatTimeoutUs) return [];
    if (f.startUs + CANDIDACY_BOUND_US > input.endUs) return [];
    return f.nodes.flatMap((node) => {
      if (!input.members.includes(node)) return [];
      const missed = missedOn(input, index, node);
      return missed === undefined ? [] : [missed];
    });
  });
}
