// The broker's topic table and its DataVersion (§2.2): what every
// registration carries to the NameServers. A send to an unknown topic creates
// it when autoCreateTopicEnable is on; a CLUSTERING consumer's heartbeat
// creates its retry topic; every creation bumps the data version so the next
// registration replaces the NameServers' QueueData. Slaves take the master's
// table through SlaveSynchronize.
// Models [R4 broker/topic/TopicConfigManager.java] and [R4 DV] DataVersion.
import type { Micros } from '../engine/index.js';
import { PERM_RW, type DataVersion, type TopicConfig } from '../protocol/index.js';

/** The schedule topic of delayed messages and retries [R4 TV] SCHEDULE_TOPIC_XXXX. */
export const SCHEDULE_TOPIC = 'SCHEDULE_TOPIC_XXXX';

export class TopicConfigManager {
  private readonly topics = new Map<string, TopicConfig>();
  private version: DataVersion = { timestamp: 0, counter: 0 };
  /** all()'s sorted list, built once per data version (every registration and slave sync carries it). */
  private sorted: readonly TopicConfig[] | undefined;
  /** The master's list this table was last compared with or taken from, while this table has not changed since. */
  private syncedFrom: readonly TopicConfig[] | undefined;
  /** The last topic looked up and its config: every send and pull looks its topic up, nearly always the same one. */
  private lastTopic: string | undefined;
  private lastConfig: TopicConfig | undefined;

  constructor(initial: readonly TopicConfig[], nowUs: Micros) {
    for (const t of initial) this.topics.set(t.topic, t);
    this.version = { timestamp: nowUs, counter: 0 };
  }

  get dataVersion(): DataVersion {
    return this.version;
  }

  get(topic: string): TopicConfig | undefined {
    if (topic === this.lastTopic) return this.lastConfig;
    const config = this.topics.get(topic);
    this.lastTopic = topic;
    this.lastConfig = config;
    return config;
  }

  /** All topics sorted by name (what REGISTER_BROKER carries); the same frozen list until the table changes. */
  all(): readonly TopicConfig[] {
    this.sorted ??= Object.freeze(
      [...this.topics.values()].sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0)),
    );
    return this.sorted;
  }

  /**
   * Creates `topic` with `queueNums` read and write queues if it does not
   * exist. Returns true when it was created (the caller re-registers).
   */
  createIfAbsent(topic: string, queueNums: number, nowUs: Micros): boolean {
    if (this.topics.has(topic)) return false;
    this.topics.set(topic, { topic, readQueueNums: queueNums, writeQueueNums: queueNums, perm: PERM_RW, order: false });
    this.bump(nowUs);
    return true;
  }

  /** SlaveSynchronize: take the master's table (only when it differs). Returns true on change. */
  replaceAll(topics: readonly TopicConfig[], nowUs: Micros): boolean {
    // The master's all() is one frozen list per data version: the very list seen last time cannot differ.
    if (topics === this.syncedFrom) return false;
    const same =
      topics.length === this.topics.size &&
      topics.every((t) => {
        const mine = this.topics.get(t.topic);
        return (
          mine !== undefined &&
          mine.readQueueNums === t.readQueueNums &&
          mine.writeQueueNums === t.writeQueueNums &&
          mine.perm === t.perm
        );
      });
    if (same) {
      this.syncedFrom = topics;
      return false;
    }
    this.topics.clear();
    for (const t of topics) this.topics.set(t.topic, t);
    this.bump(nowUs);
    this.syncedFrom = topics;
    return true;
  }

  private bump(nowUs: Micros): void {
    this.lastTopic = undefined;
    this.sorted = undefined;
    this.syncedFrom = undefined;
    this.version = { timestamp: nowUs, counter: this.version.counter + 1 };
  }
}
