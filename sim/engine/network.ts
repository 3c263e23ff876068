// The simulated network. RocketMQ speaks over long-lived TCP connections, so
// the default link is a FIFO channel per ordered (from, to) pair with a
// sampled latency. Faults: symmetric and one-way partitions, added latency
// and jitter, and (for protocol stress) packet-level loss, duplication and
// reordering. Link state lives in flat typed arrays indexed from * cap + to.
// Each link draws from its own random stream (latency, jitter, loss, reorder,
// duplication), derived from the endpoints' names on first use and cached
// here, so traffic on one link never shifts the draws of another.
import { assert, fail } from '../base/index.js';
import { lognormalSampler, type LognormalSampler } from './lognormal-sampler.js';
import { PER_MILLION, type PerMillion, type RandomStream } from './rng.js';
import { laterOf, type Micros } from './time.js';

export type LatencyModel =
  | { readonly kind: 'fixed'; readonly us: Micros }
  | { readonly kind: 'uniform'; readonly minUs: Micros; readonly maxUs: Micros }
  | { readonly kind: 'lognormal'; readonly medianUs: Micros; readonly sigma: number };

export interface NetworkConfig {
  /** One-way latency of a healthy link. */
  readonly latency: LatencyModel;
}

/** A LAN: one-way median 250 us, lognormal tail. */
export const DEFAULT_NETWORK: NetworkConfig = {
  latency: { kind: 'lognormal', medianUs: 250, sigma: 0.25 },
};

/** Packet-level faults of a link; the probabilities are per million (toPerMillion at the YAML edge). */
export interface PacketFaults {
  /** Chance a message is lost. */
  readonly loss: PerMillion;
  /** Chance a message is delivered twice. */
  readonly duplicate: PerMillion;
  /** Chance a message ignores FIFO order (extra delay up to reorderWindowUs). */
  readonly reorder: PerMillion;
  readonly reorderWindowUs: Micros;
}

const NEVER = 0 as PerMillion;

/** Network.latencyKind values. */
const FIXED = 0;
const UNIFORM = 1;
const LOGNORMAL = 2;
export const NO_PACKET_FAULTS: PacketFaults = { loss: NEVER, duplicate: NEVER, reorder: NEVER, reorderWindowUs: 0 };

export class Network {
  private cap = 0;
  private blocked: Uint8Array = new Uint8Array(0);
  private extraUs: Float64Array = new Float64Array(0);
  private jitterUs: Float64Array = new Float64Array(0);
  /** Per-million chances: integers up to 10^6, exact in an Int32Array. */
  private loss: Int32Array = new Int32Array(0);
  private dup: Int32Array = new Int32Array(0);
  private reorder: Int32Array = new Int32Array(0);
  private reorderWindow: Float64Array = new Float64Array(0);
  private lastArrival: Float64Array = new Float64Array(0);
  private linked: Uint8Array = new Uint8Array(0);
  /**
   * 1 when the link is cut or has a latency or packet fault (any of the arrays above but
   * lastArrival and linked non-zero), else 0: the send path's one load for a healthy link.
   */
  private faulty: Uint8Array = new Uint8Array(0);
  /** Each link's stream, made by `streamOf` on first use. */
  private linkRng: (RandomStream | undefined)[] = [];

  /** The latency model as numbers: its kind (FIXED, UNIFORM, LOGNORMAL) and parameters (us; min, max; the lognormal's are its sampler's). */
  private readonly latencyKind: number;
  private readonly latencyA: number;
  private readonly latencyB: number;
  /** The lognormal model's sampler (a table built once per median and sigma), else undefined. */
  private readonly lognormal: LognormalSampler | undefined;

  /** `streamOf(from, to)` derives the stream of one link (the kernel names it by the endpoints' names). */
  constructor(
    readonly config: NetworkConfig,
    private readonly streamOf: (from: number, to: number) => RandomStream,
  ) {
    const m = config.latency;
    this.lognormal = m.kind === 'lognormal' ? lognormalSampler(m.medianUs, m.sigma) : undefined;
    switch (m.kind) {
      case 'fixed':
        [this.latencyKind, this.latencyA, this.latencyB] = [FIXED, m.us, 0];
        break;
      case 'uniform':
        [this.latencyKind, this.latencyA, this.latencyB] = [UNIFORM, m.minUs, m.maxUs];
        break;
      case 'lognormal':
        [this.latencyKind, this.latencyA, this.latencyB] = [LOGNORMAL, 0, 0];
        break;
    }
  }

  /** Makes room for node indexes below n. */
  ensureCapacity(n: number): void {
    if (n <= this.cap) return;
    let cap = Math.max(8, this.cap);
    while (cap < n) cap *= 2;
    const old = this.cap;
    const cells = cap * cap;
    /** Copies each row of an old-width grid into `next`, a grid `cap` wide. */
    const regrid = <T extends Float64Array | Int32Array | Uint8Array>(arr: T, next: T): T => {
      for (let i = 0; i < old; i++) next.set(arr.subarray(i * old, i * old + old), i * cap);
      return next;
    };
    this.blocked = regrid(this.blocked, new Uint8Array(cells));
    this.extraUs = regrid(this.extraUs, new Float64Array(cells));
    this.jitterUs = regrid(this.jitterUs, new Float64Array(cells));
    this.loss = regrid(this.loss, new Int32Array(cells));
    this.dup = regrid(this.dup, new Int32Array(cells));
    this.reorder = regrid(this.reorder, new Int32Array(cells));
    this.reorderWindow = regrid(this.reorderWindow, new Float64Array(cells));
    this.lastArrival = regrid(this.lastArrival, new Float64Array(cells));
    this.linked = regrid(this.linked, new Uint8Array(cells));
    this.faulty = regrid(this.faulty, new Uint8Array(cells));
    const rngs = new Array<RandomStream | undefined>(cells).fill(undefined);
    for (let i = 0; i < old; i++) for (let j = 0; j < old; j++) rngs[i * cap + j] = this.linkRng[i * old + j];
    this.linkRng = rngs;
    this.cap = cap;
  }

  isBlocked(from: number, to: number): boolean {
    return this.blocked[from * this.cap + to] !== 0;
  }

  /** No partition, latency or packet fault over from -> to: a message takes fifoArrival (one latency draw, FIFO). */
  isHealthy(from: number, to: number): boolean {
    return this.faulty[from * this.cap + to] === 0;
  }

  /**
   * When a message sent now from `from` to `to` arrives, or -1 if it is lost.
   * FIFO per channel: never earlier than the previous arrival on the same
   * channel, unless the packet-level reorder fault picks this message.
   */
  arrivalTime(from: number, to: number, now: Micros): Micros {
    const link = from * this.cap + to;
    const rng = this.rngOf(link, from, to);
    let latency = this.sampleBase(rng) + (this.extraUs[link] as number);
    const jitter = this.jitterUs[link] as number;
    if (jitter > 0) latency += rng.int(0, jitter);
    const loss = this.loss[link] as PerMillion;
    if (loss > 0 && rng.chance(loss)) return -1;
    const reorder = this.reorder[link] as PerMillion;
    if (reorder > 0 && rng.chance(reorder)) {
      return now + latency + rng.int(0, this.reorderWindow[link] as number);
    }
    return this.fifo(link, now + latency);
  }

  /** Whether the packet-level duplication fault copies this message. */
  duplicates(from: number, to: number): boolean {
    const link = from * this.cap + to;
    const p = this.dup[link] as PerMillion;
    return p > 0 && this.rngOf(link, from, to).chance(p);
  }

  /** Latency of a control signal from -> to that travels on no channel (a refused connection's RST), drawn from that link's stream. */
  signalDelay(from: number, to: number): Micros {
    const link = from * this.cap + to;
    return this.sampleBase(this.rngOf(link, from, to));
  }

  /**
   * When something sent now from `from` to `to` arrives after the base latency, in FIFO order on
   * the channel: arrivalTime on a healthy link, and the close of a connection (a FIN or RST
   * travels on the connection itself, so it never overtakes data sent on it before the close:
   * data in flight is delivered first, then the close).
   */
  fifoArrival(from: number, to: number, now: Micros): Micros {
    const link = from * this.cap + to;
    return this.fifo(link, now + this.sampleBase(this.rngOf(link, from, to)));
  }

  /** Records that a TCP connection exists between a and b (both directions). */
  link(a: number, b: number): void {
    this.linked[a * this.cap + b] = 1;
    this.linked[b * this.cap + a] = 1;
  }

  unlink(a: number, b: number): void {
    this.linked[a * this.cap + b] = 0;
    this.linked[b * this.cap + a] = 0;
  }

  isLinked(a: number, b: number): boolean {
    return this.linked[a * this.cap + b] === 1;
  }

  /** Peers connected to `node`, in index order, and forgets those connections. */
  takePeers(node: number, count: number): number[] {
    const peers: number[] = [];
    for (let p = 0; p < count; p++) {
      if (p !== node && this.isLinked(node, p)) {
        peers.push(p);
        this.unlink(node, p);
      }
    }
    return peers;
  }

  /** One more partition cuts from -> to (counted: a link stays cut until every partition over it is repaired). */
  block(from: number, to: number): void {
    const i = from * this.cap + to;
    const n = this.blocked[i] ?? 0;
    if (n === 255) fail(`link ${from} -> ${to}: 255 partitions over one link`);
    this.blocked[i] = n + 1;
    this.refresh(i);
  }

  /** One partition over from -> to is repaired. */
  unblock(from: number, to: number): void {
    const i = from * this.cap + to;
    const n = this.blocked[i] ?? 0;
    if (n === 0) fail(`link ${from} -> ${to}: repaired more often than cut`);
    this.blocked[i] = n - 1;
    this.refresh(i);
  }

  healAll(): void {
    this.blocked.fill(0);
    for (let i = 0; i < this.faulty.length; i++) this.refresh(i);
  }

  setLatency(from: number, to: number, extraUs: Micros, jitterUs: Micros): void {
    const link = from * this.cap + to;
    this.extraUs[link] = extraUs;
    this.jitterUs[link] = jitterUs;
    this.refresh(link);
  }

  setPacketFaults(from: number, to: number, f: PacketFaults): void {
    for (const p of [f.loss, f.duplicate, f.reorder])
      assert(p >>> 0 === p && p <= PER_MILLION, `packet fault chance ${p} is not a per-million in 0..${PER_MILLION}`);
    const link = from * this.cap + to;
    this.loss[link] = f.loss;
    this.dup[link] = f.duplicate;
    this.reorder[link] = f.reorder;
    this.reorderWindow[link] = f.reorderWindowUs;
    this.refresh(link);
  }

  /** Recomputes the link's faulty byte after one of its faults changed. */
  private refresh(link: number): void {
    const any =
      this.blocked[link] !== 0 ||
      this.extraUs[link] !== 0 ||
      this.jitterUs[link] !== 0 ||
      this.loss[link] !== 0 ||
      this.dup[link] !== 0 ||
      this.reorder[link] !== 0;
    this.faulty[link] = any ? 1 : 0;
  }

  /** Books an arrival at `at` on the channel `link`, no earlier than the one before it. */
  private fifo(link: number, at: Micros): Micros {
    const arrival = laterOf(at, this.lastArrival[link] as number);
    this.lastArrival[link] = arrival;
    return arrival;
  }

  /** The stream of link from -> to (index `link`), derived on its first draw. */
  private rngOf(link: number, from: number, to: number): RandomStream {
    const known = this.linkRng[link];
    if (known !== undefined) return known;
    const made = this.streamOf(from, to);
    this.linkRng[link] = made;
    return made;
  }

  private sampleBase(rng: RandomStream): Micros {
    // NB: hot path (every message): the model's numbers were read once, in the constructor.
    if (this.lognormal !== undefined) return this.lognormal.sample(rng.next());
    if (this.latencyKind === UNIFORM) return rng.int(this.latencyA, this.latencyB);
    return this.latencyA;
  }
}
