// SlaveSynchronize (§3.9): only the commit log is replicated; a slave copies
// the rest from its master every 10 s (first after 3 s): the topic table,
// the consumer offsets (the master's table is put over the slave's,
// overwriting newer values: re-delivery after a failover) and the delay
// offsets. Skipped while no master address is known (the last registration
// said none). The master side answers from its live tables.
// Models [R4 SS] SlaveSynchronize and [R4 BC handleSlaveSynchronize].
import type { NodeId, RpcOutcome } from '../engine/index.js';
import type { WireMessage } from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import type { ScheduleService } from './schedule-service.js';

export const SLAVE_SYNC_TIMER = 'slave-sync';

export class SlaveSynchronize {
  private running = false;
  private readonly pending = new Set<number>();

  constructor(
    private readonly core: BrokerCore,
    private readonly schedule: ScheduleService,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.core.ctx.setTimer(SLAVE_SYNC_TIMER, this.core.config.timings.slaveSyncInitialDelayUs);
  }

  stop(): void {
    this.running = false;
    this.pending.clear();
    this.core.ctx.cancelTimer(SLAVE_SYNC_TIMER);
  }

  onTimer(): void {
    if (!this.running) return;
    const { ctx, config } = this.core;
    ctx.setTimer(SLAVE_SYNC_TIMER, config.timings.slaveSyncIntervalUs);
    const master = this.core.masterAddr;
    if (master === null || master === this.core.name) return;
    const timeout = config.timings.slaveSyncTimeoutUs;
    this.pending.add(ctx.rpc(master, { type: 'GET_ALL_TOPIC_CONFIG' }, timeout));
    this.pending.add(ctx.rpc(master, { type: 'GET_ALL_CONSUMER_OFFSET' }, timeout));
    this.pending.add(ctx.rpc(master, { type: 'GET_ALL_DELAY_OFFSET' }, timeout));
  }

  /** Returns false if the reply is not one of ours. */
  onReply(to: NodeId, outcome: RpcOutcome<WireMessage>, rpcId: number): boolean {
    if (!this.pending.delete(rpcId)) return false;
    if (!this.running || !outcome.ok) return true; // logged and retried next period in RocketMQ
    const core = this.core;
    const r = outcome.response;
    if (r.type === 'ALL_TOPIC_CONFIG_RESPONSE') {
      core.topics.replaceAll(r.topics, core.ctx.now());
    } else if (r.type === 'ALL_CONSUMER_OFFSET_RESPONSE') {
      const res = core.offsets.overwriteFrom(r.offsets);
      if (res.changed > 0)
        core.emit({
          kind: 'broker.offsets-overwritten',
          broker: core.name,
          master: to,
          changed: res.changed,
          movedBack: res.movedBack,
        });
    } else if (r.type === 'ALL_DELAY_OFFSET_RESPONSE') {
      this.schedule.overwrite(r.offsets);
    }
    return true;
  }

  /** Master side: answers a slave's GET_ALL_* request; false when the message is not one. */
  answer(from: NodeId, rpcId: number, type: string): boolean {
    const core = this.core;
    switch (type) {
      case 'GET_ALL_TOPIC_CONFIG':
        core.ctx.reply(from, rpcId, { type: 'ALL_TOPIC_CONFIG_RESPONSE', topics: core.topics.all() });
        return true;
      case 'GET_ALL_CONSUMER_OFFSET':
        core.ctx.reply(from, rpcId, { type: 'ALL_CONSUMER_OFFSET_RESPONSE', offsets: core.offsets.entries() });
        return true;
      case 'GET_ALL_DELAY_OFFSET':
        core.ctx.reply(from, rpcId, { type: 'ALL_DELAY_OFFSET_RESPONSE', offsets: this.schedule.delayOffsets });
        return true;
      default:
        return false;
    }
  }
}
