// The shape of a bug switch, shared by every layer that declares one. A bug
// switch is a deliberate, documented deviation from RocketMQ's behaviour, off
// by default, that a checker must catch (docs/architecture.md, "Bug switches").
// Each layer declares its own list with this entry type; sim/cluster
// (bug-registry.ts) gathers them into the one registry and owns the one parser.

/** The modules that may declare bug switches (the ones sim/cluster builds). */
export type BugLayer = 'raft' | 'namesrv' | 'broker' | 'client';

/** One proof that the switch is caught: the story breaks this expectation with the switch on. */
export interface BugCatch {
  /** The checker name of the expectation that fails, as a scenario writes it (e.g. "at-least-once"). */
  readonly expectation: string;
  /** The scenario file that tells the story, relative to the repository (e.g. "scenarios/dledger-leader-crash.yaml"). */
  readonly story: string;
}

export interface BugSwitch<Flag extends string = string> {
  /** Dotted name, layer first, e.g. "broker.sync-master-early-ack". */
  readonly name: string;
  readonly layer: BugLayer;
  /** The field of the layer's flag object that turns it on. */
  readonly flag: Flag;
  /** What the switch breaks, in plain words. */
  readonly description: string;
  /** Where a shipped story catches it; test/scenario/bug-registry.test.ts runs every row. */
  readonly caughtBy: readonly BugCatch[];
}

/** The flags of `catalog` that `names` turn on; names from other catalogs are left for the registry to judge. */
export function bugFlagsOf<Flag extends string>(
  catalog: readonly BugSwitch<Flag>[],
  names: readonly string[],
): Partial<Record<Flag, boolean>> {
  const flags: Partial<Record<Flag, boolean>> = {};
  for (const b of catalog) if (names.includes(b.name)) flags[b.flag] = true;
  return flags;
}
