// Errors in scenario files, made for humans: each names the file, the field
// path ("cluster.groups[1].mode"), what was expected and what was found, the
// line and column when known, and a "did you mean" hint for near misses.
import type { ZodInvalidUnionIssue, ZodIssue } from 'zod';
import { editDistance } from '../cluster/index.js';
import type { IssueParams } from './schema.js';

export type FieldPath = readonly (string | number)[];

export interface ScenarioError {
  readonly file: string;
  /** Dotted field path, e.g. "cluster.groups[1].mode"; "" for the whole file. */
  readonly path: string;
  readonly expected: string;
  readonly found: string;
  /** 1-based position of the offending node in the file, when known. */
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
}

/** Renders ["cluster", "groups", 1, "mode"] as "cluster.groups[1].mode". */
export function formatPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** One line per error: "file:line:col: path: expected X, found Y (did you mean Z?)". */
export function formatScenarioError(e: ScenarioError): string {
  const where = e.line === undefined ? e.file : `${e.file}:${e.line}:${e.column ?? 1}`;
  const field = e.path === '' ? '' : ` ${e.path}:`;
  const hint = e.hint === undefined ? '' : ` (${e.hint})`;
  return `${where}:${field} expected ${e.expected}, found ${e.found}${hint}`;
}

/** The closest candidate within a third of the word's length (at least 2 edits), if any. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

const show = (v: unknown): string =>
  v === undefined ? 'nothing' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);

/** "an object", "an array", "a string": zod's type names with their English article. */
const article = (type: string): string => `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;

function hintFor(found: string | undefined, options: readonly string[] | undefined): string | undefined {
  if (found === undefined || options === undefined) return undefined;
  const s = didYouMean(found, options);
  return s === undefined ? undefined : `did you mean "${s}"?`;
}

function issueParams(issue: ZodIssue): IssueParams | undefined {
  if (issue.code !== 'custom' || issue.params === undefined) return undefined;
  const p = issue.params as Partial<IssueParams>;
  return typeof p.expected === 'string' ? (p as IssueParams) : undefined;
}

/** The part of `value` at `path` (keys and indexes below it), undefined when absent. */
function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of path)
    v = typeof v === 'object' && v !== null ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

/**
 * The keys an object lacks for the one alternative of a union it nearly is: every key it has belongs to
 * that alternative, which fails only on missing keys (a ramp `{ from, to }` without `over`). An empty
 * object nearly is every alternative, so it names none.
 */
function missingKeys(issue: ZodInvalidUnionIssue, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Object.keys(value).length === 0) return undefined;
  const depth = issue.path.length;
  const absent = (i: ZodIssue): boolean => i.path.length > depth && valueAt(value, i.path.slice(depth)) === undefined;
  const onlyMissing = issue.unionErrors.map((e) => e.issues).filter((l) => l.length > 0 && l.every(absent));
  const [near] = onlyMissing;
  if (near === undefined || onlyMissing.length > 1) return undefined;
  const keys = near.map((i) => `"${i.path.slice(depth).join('.')}"`);
  return `missing ${keys.length === 1 ? 'key' : 'keys'} ${keys.join(', ')}`;
}

/** What a zod issue expected and found, in words; `value` is the offending input, when known. */
export function describeIssue(issue: ZodIssue, value: unknown): { expected: string; found: string; hint?: string } {
  const params = issueParams(issue);
  if (params !== undefined) {
    const key =
      typeof issue.path[issue.path.length - 1] === 'string' ? String(issue.path[issue.path.length - 1]) : undefined;
    const hint = params.known !== undefined ? hintFor(key, params.known) : undefined;
    const found = params.found ?? (value === undefined ? 'nothing' : show(value));
    return hint === undefined ? { expected: params.expected, found } : { expected: params.expected, found, hint };
  }
  switch (issue.code) {
    case 'invalid_type':
      return issue.received === 'undefined'
        ? { expected: `${article(issue.expected)} (this field is required)`, found: 'nothing' }
        : {
            expected: article(issue.expected),
            // "found string \"abc\"", but "found null", not "found null null".
            found: show(value) === issue.received ? issue.received : `${issue.received} ${show(value)}`,
          };
    case 'invalid_enum_value': {
      const options = issue.options.map(String);
      const hint = hintFor(String(issue.received), options);
      const base = { expected: `one of ${options.join(', ')}`, found: show(issue.received) };
      return hint === undefined ? base : { ...base, hint };
    }
    case 'invalid_union_discriminator': {
      const options = issue.options.map(String);
      const hint = typeof value === 'string' ? hintFor(value, options) : undefined;
      const base = { expected: `one of ${options.join(', ')}`, found: value === undefined ? 'nothing' : show(value) };
      return hint === undefined ? base : { ...base, hint };
    }
    case 'invalid_literal':
      return { expected: show(issue.expected), found: show(value) };
    case 'unrecognized_keys':
      return { expected: 'only known keys', found: `unknown key(s) ${issue.keys.join(', ')}` };
    case 'too_small':
      return issue.type === 'array'
        ? { expected: `at least ${issue.minimum} item(s)`, found: `${Array.isArray(value) ? value.length : 0}` }
        : { expected: `a value ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`, found: show(value) };
    case 'too_big':
      return { expected: `a value ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`, found: show(value) };
    case 'invalid_string':
      return { expected: issue.message, found: show(value) };
    case 'invalid_union': {
      const missing = missingKeys(issue, value);
      if (missing !== undefined) return { expected: issue.message, found: show(value), hint: missing };
      return value === undefined
        ? { expected: `${issue.message} (this field is required)`, found: 'nothing' }
        : { expected: issue.message, found: show(value) };
    }
    case 'not_multiple_of':
    case 'invalid_arguments':
    case 'invalid_return_type':
    case 'invalid_date':
    case 'invalid_intersection_types':
    case 'not_finite':
    case 'custom':
      return value === undefined
        ? { expected: `${issue.message} (this field is required)`, found: 'nothing' }
        : { expected: issue.message, found: show(value) };
  }
}
