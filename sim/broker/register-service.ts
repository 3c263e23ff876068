// Registration with every NameServer (§3.1): REGISTER_BROKER to all of them
// in parallel, each with the round timeout (6 s in 4.9.7); the first
// successful result of the round is used once every request has an outcome
// (a slave takes the master address for SlaveSynchronize and, when non-null,
// the master's HA address). Periodic rounds: first after 10 s, then every
// 30 s; a classic broker also registers at once at start. Role changes
// register oneway (no result used) [R4 BC changeToMaster/changeToSlave].
// Models [R4 BC registerBrokerAll/doRegisterBrokerAll] and [R4 BOA registerBrokerAll].
import type { NodeId, RpcOutcome } from '../engine/index.js';
import type { RegisterBroker, RegisterBrokerResponse, WireMessage } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import { registrationPeriodUs } from './config.js';

export const REGISTER_TIMER = 'register';

interface Round {
  readonly brokerId: number;
  outstanding: number;
  ok: number;
  failed: number;
  /** The first successful response of the round, in arrival order. */
  first: RegisterBrokerResponse | undefined;
}

export class RegisterService {
  private readonly rounds = new Map<number, Round>();

  constructor(private readonly core: BrokerCore) {}

  /** Arms the periodic timer; classic brokers also register at once [R4 BC start]. */
  start(): void {
    const t = this.core.config.timings;
    this.core.ctx.setTimer(REGISTER_TIMER, t.registerInitialDelayUs);
    if (!this.core.isDLedger || this.core.config.bugs.dledgerRegistersId0AtStart) this.registerAll();
  }

  onTimer(): void {
    this.core.ctx.setTimer(REGISTER_TIMER, registrationPeriodUs(this.core.config.timings));
    this.registerAll();
  }

  /** One round: REGISTER_BROKER to every NameServer, in parallel. */
  registerAll(): void {
    const { ctx, config } = this.core;
    const request = this.request();
    const round: Round = {
      brokerId: request.brokerId,
      outstanding: config.namesrvAddrs.length,
      ok: 0,
      failed: 0,
      first: undefined,
    };
    for (const ns of config.namesrvAddrs) {
      const id = ctx.rpc(ns, request, config.timings.registerBrokerTimeoutUs);
      this.rounds.set(id, round);
    }
  }

  /** A role-change registration: oneway, no result is used (§3.1, §4.4). */
  registerOneway(): void {
    const { ctx, config } = this.core;
    const request = this.request();
    for (const ns of config.namesrvAddrs) ctx.send(ns, request);
    this.core.emit({
      kind: 'broker.registered',
      broker: this.core.name,
      brokerName: config.brokerName,
      brokerId: request.brokerId,
      ok: config.namesrvAddrs.length,
      failed: 0,
      masterAddr: null,
      oneway: true,
    });
  }

  /** Returns false if the reply does not belong to a registration round. */
  onReply(_to: NodeId, outcome: RpcOutcome<WireMessage>, rpcId: number): boolean {
    const round = this.rounds.get(rpcId);
    if (round === undefined) return false;
    this.rounds.delete(rpcId);
    round.outstanding--;
    if (outcome.ok && outcome.response.type === 'REGISTER_BROKER_RESPONSE' && outcome.response.code === 'SUCCESS') {
      round.ok++;
      if (round.first === undefined) round.first = outcome.response;
    } else {
      round.failed++;
    }
    if (round.outstanding === 0) this.finish(round);
    return true;
  }

  private finish(round: Round): void {
    const core = this.core;
    const first = round.first;
    if (first !== undefined) {
      // [R4 BC doRegisterBrokerAll]: HA address only when non-null; SlaveSynchronize's master always.
      if (first.haServerAddr !== null) core.haMasterAddr = first.haServerAddr;
      core.masterAddr = first.masterAddr;
    }
    core.emit({
      kind: 'broker.registered',
      broker: core.name,
      brokerName: core.config.brokerName,
      brokerId: round.brokerId,
      ok: round.ok,
      failed: round.failed,
      masterAddr: first?.masterAddr ?? null,
      oneway: false,
    });
  }

  private request(): RegisterBroker {
    const core = this.core;
    return {
      type: 'REGISTER_BROKER',
      clusterName: core.config.brokerClusterName,
      brokerAddr: core.name,
      brokerName: core.config.brokerName,
      brokerId: core.brokerId,
      haServerAddr: core.name,
      dataVersion: core.topics.dataVersion,
      topics: core.topics.all(),
    };
  }
}
