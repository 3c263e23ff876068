// Broker bug switches: deliberate, documented deviations from RocketMQ's
// behaviour, off by default (docs/architecture.md, "Bug switches"). Each one names the
// test that proves a checker catches it; a checker that never fires on its
// switch is not proven to work.

export interface BrokerBugSwitches {
  /**
   * SYNC_MASTER answers SEND_OK as soon as the master has appended, without
   * waiting for a slave's ack (the guarantee of §3.4 silently dropped).
   */
  readonly syncMasterEarlyAck: boolean;
  /**
   * A DLedger leader answers SEND_OK right after its local append, before a
   * quorum acked the entry (§4.3 broken).
   */
  readonly dledgerAckBeforeQuorum: boolean;
  /** Before 4.9.4 a pull offset above the queue's max was corrected to 0 when the min offset was 0 (apache/rocketmq#4215). */
  readonly overflowCorrectsToMin: boolean;
  /** A DLedger broker starts with brokerId 0 and registers at once, before DLedger gives it a role (4.5.0, apache/rocketmq#1464). */
  readonly dledgerRegistersId0AtStart: boolean;
}

export const NO_BROKER_BUGS: BrokerBugSwitches = {
  syncMasterEarlyAck: false,
  dledgerAckBeforeQuorum: false,
  overflowCorrectsToMin: false,
  dledgerRegistersId0AtStart: false,
};

export type BrokerBugName = 'broker.sync-master-early-ack' | 'broker.dledger-ack-before-quorum' | 'broker.overflow-corrects-to-min'
  | 'broker.dledger-registers-id0-at-start';

export interface BrokerBugSwitchInfo {
  readonly name: BrokerBugName;
  /** The field of BrokerBugSwitches it sets. */
  readonly flag: keyof BrokerBugSwitches;
  readonly description: string;
  /** The test (file and title) in which a checker catches it. */
  readonly caughtBy: string;
}

export const BROKER_BUG_SWITCHES: readonly BrokerBugSwitchInfo[] = [
  {
    name: 'broker.sync-master-early-ack',
    flag: 'syncMasterEarlyAck',
    description: 'SYNC_MASTER acks a send before the slave has the data; a master power loss then loses acknowledged messages.',
    caughtBy: 'test/broker/durability.test.ts: "sync-master-early-ack is caught by the durability checker"',
  },
  {
    name: 'broker.dledger-ack-before-quorum',
    flag: 'dledgerAckBeforeQuorum',
    description: 'A DLedger leader answers SEND_OK before a quorum has the entry; an isolated leader then acks messages that are truncated.',
    caughtBy: 'test/broker/durability.test.ts: "dledger-ack-before-quorum is caught by the durability checker"',
  },
  {
    name: 'broker.overflow-corrects-to-min',
    flag: 'overflowCorrectsToMin',
    description: 'A pull offset above the queue max (after a power loss shortened the queue) is corrected to 0 when the min offset is 0, as before 4.9.4: the whole queue is consumed again.',
    caughtBy: 'duplicates (scenarios/incidents/offset-reset-after-power-loss.yaml, apache/rocketmq#4215)',
  },
  {
    name: 'broker.dledger-registers-id0-at-start',
    flag: 'dledgerRegistersId0AtStart',
    description: 'A restarting DLedger broker registers as brokerId 0 before it knows its role (4.5.0), overwriting the real master in the routes.',
    caughtBy: 'convergence (scenarios/incidents/dledger-restart-overwrites-master.yaml, apache/rocketmq#1464)',
  },
];

/** Turns a list of switch names (as a scenario writes them) into flags. */
export function brokerBugsFromNames(names: readonly string[]): { ok: true; bugs: BrokerBugSwitches } | { ok: false; reason: string } {
  let bugs: BrokerBugSwitches = NO_BROKER_BUGS;
  for (const name of names) {
    const info = BROKER_BUG_SWITCHES.find((b) => b.name === name);
    if (info === undefined) return { ok: false, reason: `unknown broker bug switch "${name}"` };
    bugs = { ...bugs, [info.flag]: true };
  }
  return { ok: true, bugs };
}
