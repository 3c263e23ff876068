// A consumer's send-back to a DLedger leader is answered when the quorum acked the retry copy, not at the
// leader's local append ([R4 SMP] asyncConsumerSendMsgBack completes with DLedgerCommitLog's put future,
// which completes at the quorum ack whatever waitStoreMsgOK says). A leader cut from its followers cannot
// commit the copy: the send-back fails when the leader steps down, and the consumer republishes the message
// itself instead of moving its offset past a retry copy the next leader never had.
import { describe, expect, it } from 'vitest';
import type { MessageExt } from '../../sim/protocol/index.js';
import { nodeId } from '../../sim/engine/index.js';
import { Cluster, s, TOPIC } from './harness.js';
import { StubClient } from './stub-clients.js';
import { pullRequest, sendRequest } from './requests.js';

/** The send-back's answer code when the leader is (or is not) cut from its followers just before it. */
function sendBackAnswer(cut: boolean): string | undefined {
  const c = new Cluster(31, 3);
  const peers = c.dledger('broker-a', 3);
  const cl = new StubClient();
  c.sim.addNode('cl', () => cl);
  c.sim.runUntil(s(20));
  const leader = c.master('broker-a') ?? '';
  expect(leader).not.toBe('');
  cl.rpc(leader, sendRequest(1, 0), s(3));
  c.sim.runUntil(s(21));
  cl.rpc(leader, pullRequest(TOPIC, 0, 0));
  c.sim.runUntil(s(22));
  const msg = cl.lastPull()?.messages[0] as MessageExt;
  expect(msg.uid).toBe(1);
  if (cut)
    c.sim.partition(
      [nodeId(leader)],
      peers.filter((n) => n !== leader),
    );
  cl.rpc(leader, { type: 'CONSUMER_SEND_MSG_BACK', group: 'cg', msg, delayLevel: 0, maxReconsumeTimes: 16 }, s(5));
  c.sim.runUntil(s(40));
  const answer = cl.replies.find((r) => r.request.type === 'CONSUMER_SEND_MSG_BACK')?.outcome;
  if (answer === undefined) return undefined;
  if (!answer.ok) return answer.reason;
  return answer.response.type === 'BROKER_ACK' ? answer.response.code : answer.response.type;
}

describe('send-back on a DLedger leader', () => {
  it('is answered SUCCESS once the quorum acked the retry copy', () => {
    expect(sendBackAnswer(false)).toBe('SUCCESS');
  });

  it('is not answered SUCCESS when the copy never reached a quorum (the leader was cut and stepped down)', () => {
    expect(sendBackAnswer(true)).not.toBe('SUCCESS');
  });
});
