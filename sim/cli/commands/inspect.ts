// `rmqsim inspect <report.json> --at 2m05s clusterList | topicRoute -t TOPIC |
// consumerProgress -g GROUP | brokerStatus -b BROKER`: what mqadmin would
// have shown at that simulated instant, in mqadmin's layout. The report's
// scenario is replayed with its seed and bug switches up to the instant (the
// same seed and code give the same answer), then read like mqadmin reads a
// live cluster.
import { DurationError, formatDuration, parseDuration, type Micros } from '../../engine/index.js';
import {
  formatBrokerStatus,
  formatClusterList,
  formatConsumerProgress,
  formatTopicRoute,
  MQADMIN_VIEWS,
  type MqadminView,
} from '../../report/index.js';
import { inspectScenario, type AdminAt } from '../../scenario/index.js';
import { readReport, type CliIo } from '../io.js';
import { EXIT } from '../style.js';
import { checkBugsOrFail } from './common.js';
import { loadRecorded, parseReport } from './replay.js';

export interface InspectFlags {
  readonly at: string;
  readonly topic?: string;
  readonly group?: string;
  readonly broker?: string;
}

function isView(v: string): v is MqadminView {
  return (MQADMIN_VIEWS as readonly string[]).includes(v);
}

/** The option each view needs, or undefined when it has it. */
function missingOption(view: MqadminView, f: InspectFlags): string | undefined {
  if (view === 'topicRoute' && f.topic === undefined) return '-t <topic>';
  if (view === 'consumerProgress' && f.group === undefined) return '-g <group>';
  if (view === 'brokerStatus' && f.broker === undefined) return '-b <broker>';
  return undefined;
}

export function renderView(a: AdminAt, view: MqadminView, f: Omit<InspectFlags, 'at'>): string {
  switch (view) {
    case 'clusterList':
      return formatClusterList(a);
    case 'topicRoute':
      return formatTopicRoute(a, f.topic ?? '');
    case 'consumerProgress':
      return formatConsumerProgress(a, f.group ?? '');
    case 'brokerStatus':
      return formatBrokerStatus(a, f.broker ?? '');
  }
}

function usage(io: CliIo, message: string): number {
  io.stderr.write(`error: ${message}\n`);
  return EXIT.USAGE;
}

export function inspectCommand(io: CliIo, reportPath: string, view: string, flags: InspectFlags): number {
  if (!isView(view)) return usage(io, `inspect: unknown view "${view}"; expected one of ${MQADMIN_VIEWS.join(', ')}`);
  const missing = missingOption(view, flags);
  if (missing !== undefined) return usage(io, `inspect ${view} needs ${missing}`);
  let atUs: Micros;
  try {
    atUs = parseDuration(flags.at);
  } catch (e) {
    return usage(io, `--at: ${e instanceof DurationError ? e.message : String(e)}`);
  }
  const read = readReport(reportPath);
  const rec = read.ok ? parseReport(read.text) : read.reason;
  if (typeof rec === 'string')
    return usage(io, `${reportPath}: expected a report.json written by \`rmqsim run\`, found ${rec}`);
  const loaded = loadRecorded(io, rec, false);
  if (typeof loaded === 'number') return loaded;
  const s = loaded.scenario;
  if (atUs > s.durationUs)
    return usage(io, `--at ${flags.at} is after the end of the run (${s.name} lasts ${formatDuration(s.durationUs)})`);
  const bugCheck = checkBugsOrFail(io, rec.bugs, false);
  if (bugCheck !== EXIT.OK) return bugCheck;
  const a = inspectScenario(s, atUs, {
    seed: rec.seed,
    bugs: rec.bugs,
    ...(io.build !== undefined ? { build: io.build } : {}),
  });
  if (a === undefined) return usage(io, 'inspect: this cluster offers no admin view');
  io.stdout.write(`${renderView(a, view, flags)}\n`);
  return EXIT.OK;
}
