// What differs between two runs of one seed (`rmqsim diff`): the inputs that
// were changed, then side by side the expectations, sends by status, losses
// with the reason each was allowed, availability with its phase breakdown
// (model §7: NameServer removal, client route update, first OK send),
// latency percentiles and failover times. Rows are plain strings, so the
// terminal, Markdown-ish text and HTML renderers share one model. Pure.
import { formatDuration, type Micros } from '../engine/index.js';
import type { ExpectationVerdict, NodeSegment, NodeTrack, RunResult, Scenario } from '../scenario/index.js';
import { segmentClass } from './html-charts.js';
import { STATUS_COLUMNS, statusCounts } from './send-statuses.js';

export interface DiffRow {
  readonly label: string;
  readonly a: string;
  readonly b: string;
  readonly differs: boolean;
}

export interface DiffSection {
  readonly title: string;
  readonly rows: readonly DiffRow[];
}

const row = (label: string, a: string, b: string): DiffRow => ({ label, a, b, differs: a !== b });
const NONE = '-';

// ---- configuration --------------------------------------------------------------------------

function flatten(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  else if (typeof value === 'object' && value !== null)
    for (const [k, v] of Object.entries(value)) flatten(v, path === '' ? k : `${path}.${k}`, out);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects and arrays were flattened above
  else if (value !== undefined) out.set(path, String(value));
}

/** The inputs that differ between two scenarios (cluster, workload, faults, chaos, expectations, duration). */
export function configChanges(a: Scenario, b: Scenario): DiffRow[] {
  const pick = (s: Scenario): Map<string, string> => {
    const out = new Map<string, string>();
    flatten(
      {
        durationUs: s.durationUs,
        cluster: s.cluster,
        workload: s.workload,
        faults: s.faults,
        chaos: s.chaos,
        expectations: s.expectations,
      },
      '',
      out,
    );
    return out;
  };
  const fa = pick(a);
  const fb = pick(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])];
  return keys.filter((k) => fa.get(k) !== fb.get(k)).map((k) => row(k, fa.get(k) ?? NONE, fb.get(k) ?? NONE));
}

// ---- verdicts and figures -------------------------------------------------------------------

function verdictText(v: ExpectationVerdict | undefined): string {
  if (v === undefined) return 'not checked';
  return `${v.ok ? 'PASS' : 'FAIL'}: ${v.detail}`;
}

function expectations(a: RunResult, b: RunResult): DiffRow[] {
  const names = [...new Set([...a.expectations, ...b.expectations].map((e) => e.name))];
  const find = (r: RunResult, n: string): ExpectationVerdict | undefined => r.expectations.find((e) => e.name === n);
  return names.map((n) => row(n, verdictText(find(a, n)), verdictText(find(b, n))));
}

function sends(a: RunResult, b: RunResult): DiffRow[] {
  const groups = [...new Set([...a.sends.groups, ...b.sends.groups].map((g) => g.group))];
  const rows: DiffRow[] = [];
  for (const g of groups) {
    const ga = a.sends.groups.find((x) => x.group === g);
    const gb = b.sends.groups.find((x) => x.group === g);
    // Every status apart, as the run summaries tell it (issue 10 row 5): a SLAVE_NOT_AVAILABLE is not a SEND_OK.
    const ca = new Map(ga === undefined ? [] : statusCounts(ga));
    const cb = new Map(gb === undefined ? [] : statusCounts(gb));
    rows.push(row(`${g} offered`, String(ga?.offered ?? NONE), String(gb?.offered ?? NONE)));
    for (const status of STATUS_COLUMNS)
      rows.push(row(`${g} ${status}`, String(ca.get(status) ?? NONE), String(cb.get(status) ?? NONE)));
    rows.push(row(`${g} pending at the end`, String(ga?.pending ?? NONE), String(gb?.pending ?? NONE)));
    rows.push(row(`${g} acked/s`, String(ga?.ackedPerSecond ?? NONE), String(gb?.ackedPerSecond ?? NONE)));
  }
  const consumers = [...new Set([...a.consumption, ...b.consumption].map((c) => c.group))];
  for (const g of consumers) {
    const text = (r: RunResult): string => {
      const c = r.consumption.find((x) => x.group === g);
      return c === undefined ? NONE : `${c.total} (${c.failed} RECONSUME_LATER)`;
    };
    rows.push(row(`${g} consumed`, text(a), text(b)));
  }
  return rows;
}

/** A duration for people: "850 ms", "4.93 s", "2m30s". */
export function seconds(us: number): string {
  if (us < 1_000_000) return `${Math.round(us / 1000)} ms`;
  if (us < 60_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  return formatDuration(Math.round(us / 1_000_000) * 1_000_000);
}

/**
 * "crash-broker-a-0@60000ms.nsRemovalUs" reads "crash of broker-a at 1m: nsRemoval": named by the
 * group, not the node, so A's and B's phases line up when a different node was the master. The
 * availability checker names a master's death `crash` or `power-loss` (sim/check/availability.ts),
 * the one verb with a hyphen of its own.
 */
export function figureLabel(key: string): string {
  const k = key.replace(/Us$/, '');
  const m = /^(power-loss|[a-z]+)-(.+)-\d+@(\d+)ms\.(\w+)$/.exec(k);
  if (m === null) return k.replace(/\.(?=[^.]*$)/, ': ');
  return `${m[1] ?? ''} of ${m[2] ?? ''} at ${formatDuration(Number(m[3]) * 1000)}: ${m[4] ?? ''}`;
}

const figureText = (key: string, v: number | undefined): string => {
  if (v === undefined) return NONE;
  if (key.endsWith('Us')) return v < 0 ? 'never' : seconds(v);
  return Number.isInteger(v) ? String(v) : v.toFixed(4);
};

/** Rows for every figure of the verdicts of one checker, prefixed by the expectation name when there are several. */
function figures(a: RunResult, b: RunResult, checker: string, keep: (key: string) => boolean): DiffRow[] {
  const of = (r: RunResult): ExpectationVerdict[] => r.expectations.filter((e) => e.checker === checker);
  const names = [...new Set([...of(a), ...of(b)].map((e) => e.name))];
  const rows: DiffRow[] = [];
  for (const n of names) {
    const va = of(a).find((e) => e.name === n);
    const vb = of(b).find((e) => e.name === n);
    const keys = [...new Set([...Object.keys(va?.figures ?? {}), ...Object.keys(vb?.figures ?? {})])].filter(keep);
    const prefix = names.length > 1 ? `${n} ` : '';
    for (const k of keys)
      rows.push(row(`${prefix}${figureLabel(k)}`, figureText(k, va?.figures[k]), figureText(k, vb?.figures[k])));
  }
  return rows;
}

/** The reasons losses were allowed (the durability judge's notes), first few per side. */
function lossReasons(a: RunResult, b: RunResult, max: number): DiffRow[] {
  const notes = (r: RunResult): readonly string[] =>
    r.expectations.find((e) => e.checker === 'no-acked-loss')?.notes ?? [];
  const na = notes(a);
  const nb = notes(b);
  const n = Math.min(max, Math.max(na.length, nb.length));
  return Array.from({ length: n }, (_, i) => row(i === 0 ? 'why allowed' : '', na[i] ?? '', nb[i] ?? ''));
}

function latency(a: RunResult, b: RunResult): DiffRow[] {
  const ps = [...new Set([...a.sends.percentiles, ...b.sends.percentiles].map((p) => p.p))];
  const at = (r: RunResult, p: number): string => {
    const v = r.sends.percentiles.find((x) => x.p === p)?.us;
    return v === undefined ? NONE : `${(v / 1000).toFixed(2)} ms`;
  };
  return ps.map((p) => row(`p${p}`, at(a, p), at(b, p)));
}

// ---- failover -------------------------------------------------------------------------------

const isMaster = (s: NodeSegment): boolean => segmentClass(s) === 'seg-master';
const groupOf = (node: string): string => node.replace(/-\d+$/, '');

/** Whether some broker of the group is up as master at time t. */
function hasMaster(tracks: readonly NodeTrack[], t: Micros): boolean {
  return tracks.some((n) => n.segments.some((s) => s.fromUs <= t && t < s.toUs && isMaster(s)));
}

/**
 * For each fault that struck a broker group's master: how long the group had no master, from the
 * fault to the first moment a broker of the group was up as master again (a DLedger election, or
 * the classic master's own restart: classic groups do not fail over, model §3.4).
 */
export function failoverTimes(r: RunResult): Map<string, string> {
  const out = new Map<string, string>();
  const endUs = r.simulatedMs * 1000;
  for (const f of r.faults) {
    const brokers = f.nodes.filter((n) => r.nodes.find((t) => t.node === n)?.kind === 'broker');
    for (const g of new Set(brokers.map(groupOf))) {
      const tracks = r.nodes.filter((n) => n.kind === 'broker' && groupOf(n.node) === g);
      if (!hasMaster(tracks, f.startUs - 1)) continue;
      const starts = [...new Set(tracks.flatMap((n) => n.segments.map((s) => s.fromUs)))]
        .filter((t) => t >= f.startUs)
        .sort((x, y) => x - y);
      const lost = starts.find((t) => !hasMaster(tracks, t));
      const label = `${g} after ${f.verb} at ${formatDuration(f.startUs)}`;
      if (lost === undefined) {
        out.set(label, 'kept a master');
        continue;
      }
      const back = starts.find((t) => t > lost && hasMaster(tracks, t));
      out.set(
        label,
        back === undefined || back >= endUs
          ? `no master until the end (${seconds(endUs - f.startUs)})`
          : `master again after ${seconds(back - f.startUs)}`,
      );
    }
  }
  return out;
}

function failovers(a: RunResult, b: RunResult): DiffRow[] {
  const fa = failoverTimes(a);
  const fb = failoverTimes(b);
  const labels = [...new Set([...fa.keys(), ...fb.keys()])];
  return labels.map((l) => row(l, fa.get(l) ?? 'no such fault', fb.get(l) ?? 'no such fault'));
}

/** Every section of a diff; sections without rows are left out. */
export function compareRuns(a: RunResult, b: RunResult, changes: readonly DiffRow[]): DiffSection[] {
  const sections: DiffSection[] = [
    { title: 'What was changed', rows: changes },
    { title: 'Expectations', rows: expectations(a, b) },
    { title: 'Sends by status', rows: sends(a, b) },
    {
      title: 'Acknowledged messages lost',
      rows: [...figures(a, b, 'no-acked-loss', (k) => k !== 'lossWindowUs'), ...lossReasons(a, b, 2)],
    },
    {
      title: 'Availability (phases per fault: NameServer removal, route update, first OK send)',
      rows: figures(a, b, 'availability', () => true),
    },
    { title: 'Send latency (acknowledged sends)', rows: latency(a, b) },
    { title: 'Failover: time without a master', rows: failovers(a, b) },
  ];
  return sections.filter((s) => s.rows.length > 0);
}
