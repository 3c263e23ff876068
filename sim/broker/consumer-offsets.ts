// Broker-side consumer offsets (§3.9): a table (topic, group, queueId) ->
// offset, committed by clients (UPDATE_CONSUMER_OFFSET, or piggybacked on a
// pull to a master), persisted to consumerOffset.json every 5 s, reloaded on
// restart from the last persisted copy, and overwritten on a slave by the
// master's table every 10 s (SlaveSynchronize). This lossy, periodically
// copied state is the main source of duplicates after a failover.
// Models [R4 broker/offset/ConsumerOffsetManager.java].
import { PairKeys, type DiskView } from '../engine/index.js';
import type { ConsumerOffsetEntry } from '../protocol/index.js';

export const CONSUMER_OFFSET_FILE = 'config/consumerOffset.json';

const key = (topic: string, group: string): string => `${topic}@${group}`;

export interface OverwriteResult {
  /** Entries whose value changed. */
  readonly changed: number;
  /** Entries that went backwards: offsets the consumers will be re-served. */
  readonly movedBack: number;
}

export class ConsumerOffsetManager {
  /** "topic@group" -> queueId -> offset. Insertion order follows deterministic message order. */
  private table = new Map<string, Map<number, number>>();
  private readonly groups = new Map<string, { readonly topic: string; readonly group: string }>();
  /** "topic@group" for (topic, group): every pull commits, so the key is built once, not per commit. */
  private readonly keys = new PairKeys<string>(key);
  /** The table differs from the last consumerOffset.json written (or loaded). */
  private dirty = false;
  /** Called when the table first differs from the file: the 5 s persist task has work again. */
  onDirty: () => void = () => undefined;

  /** Whether a persist would write anything new. */
  get isDirty(): boolean {
    return this.dirty;
  }

  private markDirty(): void {
    if (this.dirty) return;
    this.dirty = true;
    this.onDirty();
  }

  commit(group: string, topic: string, queueId: number, offset: number): void {
    const k = this.keyOf(topic, group);
    let queues = this.table.get(k);
    if (queues === undefined) {
      queues = new Map();
      this.table.set(k, queues);
      this.groups.set(k, { topic, group });
    }
    if (queues.get(queueId) === offset) return;
    queues.set(queueId, offset);
    this.markDirty();
  }

  /** The stored offset, or -1 when the group never committed one for this queue. */
  query(group: string, topic: string, queueId: number): number {
    return this.table.get(this.keyOf(topic, group))?.get(queueId) ?? -1;
  }

  private keyOf(topic: string, group: string): string {
    return this.keys.of(topic, group);
  }

  /** The whole table, sorted (topic, group, queueId), as SlaveSynchronize ships it. */
  entries(): ConsumerOffsetEntry[] {
    const out: ConsumerOffsetEntry[] = [];
    for (const [k, queues] of this.table) {
      const id = this.groups.get(k);
      if (id === undefined) continue;
      for (const [queueId, offset] of queues) out.push({ group: id.group, topic: id.topic, queueId, offset });
    }
    out.sort((a, b) =>
      a.topic !== b.topic
        ? a.topic < b.topic
          ? -1
          : 1
        : a.group !== b.group
          ? a.group < b.group
            ? -1
            : 1
          : a.queueId - b.queueId,
    );
    return out;
  }

  /**
   * SlaveSynchronize: the master's table is put over this one [R4 SS
   * syncConsumerOffset: `getOffsetTable().putAll(...)`]. The table maps
   * "topic@group" to that group's whole queue map, so for every topic@group
   * the master ships, its map replaces ours (queues only we knew are gone);
   * topic@group keys the master does not know stay.
   */
  overwriteFrom(master: readonly ConsumerOffsetEntry[]): OverwriteResult {
    const incoming = new Map<string, Map<number, number>>();
    for (const e of master) {
      const k = key(e.topic, e.group);
      let queues = incoming.get(k);
      if (queues === undefined) {
        queues = new Map();
        incoming.set(k, queues);
        this.groups.set(k, { topic: e.topic, group: e.group });
      }
      queues.set(e.queueId, e.offset);
    }
    let changed = 0;
    let movedBack = 0;
    for (const [k, queues] of incoming) {
      const old = this.table.get(k) ?? new Map<number, number>();
      for (const [queueId, offset] of queues) {
        const before = old.get(queueId) ?? -1;
        if (before === offset) continue;
        changed++;
        if (before > offset) movedBack++;
      }
      for (const queueId of old.keys()) if (!queues.has(queueId)) changed++;
      this.table.set(k, queues);
    }
    if (changed > 0) this.markDirty();
    return { changed, movedBack };
  }

  /**
   * Writes consumerOffset.json. NB: RocketMQ's string2File does not fsync;
   * the OS writes dirty pages back within seconds, which the simulated disk
   * approximates by an fsync right away (so power loss keeps the last file),
   * whose completion nothing waits for (no event: fsyncDetached).
   */
  persist(disk: DiskView): void {
    const text = JSON.stringify(this.entries());
    if (!disk.writeFile(CONSUMER_OFFSET_FILE, text)) return;
    disk.fsyncDetached(CONSUMER_OFFSET_FILE);
    this.dirty = false;
  }

  /** Loads the last persisted copy; returns how many entries it held. */
  load(disk: DiskView): number {
    const text = disk.readFile(CONSUMER_OFFSET_FILE);
    this.table = new Map();
    this.groups.clear();
    if (text === undefined) return 0;
    const parsed = JSON.parse(text) as ConsumerOffsetEntry[];
    for (const e of parsed) this.commit(e.group, e.topic, e.queueId, e.offset);
    this.dirty = false;
    return parsed.length;
  }
}
