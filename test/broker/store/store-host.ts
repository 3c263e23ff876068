// Test harness: a process that owns one MessageStore, forwards the store's
// timers and fsync completions to it, and records what the listener hears.
// Tests act through `host.port` at chosen instants (sim.at) and inspect the
// store between runs, across crashes, restarts and power loss.
import {
  assert,
  DEFAULT_DISK,
  Simulation,
  type DiskCompletion,
  type DiskConfig,
  type Message,
  type NodeContext,
  type NodeId,
  type SimNode,
} from '../../../sim/engine/index.js';
import { resolveStoreConfig, type StoreConfig } from '../../../sim/broker/store/config.js';
import { Interner } from '../../../sim/base/index.js';
import {
  MessageStore,
  type PutMessageRequest,
  type RecoveryReport,
  type StoreListener,
} from '../../../sim/broker/store/message-store.js';
import { nodeId } from '../../../sim/engine/index.js';

export type Ctx = NodeContext<Message, string>;

export class StoreHost implements SimNode<Message, string>, StoreListener {
  store: MessageStore | undefined;
  context: Ctx | undefined;
  recovery: RecoveryReport | undefined;
  readonly durable: { putId: number; status: string; at: number }[] = [];
  readonly arrived: { topic: string; queueId: number; offset: number }[] = [];

  constructor(
    private readonly config: StoreConfig,
    private readonly interner: Interner,
    private readonly confirmMode: 'auto' | 'manual' = 'auto',
  ) {}

  get port(): Ctx {
    assert(this.context !== undefined, 'store host not started');
    return this.context;
  }

  get s(): MessageStore {
    assert(this.store !== undefined, 'store host not started');
    return this.store;
  }

  onStart(ctx: Ctx): void {
    this.context = ctx;
    this.store = new MessageStore({
      storeName: `store-${ctx.id}`,
      brokerName: 'broker-a',
      disk: ctx.disk,
      config: this.config,
      interner: this.interner,
      listener: this,
      confirmMode: this.confirmMode,
    });
    this.recovery = this.store.start(ctx);
  }

  onMessage(): void {}
  onReply(): void {}
  onChannelClosed(): void {}

  onTimer(ctx: Ctx, name: string): void {
    this.s.runTicks(ctx);
    assert(this.s.handleTimer(ctx, name), `unexpected timer ${name}`);
  }

  onDiskDone(ctx: Ctx, done: DiskCompletion): void {
    this.s.runTicks(ctx);
    assert(this.s.handleDiskDone(ctx, done), `unexpected fsync of ${done.path}`);
  }

  /** The flush ticks are computed (MessageStore.runTicks): due ones run before the process stops or is observed. */
  onSettle(ctx: Ctx): void {
    this.store?.runTicks(ctx);
  }

  onResume(ctx: Ctx): void {
    this.store?.resumed(ctx.now());
  }

  onClockSkew(_ctx: Ctx, deltaUs: number): void {
    this.store?.clockMoved(deltaUs);
  }

  onPutDurable(putId: number, status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT'): void {
    this.durable.push({ putId, status, at: this.port.now() });
  }

  onMessageArrived(topic: string, queueId: number, queueOffset: number): void {
    this.arrived.push({ topic, queueId, offset: queueOffset });
  }
}

export interface Rig {
  readonly sim: Simulation<Message, string>;
  readonly interner: Interner;
  readonly id: NodeId;
  /** The live host instance (a new one after each restart). */
  host(): StoreHost;
}

export function makeRig(
  opts: {
    seed?: number;
    config?: Partial<StoreConfig>;
    disk?: Partial<DiskConfig>;
    confirmMode?: 'auto' | 'manual';
    name?: string;
  } = {},
): Rig {
  const sim = new Simulation<Message, string>({
    seed: opts.seed ?? 1,
    describeEvent: (e) => e,
    disk: { ...DEFAULT_DISK, ...opts.disk },
  });
  const interner = new Interner();
  const config = resolveStoreConfig(opts.config);
  const name = opts.name ?? 'b0';
  const id = sim.addNode(name, () => new StoreHost(config, interner, opts.confirmMode ?? 'auto'));
  // Tests act on the store from outside its handlers (sim.at): it catches up its computed flush ticks first.
  const host = (): StoreHost => {
    const h = sim.instance(nodeId(name));
    assert(h instanceof StoreHost, `${name} is down`);
    if (h.context !== undefined) h.s.runTicks(h.context);
    return h;
  };
  return { sim, interner, id, host };
}

let uidSeq = 0;

/** The fields every test message shares: 100 bytes, no keys, born at 0, not a retry. */
export const messageFields = (topic: string, queueId: number, uid: number): PutMessageRequest => ({
  topic,
  queueId,
  uid,
  keys: '',
  bodyBytes: 100,
  bornTimestampUs: 0,
  reconsumeTimes: 0,
  originUid: uid,
  originTopic: topic,
});

/** A put request with test defaults. */
export function msg(topic: string, queueId: number, extra: Partial<PutMessageRequest> = {}): PutMessageRequest {
  return { ...messageFields(topic, queueId, ++uidSeq), ...extra };
}

export interface Sent {
  readonly uid: number;
  readonly atUs: number;
  readonly queueOffset: number;
  readonly putId: number;
  readonly status: string;
}

/** Puts one message to topic T every `everyUs` (round-robin over `queues`) while the node is up, until `untilUs`. */
export function drive(
  rig: Rig,
  opts: { everyUs: number; untilUs: number; bodyBytes: number; queues?: number; wait?: boolean },
): Sent[] {
  const sent: Sent[] = [];
  const queues = opts.queues ?? 1;
  let k = 0;
  const tick = (): void => {
    if (rig.sim.isUp(rig.id)) {
      const h = rig.host();
      const req = msg('T', k++ % queues, { bodyBytes: opts.bodyBytes, waitStoreMsgOK: opts.wait ?? true });
      const r = h.s.putMessage(h.port, req);
      sent.push({ uid: req.uid, atUs: rig.sim.now, queueOffset: r.queueOffset, putId: r.putId, status: r.status });
    }
    if (rig.sim.now + opts.everyUs <= opts.untilUs) rig.sim.at(rig.sim.now + opts.everyUs, tick);
  };
  rig.sim.at(Math.max(rig.sim.now, 1), tick);
  return sent;
}

/** Every uid stored in the live store's queues T/0..queues-1, in commit-log order. */
export function storedUids(h: StoreHost, queues = 1): number[] {
  const out: { uid: number; phy: number }[] = [];
  for (let q = 0; q < queues; q++) {
    for (let off = h.s.minOffsetInQueue('T', q); off < h.s.maxOffsetInQueue('T', q);) {
      const r = h.s.getMessage('T', q, off, 32);
      for (const m of r.messages) out.push({ uid: m.uid, phy: m.commitLogOffset });
      off = r.nextBeginOffset;
    }
  }
  return out.sort((a, b) => a.phy - b.phy).map((x) => x.uid);
}
