// Domain events of brokers: the decisions a learner should see on the
// timeline (role changes, registrations, HA links, recovery, offset
// overwrites, dead letters). Never one per stored message: those are hot.
// Each renders as one canonical line (the trace hash digests it).
// Owned by the broker layer.
import type { TraceHasher } from '../engine/index.js';

export type BrokerRoleName = 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE';

export type BrokerEvent =
  | {
      readonly kind: 'broker.role';
      readonly broker: string;
      readonly brokerName: string;
      readonly brokerId: number;
      readonly role: BrokerRoleName;
      readonly reason: string;
    }
  | {
      readonly kind: 'broker.registered';
      readonly broker: string;
      readonly brokerName: string;
      readonly brokerId: number;
      readonly ok: number;
      readonly failed: number;
      readonly masterAddr: string | null;
      readonly oneway: boolean;
    }
  | {
      readonly kind: 'broker.ha-connected';
      readonly broker: string;
      readonly peer: string;
      readonly side: 'master' | 'slave';
      readonly offset: number;
    }
  | {
      readonly kind: 'broker.ha-disconnected';
      readonly broker: string;
      readonly peer: string;
      readonly side: 'master' | 'slave';
      readonly reason: string;
    }
  | { readonly kind: 'broker.ha-caught-up'; readonly broker: string; readonly master: string; readonly offset: number }
  | {
      readonly kind: 'broker.ha-mid-record';
      readonly broker: string;
      readonly master: string;
      /** The slave's end, inside one of the master's records: where its dispatch stops. */
      readonly offset: number;
      /** Bytes of that record's tail the slave stored as a gap. */
      readonly bytes: number;
    }
  | { readonly kind: 'broker.recovered'; readonly broker: string; readonly summary: string }
  | {
      readonly kind: 'broker.offsets-overwritten';
      readonly broker: string;
      readonly master: string;
      readonly changed: number;
      readonly movedBack: number;
    }
  | { readonly kind: 'broker.offsets-reloaded'; readonly broker: string; readonly entries: number }
  | {
      readonly kind: 'broker.dlq';
      readonly broker: string;
      readonly group: string;
      readonly uid: number;
      readonly reconsumeTimes: number;
    }
  | {
      /** The schedule service's re-put of a due message failed (a DLedger quorum ack that timed out, a term change). */
      readonly kind: 'broker.reput-failed';
      readonly broker: string;
      readonly topic: string;
      readonly uid: number;
      readonly status: string;
    }
  | {
      readonly kind: 'broker.truncated';
      readonly broker: string;
      readonly fromOffset: number;
      readonly reason: string;
    };

/** Tag of broker.registered in the trace hash (above 2^24, so no text line's length can be confused with it). */
const REGISTERED_HASH_TAG = 0x0b_2e_61;

/**
 * The trace hash's fast path for a broker's registration round (every 30 s per broker, most of the
 * domain events of a quiet cluster): its fields as numbers and names instead of the rendered line.
 */
export function hashBrokerEvent(e: BrokerEvent, h: TraceHasher): boolean {
  if (e.kind !== 'broker.registered') return false;
  h.mixInt(REGISTERED_HASH_TAG);
  h.mixInt((e.oneway ? 1 : 0) | (e.masterAddr === null ? 2 : 0));
  h.mixInt(e.brokerId);
  h.mixInt(e.ok);
  h.mixInt(e.failed);
  h.mixName(e.brokerName);
  h.mixName(e.masterAddr ?? '');
  return true;
}

export function describeBrokerEvent(e: BrokerEvent): string {
  switch (e.kind) {
    case 'broker.role':
      return `${e.broker}: ${e.brokerName} id=${e.brokerId} now ${e.role} (${e.reason})`;
    case 'broker.registered':
      if (e.oneway)
        return `${e.broker}: ${e.brokerName} id=${e.brokerId} registered oneway with ${e.ok} NameServer(s) after a role change`;
      return (
        `${e.broker}: ${e.brokerName} id=${e.brokerId} registration round: ${e.ok} ok, ${e.failed} failed` +
        (e.brokerId === 0 ? '' : `; master ${e.masterAddr ?? 'unknown (no live master on the NameServer)'}`)
      );
    case 'broker.ha-connected':
      return e.side === 'slave'
        ? `${e.broker}: HA connected to master ${e.peer}, replicating from offset ${e.offset}`
        : `${e.broker}: slave ${e.peer} connected to HA, reports offset ${e.offset}`;
    case 'broker.ha-disconnected':
      return `${e.broker}: HA link with ${e.side === 'slave' ? 'master' : 'slave'} ${e.peer} closed (${e.reason})`;
    case 'broker.ha-caught-up':
      return `${e.broker}: caught up with master ${e.master} at offset ${e.offset}`;
    case 'broker.ha-mid-record':
      return `${e.broker}: master ${e.master} shipped from offset ${e.offset}, inside one of its messages: stored ${e.bytes} byte(s) that are not a message and acked them; dispatch stops there for good`;
    case 'broker.recovered':
      return `${e.broker}: store recovered: ${e.summary}`;
    case 'broker.offsets-overwritten':
      return `${e.broker}: SlaveSynchronize copied ${e.master}'s consumer offsets over its own: ${e.changed} changed, ${e.movedBack} moved back (re-delivery after failover)`;
    case 'broker.offsets-reloaded':
      return `${e.broker}: reloaded ${e.entries} consumer offset(s) from the last 5 s flush of consumerOffset.json`;
    case 'broker.dlq':
      return `${e.broker}: message ${e.uid} of group ${e.group} failed ${e.reconsumeTimes} time(s): moved to %DLQ%${e.group}`;
    case 'broker.reput-failed':
      return `${e.broker}: re-put of delayed message ${e.uid} to ${e.topic} failed (${e.status}); the same schedule offset is tried again in 10s`;
    case 'broker.truncated':
      return `${e.broker}: commit log truncated from offset ${e.fromOffset} (${e.reason})`;
  }
}
