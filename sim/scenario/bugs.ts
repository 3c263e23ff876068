// Every bug switch of every layer in one catalog, for `rmqsim bugs` and for
// validating `--bug NAME`. A bug switch is a deliberate, documented deviation,
// off by default, that some checker must catch (docs/architecture.md, "Bug switches").
// Layers export their own catalogs; this file only gathers them.
import { BROKER_BUG_SWITCHES } from '../broker/index.js';
import { CLIENT_BUG_SWITCHES } from '../client/index.js';
import { NAMESRV_BUG_SWITCHES } from '../namesrv/index.js';
import { RAFT_BUG_SWITCHES } from '../raft/index.js';

export interface BugSwitchInfo {
  /** Dotted name, e.g. "broker.sync-master-early-ack". */
  readonly name: string;
  /** What the switch breaks. */
  readonly description: string;
  /** The checker (and test) that catches it. */
  readonly caughtBy: string;
}

/** All known bug switches, sorted by name. */
export const BUG_SWITCHES: readonly BugSwitchInfo[] = [...NAMESRV_BUG_SWITCHES, ...BROKER_BUG_SWITCHES, ...CLIENT_BUG_SWITCHES, ...RAFT_BUG_SWITCHES]
  .map((b): BugSwitchInfo => ({ name: b.name, description: b.description, caughtBy: b.caughtBy }))
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export type BugCheck = { readonly ok: true } | { readonly ok: false; readonly unknown: readonly string[] };

/** Checks `--bug` names against the catalog. */
export function checkBugNames(names: readonly string[]): BugCheck {
  const known = new Set(BUG_SWITCHES.map((b) => b.name));
  const unknown = names.filter((n) => !known.has(n));
  return unknown.length === 0 ? { ok: true } : { ok: false, unknown };
}
