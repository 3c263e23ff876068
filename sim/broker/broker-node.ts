// The Broker process: one ClusterNode per broker, thin, delegating each
// concern to its own service (registration, send, pull + long polling,
// client registry, consumer offsets, SlaveSynchronize, schedule service,
// classic HA master/slave, DLedger role handling, capacity queues).
// Models [R4 BC] BrokerController (start, handleSlaveSynchronize,
// changeToMaster/changeToSlave) and its request dispatch table.
//
// Construction (the cluster builder): `new BrokerNode({ config, interner, store })`
// inside the node factory, so every restart gets a fresh process that recovers
// from the host disk. `config` comes from resolveBrokerConfig; `interner` is the
// one shared store Interner of the run; `store` overrides StoreConfig fields.
import { assert, fail, GridTicker, type DiskCompletion, type NodeId, type RpcOutcome } from '../engine/index.js';
import type {
  ClusterContext,
  ClusterNode,
  ClusterTimer,
  PullMessage,
  SendMessage,
  WireMessage,
} from '../protocol/index.js';
import { BrokerCore } from './broker-core.js';
import { admitRequest, drainQueue } from './capacity.js';
import { ClientManageProcessor } from './client-manage-processor.js';
import type { BrokerConfig } from './config.js';
import { DLedgerBroker, type DLedgerBrokerOptions } from './dledger-broker.js';
import { routeRequest } from './request-router.js';
import { HA_MASTER_TIMER, HaMaster } from './ha-master.js';
import { HA_SLAVE_TIMER, HaSlave } from './ha-slave.js';
import { PULL_HOLD_TIMER } from './pull-hold-service.js';
import { PullProcessor } from './pull-processor.js';
import { REGISTER_TIMER, RegisterService } from './register-service.js';
import { BrokerRoleServices } from './role-services.js';
import { ScheduleService } from './schedule-service.js';
import { PUT_WAIT_TIMER, SendProcessor } from './send-processor.js';
import { ServiceQueue } from './service-queue.js';
import { catchUpComputed } from './computed-work.js';
import { SLAVE_SYNC_TIMER, SlaveSynchronize } from './slave-sync.js';
import { resolveStoreConfig, type StoreConfig } from './store/config.js';
import type { Interner } from '../engine/index.js';
import { MessageStore, STORE_TIMER_PREFIX, type StoreListener } from './store/message-store.js';

export interface BrokerNodeOptions {
  readonly config: BrokerConfig;
  /** The run's one shared Interner (records carry interned topic and key numbers). */
  readonly interner: Interner;
  /** StoreConfig overrides; flushDiskType and brokerRole always follow `config`. */
  readonly store?: Partial<StoreConfig>;
  /** DLedger mode: Raft config overrides. */
  readonly dledger?: DLedgerBrokerOptions;
}

const OFFSET_FLUSH_TIMER = 'offset-flush';
const CLIENT_SCAN_TIMER = 'client-scan';
const CAP_SEND_TIMER = 'cap-send';
const CAP_PULL_TIMER = 'cap-pull';

/** The services of one running incarnation. */
export interface Services {
  readonly core: BrokerCore;
  readonly register: RegisterService;
  readonly send: SendProcessor;
  readonly pull: PullProcessor;
  readonly clients: ClientManageProcessor;
  readonly schedule: ScheduleService;
  readonly slaveSync: SlaveSynchronize;
  readonly haMaster: HaMaster;
  readonly haSlave: HaSlave;
  readonly roles: BrokerRoleServices;
  readonly dledger: DLedgerBroker | undefined;
  readonly sendQueue: ServiceQueue<SendMessage>;
  readonly pullQueue: ServiceQueue<PullMessage>;
  /** ConsumerOffsetManager's 5 s persist task; asleep while the table matches the file. */
  readonly offsetFlush: GridTicker;
  /** [R4 CHS] ClientHousekeepingService's 10 s scan; asleep while no client is registered (a scan could drop nothing). */
  readonly clientScan: GridTicker;
}

export class BrokerNode implements ClusterNode, StoreListener {
  private s: Services | undefined;
  private readonly runSend = (from: NodeId, rpcId: number, msg: SendMessage): void =>
    this.svc().send.handle(from, rpcId, msg);
  private readonly runPull = (from: NodeId, rpcId: number, msg: PullMessage): void =>
    this.svc().pull.handle(from, rpcId, msg, true);

  constructor(readonly options: BrokerNodeOptions) {}

  /** The running incarnation's shared state (tests, selectors, checkers); undefined before start. */
  get core(): BrokerCore | undefined {
    return this.s?.core;
  }

  get store(): MessageStore | undefined {
    return this.s?.core.store;
  }

  get dledger(): DLedgerBroker | undefined {
    return this.s?.dledger;
  }

  /** The schedule service's next offset per delay level (tests); undefined before start. */
  get delayOffsets(): readonly number[] | undefined {
    return this.s?.schedule.delayOffsets;
  }

  onStart(ctx: ClusterContext): void {
    const config = this.options.config;
    const dledgerMode = config.mode.kind === 'dledger';
    const initialRole = config.mode.kind === 'classic' ? config.mode.brokerRole : 'SLAVE';
    const store = new MessageStore({
      storeName: ctx.id,
      brokerName: config.brokerName,
      disk: ctx.disk,
      interner: this.options.interner,
      listener: this,
      config: resolveStoreConfig({
        ...this.options.store,
        flushDiskType: config.flushDiskType,
        brokerRole: initialRole,
      }),
      confirmMode: dledgerMode ? 'manual' : 'auto',
      overflowCorrectsToMin: config.bugs.overflowCorrectsToMin,
    });
    const report = store.start(ctx);
    const core = new BrokerCore(ctx, config, store, this.options.interner);
    core.emit({
      kind: 'broker.recovered',
      broker: ctx.id,
      summary:
        `${report.abnormal ? 'abnormal (abort file found)' : 'normal'} recovery, ${report.records} record(s) up to offset ${report.maxPhysicalOffset}` +
        `, ${report.truncatedRecords} torn/lost record(s) truncated, ${report.truncatedQueueEntries} queue entr(ies) dropped, ${report.redispatched} re-dispatched`,
    });
    const reloaded = core.offsets.load(ctx.disk);
    if (reloaded > 0) core.emit({ kind: 'broker.offsets-reloaded', broker: ctx.id, entries: reloaded });
    this.s = this.wire(core);
    const s = this.s;
    s.schedule.load();
    s.offsetFlush.start(ctx);
    core.offsets.onDirty = (): void => void s.offsetFlush.wake(ctx);
    s.clientScan.start(ctx);
    s.register.start();
    if (s.dledger !== undefined) s.dledger.start();
    else s.roles.applyClassicRole();
  }

  private wire(core: BrokerCore): Services {
    const t = core.config.capacity;
    const send = new SendProcessor(core);
    const register = new RegisterService(core);
    const clients = new ClientManageProcessor(core);
    const schedule = new ScheduleService(core, (req, done) =>
      send.rePut(req, (status) => done(status === 'PUT_OK', status)),
    );
    const slaveSync = new SlaveSynchronize(core, schedule);
    const haMaster = new HaMaster(core, send);
    const haSlave = new HaSlave(core);
    const roles = new BrokerRoleServices(core, { register, send, schedule, slaveSync, haMaster, haSlave });
    const dledger =
      core.config.mode.kind === 'dledger'
        ? new DLedgerBroker(core, send, roles, this.options.dledger ?? {})
        : undefined;
    send.replication = dledger ?? haMaster;
    const onTopicCreated = (): void => register.registerAll();
    send.onTopicCreated = onTopicCreated;
    clients.onTopicCreated = onTopicCreated;
    send.onScheduled = (level, at): void => schedule.onScheduled(level, at);
    return {
      core,
      register,
      send,
      pull: new PullProcessor(core),
      clients,
      schedule,
      slaveSync,
      haMaster,
      haSlave,
      roles,
      dledger,
      sendQueue: new ServiceQueue<SendMessage>(
        CAP_SEND_TIMER,
        t.sendServiceTimeUs,
        t.sendQueueWaitLimitUs,
        t.sendQueueCapacity,
      ),
      pullQueue: new ServiceQueue<PullMessage>(
        CAP_PULL_TIMER,
        t.pullServiceTimeUs,
        t.pullQueueWaitLimitUs,
        t.pullQueueCapacity,
        t.pullThreads,
      ),
      offsetFlush: new GridTicker(OFFSET_FLUSH_TIMER, core.config.timings.consumerOffsetFlushPeriodUs),
      clientScan: new GridTicker(CLIENT_SCAN_TIMER, core.config.timings.clientScanIntervalUs),
    };
  }

  onMessage(ctx: ClusterContext, from: NodeId, msg: WireMessage, rpcId: number): void {
    const s = this.enter();
    // The hot paths first: through the capacity queues.
    if (msg.type === 'SEND_MESSAGE') admitRequest(ctx, s.sendQueue, from, rpcId, msg, this.runSend);
    else if (msg.type === 'PULL_MESSAGE') admitRequest(ctx, s.pullQueue, from, rpcId, msg, this.runPull);
    else {
      routeRequest(s, from, msg, rpcId);
      if (msg.type === 'HEART_BEAT') s.clientScan.wake(ctx);
    }
  }

  onReply(
    _ctx: ClusterContext,
    to: NodeId,
    request: WireMessage,
    outcome: RpcOutcome<WireMessage>,
    rpcId: number,
  ): void {
    const s = this.enter();
    const t = request.type;
    if (t === 'REGISTER_BROKER') s.register.onReply(to, outcome, rpcId);
    else if (t === 'HA_REPORT_OFFSET') s.haSlave.onConnectReply(to, outcome);
    // false from slaveSync: a late reply after the sync stopped (a role change).
    else if (t === 'GET_ALL_TOPIC_CONFIG' || t === 'GET_ALL_CONSUMER_OFFSET' || t === 'GET_ALL_DELAY_OFFSET')
      s.slaveSync.onReply(to, outcome, rpcId);
    // A broker calls only the NameServer, its master and its DLedger peers.
    else if (s.dledger?.onReply(to, request, outcome, rpcId) !== true)
      fail(`${s.core.name}: reply to ${t} from ${to} that no service sent`);
  }

  onTimer(ctx: ClusterContext, name: ClusterTimer): void {
    const s = this.enter();
    // DLedger's first: its heartbeat and push timers are nearly every firing of an idle broker (a switch on
    // strings compares case by case).
    if (s.dledger?.onTimer(name) === true) return;
    // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- default routes store: and schedule: names, fails on the rest
    switch (name) {
      case CAP_SEND_TIMER:
        drainQueue(ctx, s.sendQueue, this.runSend);
        return;
      case CAP_PULL_TIMER:
        drainQueue(ctx, s.pullQueue, this.runPull);
        return;
      case PUT_WAIT_TIMER:
        s.send.onWaitTimer();
        return;
      case PULL_HOLD_TIMER:
        s.pull.hold.onTimer();
        return;
      case REGISTER_TIMER:
        s.register.onTimer();
        return;
      case OFFSET_FLUSH_TIMER:
        s.core.offsets.persist(ctx.disk);
        s.offsetFlush.next(ctx, s.core.offsets.isDirty);
        return;
      case CLIENT_SCAN_TIMER:
        s.clients.notify(s.core.clients.scanExpired(ctx.now(), s.core.config.timings.clientChannelExpiryUs));
        s.clientScan.next(ctx, !s.core.clients.empty);
        return;
      case HA_MASTER_TIMER:
        s.haMaster.onTimer();
        return;
      case HA_SLAVE_TIMER:
        s.haSlave.onTimer();
        return;
      case SLAVE_SYNC_TIMER:
        s.slaveSync.onTimer();
        return;
      default:
        if (name.startsWith(STORE_TIMER_PREFIX)) s.core.store.handleTimer(ctx, name);
        else if (!s.schedule.onTimer(name)) fail(`${s.core.name}: unknown timer ${name}`);
    }
  }

  onChannelClosed(_ctx: ClusterContext, peer: NodeId): void {
    const s = this.enter();
    s.clients.notify(s.core.clients.channelClosed(peer));
    s.haMaster.onChannelClosed(peer);
    s.haSlave.onChannelClosed(peer);
  }

  onDiskDone(ctx: ClusterContext, done: DiskCompletion): void {
    const s = this.enter();
    if (!s.core.store.handleDiskDone(ctx, done)) s.dledger?.onDiskDone(done);
  }

  /** The host's wall clock jumped forward: DLedger's wall-clock deadlines move with it (§4.2). */
  onClockJump(): void {
    this.s?.dledger?.onClockJump();
  }

  /** DLedger's flush rounds and the store's flush ticks are computed (computed-work.ts): due ones run before the process stops or is observed. */
  onSettle(ctx: ClusterContext): void {
    const s = this.s;
    if (s !== undefined) catchUpComputed(ctx, s.core.store, s.dledger);
  }

  onResume(ctx: ClusterContext): void {
    this.s?.dledger?.resumed();
    this.s?.core.store.resumed(ctx.now());
  }

  onClockSkew(_ctx: ClusterContext, deltaUs: number): void {
    this.s?.dledger?.clockMoved(deltaUs);
    this.s?.core.store.clockMoved(deltaUs);
  }

  // ---- StoreListener ----

  onPutDurable(putId: number, status: 'PUT_OK' | 'FLUSH_DISK_TIMEOUT'): void {
    this.s?.send.onPutDurable(putId, status);
  }

  onMessageArrived(topic: string, queueId: number, queueOffset: number): void {
    // [R4 DMS ReputMessageService]: only a master's dispatch wakes held pulls.
    const s = this.s;
    if (s !== undefined && s.core.role !== 'SLAVE') s.pull.hold.onMessageArrived(topic, queueId, queueOffset);
  }

  /** A handler's first step: the services, with the computed flush rounds and ticks due by now run first (they may fsync). */
  private enter(): Services {
    const s = this.svc();
    catchUpComputed(s.core.ctx, s.core.store, s.dledger);
    return s;
  }

  private svc(): Services {
    const s = this.s;
    assert(s !== undefined, 'BrokerNode used before onStart');
    return s;
  }
}
