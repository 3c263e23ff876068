// Broker bug switches: deliberate, documented deviations from RocketMQ's
// behaviour, off by default (docs/architecture.md, "Bug switches"). Each one names the
// story in which a checker catches it (test/scenario/bug-registry.test.ts runs
// them); a checker that never fires on its switch is not proven to work.
import type { BugSwitch } from '../base/index.js';

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

export const BROKER_BUG_SWITCHES: readonly BugSwitch<keyof BrokerBugSwitches>[] = [
  {
    name: 'broker.sync-master-early-ack',
    layer: 'broker',
    flag: 'syncMasterEarlyAck',
    description: 'SYNC_MASTER acks a send before the slave has the data; a master power loss then loses acknowledged messages.',
    caughtBy: [{ expectation: 'at-least-once', story: 'scenarios/sync-master-short-outage.yaml' }],
  },
  {
    name: 'broker.dledger-ack-before-quorum',
    layer: 'broker',
    flag: 'dledgerAckBeforeQuorum',
    description: 'A DLedger leader answers SEND_OK before a quorum has the entry; an isolated leader then acks messages that are truncated.',
    caughtBy: [{ expectation: 'no-acked-loss', story: 'scenarios/dledger-leader-isolated.yaml' }],
  },
];
