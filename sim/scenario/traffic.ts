// Messages in flight, aggregated for the replay viewer: deliveries (and drops)
// counted per time bucket, per pair of nodes and per kind of traffic
// (heartbeat, vote, registration, send, pull, replication, route query), so
// the viewer can draw the flagship's load smoothly without one record per
// message. A hot trace sink: it only counts, it never feeds back.
import type { KernelEvent, Micros, NodeId, TraceSink } from '../engine/index.js';
import type { ClusterEvent } from '../protocol/index.js';

export const TRAFFIC_KINDS = [
  'send',
  'pull',
  'heartbeat',
  'vote',
  'register',
  'replicate',
  'route',
  'other',
  'dropped',
] as const;
export type TrafficKind = (typeof TRAFFIC_KINDS)[number];

/** The viewer's bucket: fine enough to see a vote round, coarse enough to stay small (§ viewer size in README). */
export const DEFAULT_TRAFFIC_BUCKET_US: Micros = 500_000;

/** The kind of a wire message, by its RocketMQ / DLedger request code (responses follow their request). */
export function trafficKind(type: string): TrafficKind {
  if (type.startsWith('SEND_MESSAGE') || type === 'CONSUMER_SEND_MSG_BACK') return 'send';
  if (type.startsWith('PULL_MESSAGE')) return 'pull';
  if (type === 'HEART_BEAT' || type.startsWith('DLEDGER_HEARTBEAT')) return 'heartbeat';
  if (type.startsWith('DLEDGER_VOTE')) return 'vote';
  if (type.startsWith('REGISTER_BROKER') || type === 'UNREGISTER_BROKER') return 'register';
  if (type.startsWith('DLEDGER_PUSH') || type.startsWith('HA_')) return 'replicate';
  if (type === 'GET_ROUTEINFO_BY_TOPIC' || type === 'ROUTEINFO_RESPONSE') return 'route';
  return 'other';
}

/** Counts as flat rows [bucket, from, to, kind, count] over indexes into `nodes` and TRAFFIC_KINDS. */
export interface TrafficCounts {
  readonly bucketUs: Micros;
  readonly nodes: readonly string[];
  readonly kinds: readonly TrafficKind[];
  readonly rows: readonly (readonly [number, number, number, number, number])[];
}

export class TrafficRecorder implements TraceSink<ClusterEvent> {
  readonly wantsHotEvents = true;
  private readonly nodes = new Map<string, number>();
  /** bucket -> "from,to,kind" key -> count; buckets arrive in time order. */
  private readonly buckets = new Map<number, Map<number, number>>();

  constructor(private readonly bucketUs: Micros = DEFAULT_TRAFFIC_BUCKET_US) {}

  onKernel(t: Micros, e: KernelEvent): void {
    if (e.kind !== 'deliver' && e.kind !== 'drop') return;
    const kind = e.kind === 'drop' ? TRAFFIC_KINDS.indexOf('dropped') : TRAFFIC_KINDS.indexOf(trafficKind(e.type));
    const key = (this.index(e.from) * 4096 + this.index(e.to)) * 16 + kind;
    const b = Math.floor(t / this.bucketUs);
    let cells = this.buckets.get(b);
    if (cells === undefined) this.buckets.set(b, (cells = new Map<number, number>()));
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }

  result(): TrafficCounts {
    const rows: [number, number, number, number, number][] = [];
    for (const [b, cells] of this.buckets) {
      for (const [key, count] of cells)
        rows.push([b, Math.floor(key / 16 / 4096), Math.floor(key / 16) % 4096, key % 16, count]);
    }
    return { bucketUs: this.bucketUs, nodes: [...this.nodes.keys()], kinds: TRAFFIC_KINDS, rows };
  }

  private index(node: NodeId): number {
    let i = this.nodes.get(node);
    if (i === undefined) this.nodes.set(node, (i = this.nodes.size));
    return i;
  }
}
