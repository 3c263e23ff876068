// Loading a scenario: YAML text -> schema -> typed Scenario -> cross-field
// checks. Parsing and validation are pure (`parseScenario(text, fileName)`),
// so tests feed strings; reading the file is the caller's edge (the CLI
// passes a reader). Every problem becomes a ScenarioError naming the file,
// the field path, what was expected and what was found, with line:column.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { crossCheck } from './cross-checks.js';
import { describeIssue, formatPath, type FieldPath, type ScenarioError } from './errors.js';
import { scenarioSchema } from './schema.js';
import { toScenario } from './to-spec.js';
import type { Scenario } from './types.js';

export type LoadResult =
  | { readonly ok: true; readonly scenario: Scenario }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

interface Located {
  readonly node: Node | undefined;
  /** Whether the whole path was found (else `node` is the deepest ancestor). */
  readonly exact: boolean;
  /** For a map entry: its key node (unknown-key errors point at the key). */
  readonly key: Node | undefined;
}

function childOf(node: Node, part: string | number): { value: Node | undefined; key: Node | undefined } | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key;
      const keyText = isScalar(k) ? String(k.value) : undefined;
      if (keyText === String(part)) {
        return { value: (pair.value ?? undefined) as Node | undefined, key: k as Node };
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof part === 'number') {
    const item = node.items[part];
    return item === undefined ? undefined : { value: item as Node, key: undefined };
  }
  return undefined;
}

function locate(doc: Document, path: FieldPath): Located {
  let node: Node | undefined = doc.contents ?? undefined;
  let key: Node | undefined;
  for (const part of path) {
    if (node === undefined) return { node, exact: false, key };
    const child = childOf(node, part);
    if (child === undefined) return { node, exact: false, key: undefined };
    key = child.key;
    if (child.value === undefined) return { node: key, exact: true, key };
    node = child.value;
  }
  return { node, exact: true, key };
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let cur: unknown = data;
  for (const part of path) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

function position(
  doc: Document,
  lines: LineCounter,
  path: FieldPath,
  preferKey: boolean,
): { line?: number; column?: number } {
  const where = locate(doc, path);
  const node = preferKey && where.key !== undefined ? where.key : where.node;
  const offset = node?.range?.[0];
  if (offset === undefined) return {};
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function yamlErrors(doc: Document, file: string): ScenarioError[] {
  return doc.errors.map((e) => ({
    file,
    path: '',
    expected: 'valid YAML',
    found: e.message.split('\n')[0] ?? e.message,
    ...(e.linePos?.[0] !== undefined ? { line: e.linePos[0].line, column: e.linePos[0].col } : {}),
  }));
}

const byPosition = (a: ScenarioError, b: ScenarioError): number =>
  (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);

/** Alias expansions a scenario may use (the yaml library's default; a scenario needs a handful). */
const MAX_ALIAS_COUNT = 100;

/** Parses and validates scenario text; `file` names it in every error. */
export function parseScenario(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { ok: false, errors: yamlErrors(doc, file) };
  let data: unknown;
  try {
    // The yaml library refuses documents whose aliases expand past maxAliasCount (an alias bomb).
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    return {
      ok: false,
      errors: [{ file, path: '', expected: 'valid YAML', found: e instanceof Error ? e.message : String(e) }],
    };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return {
      ok: false,
      errors: [
        {
          file,
          path: '',
          expected: 'a YAML mapping with name, duration, cluster, ...',
          found: data === null || data === undefined ? 'an empty file' : typeof data,
        },
      ],
    };
  }
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const errors = parsed.error.issues.map((issue): ScenarioError => {
      const what = describeIssue(issue, valueAt(data, issue.path));
      const unknownKey = issue.code === 'custom' && issue.message === 'unknown key';
      return { file, path: formatPath(issue.path), ...what, ...position(doc, lines, issue.path, unknownKey) };
    });
    return { ok: false, errors: errors.sort(byPosition) };
  }
  const scenario = toScenario(parsed.data, file);
  const problems = crossCheck(parsed.data, scenario);
  if (problems.length > 0) {
    const errors = problems.map((p): ScenarioError => ({
      file,
      path: formatPath(p.path),
      expected: p.expected,
      found: p.found,
      ...(p.hint !== undefined ? { hint: p.hint } : {}),
      ...position(doc, lines, p.path, false),
    }));
    return { ok: false, errors: errors.sort(byPosition) };
  }
  return { ok: true, scenario };
}

/** Reads a file's text or says why not; the CLI's edge supplies it. */
export type TextReader = (
  path: string,
) => { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** Loads a scenario file through `read` (the only impure part). */
export function loadScenario(path: string, read: TextReader): LoadResult {
  const r = read(path);
  if (!r.ok)
    return { ok: false, errors: [{ file: path, path: '', expected: 'a readable scenario file', found: r.reason }] };
  return parseScenario(r.text, path);
}
