// Turns bug-switch names (`--bug raft.vote-without-persist`) into the flag
// objects of each layer. The catalogs live with their layers; a name no
// catalog knows is reported, never ignored.
import { BROKER_BUG_SWITCHES, type BrokerBugSwitches } from '../broker/index.js';
import { CLIENT_BUG_SWITCHES, type ClientConfig } from '../client/index.js';
import { NAMESRV_BUG_SWITCHES, type NamesrvBugSwitches } from '../namesrv/index.js';
import { RAFT_BUG_SWITCHES } from '../raft/index.js';
import type { RaftBugs } from '../raft/index.js';

type ClientBugFlags = Pick<ClientConfig, 'bugRetrySameBroker' | 'bugCommitBeforeConsume' | 'bugRebalanceOverlap' | 'bugSharedClientId'>;

export interface BugFlags {
  readonly namesrv: Partial<NamesrvBugSwitches>;
  readonly broker: Partial<BrokerBugSwitches>;
  readonly raft: Partial<RaftBugs>;
  readonly client: Partial<ClientBugFlags>;
  readonly unknown: readonly string[];
}

export function bugFlags(names: readonly string[]): BugFlags {
  const namesrv: Partial<Record<keyof NamesrvBugSwitches, boolean>> = {};
  const broker: Partial<Record<keyof BrokerBugSwitches, boolean>> = {};
  const raft: Partial<Record<keyof RaftBugs, boolean>> = {};
  const client: Partial<Record<keyof ClientBugFlags, boolean>> = {};
  const unknown: string[] = [];
  for (const name of names) {
    const ns = NAMESRV_BUG_SWITCHES.find((b) => b.name === name);
    const br = BROKER_BUG_SWITCHES.find((b) => b.name === name);
    const rf = RAFT_BUG_SWITCHES.find((b) => b.name === name);
    const cl = CLIENT_BUG_SWITCHES.find((b) => b.name === name);
    if (ns !== undefined) namesrv[ns.flag] = true;
    else if (br !== undefined) broker[br.flag] = true;
    else if (rf !== undefined) raft[rf.flag] = true;
    else if (cl !== undefined) client[cl.flag] = true;
    else unknown.push(name);
  }
  return { namesrv, broker, raft, client, unknown };
}
