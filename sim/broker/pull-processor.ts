// PULL_MESSAGE (§3.7): store lookup, status -> response code, the
// master/slave read suggestion, the slave's "retry immediately" rules, the
// piggybacked commit offset (masters only), and long polling: a pull that
// finds nothing is parked in the hold service up to the client's suspend
// timeout, re-checked every 5 s and woken on message arrival.
// Models [R4 PMP] PullMessageProcessor.processRequest.
import type { NodeId } from '../engine/index.js';
import {
  MASTER_ID,
  PERM_READ,
  type PullMessage,
  type PullMessageResponse,
  type ResponseCode,
} from '../protocol/index.js';
import type { BrokerCore } from './broker-core.js';
import { PullHoldService } from './pull-hold-service.js';
import type { GetMessageResult, GetMessageStatus } from './store/message-store.js';

function statusToCode(status: GetMessageStatus, requestOffset: number): ResponseCode {
  switch (status) {
    case 'FOUND':
      return 'SUCCESS';
    case 'NO_MATCHED_MESSAGE':
    case 'MESSAGE_WAS_REMOVING':
      return 'PULL_RETRY_IMMEDIATELY';
    case 'NO_MATCHED_LOGIC_QUEUE':
    case 'NO_MESSAGE_IN_QUEUE':
      return requestOffset !== 0 ? 'PULL_OFFSET_MOVED' : 'PULL_NOT_FOUND';
    case 'OFFSET_FOUND_NULL':
    case 'OFFSET_OVERFLOW_ONE':
      return 'PULL_NOT_FOUND';
    case 'OFFSET_OVERFLOW_BADLY':
    case 'OFFSET_TOO_SMALL':
      return 'PULL_OFFSET_MOVED';
  }
}

const EMPTY: PullMessageResponse['messages'] = [];
/** Remoting header of a pull response, approximate [derived]. */
const PULL_HEADER_BYTES = 200;

export class PullProcessor {
  readonly hold: PullHoldService;

  constructor(private readonly core: BrokerCore) {
    this.hold = new PullHoldService(core, this);
  }

  /**
   * Handles one pull. `brokerAllowSuspend` is false when a held request is
   * re-run (wake-up or timeout): then it answers whatever it finds.
   */
  handle(from: NodeId, rpcId: number, req: PullMessage, brokerAllowSuspend: boolean): void {
    const core = this.core;
    const tc = core.topics.get(req.topic);
    if (tc === undefined || (tc.perm & PERM_READ) === 0 || req.queueId < 0 || req.queueId >= tc.readQueueNums) {
      this.reply(
        from,
        rpcId,
        this.errorResponse(
          tc === undefined ? 'TOPIC_NOT_EXIST' : (tc.perm & PERM_READ) === 0 ? 'NO_PERMISSION' : 'SYSTEM_ERROR',
        ),
      );
      return;
    }
    // §3.7: the piggybacked commit offset is stored only by a master, and only on the first run: a held
    // pull re-run on wake-up carries the offset of when it was sent, older than commits since
    // [R4 PMP `storeOffsetEnable = brokerAllowSuspend && hasCommitOffsetFlag && role != SLAVE`].
    if (brokerAllowSuspend && req.commitOffset >= 0 && core.role !== 'SLAVE')
      core.offsets.commit(req.consumerGroup, req.topic, req.queueId, req.commitOffset);
    const got = core.store.getMessage(req.topic, req.queueId, req.queueOffset, req.maxMsgNums);
    const response = this.toResponse(req, got);
    if (response.code === 'PULL_NOT_FOUND' && brokerAllowSuspend && req.suspendTimeoutUs > 0) {
      const cfg = core.config;
      const suspendUs = cfg.longPollingEnable
        ? Math.min(req.suspendTimeoutUs, cfg.timings.longPollingMaxSuspendUs)
        : 1_000_000;
      this.hold.suspend(from, rpcId, req, core.ctx.now() + suspendUs);
      return;
    }
    this.reply(from, rpcId, response);
  }

  private toResponse(req: PullMessage, got: GetMessageResult): PullMessageResponse {
    const core = this.core;
    const cfg = core.config;
    let code = statusToCode(got.status, req.queueOffset);
    // [R4 PMP] slaveReadEnable: steer slow consumers to the slave, others to the group's broker id (0);
    // otherwise always to the master.
    let suggest = cfg.slaveReadEnable
      ? got.suggestPullingFromSlave
        ? cfg.whichBrokerWhenConsumeSlowly
        : MASTER_ID
      : MASTER_ID;
    let nextBeginOffset = got.nextBeginOffset;
    if (core.role === 'SLAVE' && code === 'PULL_OFFSET_MOVED' && !core.store.config.offsetCheckInSlave) {
      // §3.7: a slave never corrects offsets (unless offsetCheckInSlave); it tells the client to retry (at the master).
      code = 'PULL_RETRY_IMMEDIATELY';
      suggest = MASTER_ID;
      nextBeginOffset = req.queueOffset;
    }
    return {
      type: 'PULL_MESSAGE_RESPONSE',
      code,
      nextBeginOffset,
      minOffset: got.minOffset,
      maxOffset: got.maxOffset,
      suggestWhichBrokerId: suggest,
      messages: code === 'SUCCESS' ? got.messages : EMPTY,
    };
  }

  private errorResponse(code: ResponseCode): PullMessageResponse {
    return {
      type: 'PULL_MESSAGE_RESPONSE',
      code,
      nextBeginOffset: 0,
      minOffset: 0,
      maxOffset: 0,
      suggestWhichBrokerId: MASTER_ID,
      messages: EMPTY,
    };
  }

  private reply(from: NodeId, rpcId: number, response: PullMessageResponse): void {
    if (rpcId <= 0) return;
    let bytes = PULL_HEADER_BYTES;
    for (const m of response.messages) bytes += m.bodyBytes;
    this.core.ctx.reply(from, rpcId, response, { bytes });
  }
}
