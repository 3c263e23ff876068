// The one registry of bug switches and the one parser of their names.
// Each layer declares its own switches with the shared entry type
// (sim/base/bug-switch.ts); this is the lowest layer that sees every
// declaring layer and the one that applies the flags when it builds a
// cluster, so the registry is gathered here (docs/architecture.md, "Bug
// switches"). To add a switch: add a row to its layer's list; nothing here
// changes unless a new layer starts declaring switches.
import { bugFlagsOf, type BugSwitch } from '../base/index.js';
import { BROKER_BUG_SWITCHES, type BrokerBugSwitches } from '../broker/index.js';
import { CLIENT_BUG_SWITCHES, type ClientBugFlag } from '../client/index.js';
import { NAMESRV_BUG_SWITCHES, type NamesrvBugSwitches } from '../namesrv/index.js';
import { RAFT_BUG_SWITCHES, type RaftBugs } from '../raft/index.js';

const byName = (a: BugSwitch, b: BugSwitch): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Every bug switch of every layer, sorted by name. */
export const BUG_REGISTRY: readonly BugSwitch[] = [
  ...NAMESRV_BUG_SWITCHES,
  ...BROKER_BUG_SWITCHES,
  ...CLIENT_BUG_SWITCHES,
  ...RAFT_BUG_SWITCHES,
].sort(byName);

/** The flags each layer's configuration takes, with the named switches on. */
export interface BugFlags {
  readonly namesrv: Partial<NamesrvBugSwitches>;
  readonly broker: Partial<BrokerBugSwitches>;
  readonly raft: Partial<RaftBugs>;
  readonly client: Partial<Record<ClientBugFlag, boolean>>;
}

export const NO_BUG_FLAGS: BugFlags = { namesrv: {}, broker: {}, raft: {}, client: {} };

export type ParsedBugs =
  { readonly ok: true; readonly flags: BugFlags } | { readonly ok: false; readonly unknown: readonly string[] };

/** Turns `--bug` names into each layer's flags; a name no layer declares is reported, never ignored. */
export function parseBugSwitches(names: readonly string[]): ParsedBugs {
  const known = new Set(BUG_REGISTRY.map((b) => b.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) return { ok: false, unknown };
  return {
    ok: true,
    flags: {
      namesrv: bugFlagsOf(NAMESRV_BUG_SWITCHES, names),
      broker: bugFlagsOf(BROKER_BUG_SWITCHES, names),
      raft: bugFlagsOf(RAFT_BUG_SWITCHES, names),
      client: bugFlagsOf(CLIENT_BUG_SWITCHES, names),
    },
  };
}
