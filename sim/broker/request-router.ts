// Routes every request other than SEND_MESSAGE and PULL_MESSAGE (which go
// through the capacity queues) to the service that handles it, the way
// BrokerController registers one processor per request code [R4 BC
// registerProcessor]. Responses never arrive here: they come through onReply.
// A request no processor serves is answered REQUEST_CODE_NOT_SUPPORTED, as
// NettyRemotingAbstract.processRequestCommand does; what cannot arrive at all
// (a response as a request, a DLedger RPC at a classic broker) is a simulator bug.
import { fail, type NodeId } from '../engine/index.js';
import type { PullMessage, SendMessage, WireMessage } from '../protocol/index.js';
import type { Services } from './broker-node.js';
import { handleSendBack } from './send-back.js';

/** Every message but the two that go through the capacity queues. */
export type OtherMessage = Exclude<WireMessage, SendMessage | PullMessage>;

export function routeRequest(s: Services, from: NodeId, msg: OtherMessage, rpcId: number): void {
  switch (msg.type) {
    // DLedger's first: a switch on strings compares case by case, and these are nearly every request of an idle DLedger broker.
    case 'DLEDGER_PUSH':
    case 'DLEDGER_HEARTBEAT':
    case 'DLEDGER_VOTE':
    case 'DLEDGER_LEADERSHIP_TRANSFER':
      // DLedger peers are the group's own brokers (sim/cluster builds them from one group list).
      if (s.dledger === undefined) fail(`${s.core.name}: ${msg.type} from ${from} at a classic broker`);
      s.dledger.onMessage(from, msg, rpcId);
      return;
    case 'HEART_BEAT':
      s.clients.heartbeat(from, rpcId, msg);
      return;
    case 'UNREGISTER_CLIENT':
      s.clients.unregister(from, rpcId, msg.clientId, msg.producerGroup, msg.consumerGroup);
      return;
    case 'GET_CONSUMER_LIST_BY_GROUP':
      s.clients.consumerList(from, rpcId, msg.consumerGroup);
      return;
    case 'QUERY_CONSUMER_OFFSET':
      s.clients.queryOffset(from, rpcId, msg);
      return;
    case 'UPDATE_CONSUMER_OFFSET':
      s.clients.updateOffset(from, rpcId, msg);
      return;
    case 'GET_MAX_OFFSET':
      s.clients.maxOffset(from, rpcId, msg.topic, msg.queueId);
      return;
    case 'CONSUMER_SEND_MSG_BACK':
      handleSendBack(s.core, s.send, from, rpcId, msg);
      return;
    case 'LOCK_BATCH_MQ':
      s.clients.lock(from, rpcId, msg);
      return;
    case 'UNLOCK_BATCH_MQ':
      s.clients.unlock(from, rpcId, msg);
      return;
    case 'HA_REPORT_OFFSET':
      if (s.core.role !== 'SLAVE' && s.dledger === undefined) s.haMaster.onReport(from, msg, rpcId);
      return;
    case 'HA_TRANSFER':
      s.haSlave.onTransfer(from, msg);
      return;
    case 'HA_CLOSE':
      s.haMaster.onPeerClose(from, msg.reason);
      s.haSlave.onPeerClose(from, msg.reason);
      return;
    case 'GET_ALL_TOPIC_CONFIG':
    case 'GET_ALL_CONSUMER_OFFSET':
    case 'GET_ALL_DELAY_OFFSET':
      s.slaveSync.answer(from, rpcId, msg.type);
      return;
    case 'NOTIFY_CONSUMER_IDS_CHANGED':
    case 'REGISTER_BROKER':
    case 'UNREGISTER_BROKER':
    case 'GET_ROUTEINFO_BY_TOPIC':
    case 'WIPE_WRITE_PERM_OF_BROKER':
    case 'ADD_WRITE_PERM_OF_BROKER':
      // A client's or NameServer's request: the broker registers no processor for it.
      if (rpcId > 0)
        s.core.ctx.reply(from, rpcId, {
          type: 'BROKER_ACK',
          code: 'REQUEST_CODE_NOT_SUPPORTED',
          remark: ` request type ${msg.type} not supported`,
        });
      return;
    case 'SEND_MESSAGE_RESPONSE':
    case 'PULL_MESSAGE_RESPONSE':
    case 'QUERY_CONSUMER_OFFSET_RESPONSE':
    case 'GET_MAX_OFFSET_RESPONSE':
    case 'CONSUMER_LIST_RESPONSE':
    case 'LOCK_BATCH_MQ_RESPONSE':
    case 'BROKER_ACK':
    case 'ALL_TOPIC_CONFIG_RESPONSE':
    case 'ALL_CONSUMER_OFFSET_RESPONSE':
    case 'ALL_DELAY_OFFSET_RESPONSE':
    case 'REGISTER_BROKER_RESPONSE':
    case 'ROUTEINFO_RESPONSE':
    case 'GENERIC_RESPONSE':
    case 'DLEDGER_VOTE_RESPONSE':
    case 'DLEDGER_HEARTBEAT_RESPONSE':
    case 'DLEDGER_PUSH_RESPONSE':
    case 'DLEDGER_LEADERSHIP_TRANSFER_RESPONSE':
      fail(
        `${s.core.name}: response ${msg.type} from ${from} delivered as a request (responses arrive through onReply)`,
      );
  }
}
