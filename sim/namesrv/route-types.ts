// Value types of the route table's outputs, and the sort orders that make
// every output deterministic. Mirrors nothing in RocketMQ by itself: these
// describe what RouteInfoManager changed, so the NameServer can explain it.
import type { BrokerAddr } from '../protocol/index.js';
import type { Micros } from '../engine/index.js';

/** One <brokerId, addr> slot of a broker group. */
export interface BrokerEntry {
  readonly brokerName: string;
  readonly brokerId: number;
  readonly addr: BrokerAddr;
}

export interface RemovedBroker extends BrokerEntry {
  /** Time since the address's last heartbeat (0 if it had no live record). */
  readonly silentUs: Micros;
}

export interface RemovalOutcome {
  readonly removed: readonly RemovedBroker[];
  /** Groups whose last address went: they left brokerAddrTable, clusterAddrTable and every topic. */
  readonly groupsRemoved: readonly string[];
  /** Topics left with no QueueData, hence deleted. */
  readonly topicsDeleted: readonly string[];
}

export function compareEntries(a: BrokerEntry, b: BrokerEntry): number {
  if (a.brokerName !== b.brokerName) return a.brokerName < b.brokerName ? -1 : 1;
  if (a.brokerId !== b.brokerId) return a.brokerId - b.brokerId;
  return a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0;
}

/** A map's keys in code-unit order (independent of insertion order). */
export function sortedKeys<K extends string, V>(m: ReadonlyMap<K, V>): K[] {
  return [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
