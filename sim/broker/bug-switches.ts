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
}

export const NO_BROKER_BUGS: BrokerBugSwitches = {
  syncMasterEarlyAck: false,
  dledgerAckBeforeQuorum: false,
};

export type BrokerBugName = 'broker.sync-master-early-ack' | 'broker.dledger-ack-before-quorum';

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
