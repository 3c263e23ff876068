// `--set key=value` for `rmqsim diff`: the same scenario with a few values
// changed, applied to the YAML document before validation, so the changed
// scenario is checked (and its errors reported) like any scenario file.
// Keys are dotted paths into the file ("cluster.namesrvs", "workload.
// producers.0.rate") or shorthands for the usual what-ifs:
//   namesrvs=3                        cluster.namesrvs
//   broker.flushDiskType=SYNC_FLUSH   that field of every broker group (mode, replicas, brokerRole, flushDiskType)
//   broker.<constant>=v               cluster.config.broker.<constant> (likewise namesrv., client., raft.)
// Values are YAML scalars: numbers and booleans become numbers and booleans.
import { isMap, isSeq, parse, parseDocument } from 'yaml';
import { formatPath, type ScenarioError } from './errors.js';

/** Broker group fields that `broker.<field>` sets on every group (model §3: per-group settings). */
const GROUP_FIELDS = ['mode', 'replicas', 'brokerRole', 'flushDiskType'] as const;
const CONFIG_LAYERS = ['namesrv', 'broker', 'client', 'raft'] as const;
const TOP_KEYS = [
  'name',
  'description',
  'seed',
  'duration',
  'cluster',
  'workload',
  'faults',
  'chaos',
  'expectations',
  'swarm',
];

/** A field one --set wrote, as an error path ("cluster.config.broker.x"). */
export interface SetField {
  readonly set: string;
  readonly path: string;
}

export type SetResult =
  | { readonly ok: true; readonly text: string; readonly written: readonly SetField[] }
  | { readonly ok: false; readonly error: string };

/** Parses "key=value"; the value is a YAML scalar. */
export function parseSet(text: string): { readonly key: string; readonly value: unknown } | string {
  const eq = text.indexOf('=');
  if (eq <= 0) return `key=value (e.g. broker.flushDiskType=SYNC_FLUSH), found "${text}"`;
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = raw === '' ? '' : (parse(raw) as unknown);
  } catch {
    value = raw;
  }
  if (typeof value === 'object' && value !== null)
    return `a plain value (string, number or boolean) after "=", found "${raw}"`;
  return { key: text.slice(0, eq).trim(), value };
}

const pathOf = (key: string): (string | number)[] => key.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/** The document paths one key sets, or a string saying what keys are understood. */
function targets(key: string, groupCount: number): (string | number)[][] | string {
  if (key === 'namesrvs') return [['cluster', 'namesrvs']];
  const [head, field, ...rest] = key.split('.');
  if (
    head !== undefined &&
    field !== undefined &&
    rest.length === 0 &&
    (CONFIG_LAYERS as readonly string[]).includes(head)
  ) {
    if (head === 'broker' && (GROUP_FIELDS as readonly string[]).includes(field))
      return Array.from({ length: groupCount }, (_, i) => ['cluster', 'groups', i, field]);
    return [['cluster', 'config', head, field]];
  }
  if (head !== undefined && TOP_KEYS.includes(head)) return [pathOf(key)];
  return `a key such as namesrvs, broker.flushDiskType, broker.<constant>, client.<constant> or a path like cluster.groups.0.mode, found "${key}"`;
}

/**
 * A list index in a path must name an entry the file has: setting `cluster.groups.9.mode` on a
 * file of two groups would otherwise pad the list with empty entries and fail validation on them.
 */
function missingIndex(doc: ReturnType<typeof parseDocument>, path: readonly (string | number)[]): string | undefined {
  for (let i = 0; i < path.length; i++) {
    const index = path[i];
    if (typeof index !== 'number') continue;
    const list: unknown = doc.getIn(path.slice(0, i));
    const where = path.slice(0, i).join('.');
    if (!isSeq(list)) return `a list at ${where} (the file has none), found index ${index}`;
    if (index >= list.items.length)
      return `an index of ${where} below ${list.items.length} (the file has ${list.items.length} entries), found ${index}`;
  }
  return undefined;
}

/** Applies `key=value` settings to scenario text; the result still has to load and validate. */
export function applySets(text: string, sets: readonly string[]): SetResult {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    return { ok: false, error: `the scenario is not valid YAML: ${doc.errors[0]?.message ?? ''}` };
  const groups = doc.getIn(['cluster', 'groups']);
  const groupCount = isSeq(groups) ? groups.items.length : 0;
  const written: SetField[] = [];
  for (const s of sets) {
    const parsed = parseSet(s);
    if (typeof parsed === 'string') return { ok: false, error: `--set: expected ${parsed}` };
    const paths = targets(parsed.key, groupCount);
    if (typeof paths === 'string') return { ok: false, error: `--set: expected ${paths}` };
    for (const p of paths) {
      const parent = doc.getIn(p.slice(0, -1));
      if (p.length > 1 && parent !== undefined && !isMap(parent) && !isSeq(parent)) {
        return { ok: false, error: `--set ${s}: ${p.slice(0, -1).join('.')} is a plain value, not a mapping or list` };
      }
      const missing = missingIndex(doc, p);
      if (missing !== undefined) return { ok: false, error: `--set ${s}: expected ${missing}` };
      doc.setIn(p, parsed.value);
      written.push({ set: s, path: formatPath(p) });
    }
  }
  return { ok: true, text: doc.toString(), written };
}

/**
 * The errors of a scenario changed by --set, told as the user can act on them (the file alone is valid,
 * so each is the changes' doing): an error on a field a --set wrote names that flag, any other names the
 * file with its flags; neither gets a line:column, which would point into the changed text, not a file.
 */
export function blameSets(
  errors: readonly ScenarioError[],
  written: readonly SetField[],
  label: string,
): ScenarioError[] {
  return errors.map(({ line: _line, column: _column, ...e }) => {
    const by = written.findLast(
      (w) => e.path === w.path || e.path.startsWith(`${w.path}.`) || e.path.startsWith(`${w.path}[`),
    );
    return { ...e, file: by === undefined ? label : `--set ${by.set}` };
  });
}
