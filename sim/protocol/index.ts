// The cluster's wire and event vocabulary in one place: every simulated node
// is a SimNode<WireMessage, ClusterEvent>. Each domain owns its own file;
// this module only unions them and routes describe() by kind prefix.
import type { BrokerClientMessage } from './broker.js';
import type { BrokerInternalMessage } from './broker-internal.js';
import { describeBrokerEvent, hashBrokerEvent, type BrokerEvent } from './broker-events.js';
import { describeClientEvent, type ClientEvent } from './client-events.js';
import type { NamesrvMessage } from './namesrv.js';
import { describeNamesrvEvent, hashNamesrvEvent, type NamesrvEvent } from './namesrv-events.js';
import type { RaftMessage } from '../raft/index.js';
import { describeRaftEvent, hashRaftEvent, type RaftEvent } from '../raft/index.js';
import type { NodeContext, SimNode, Simulation, TraceHasher } from '../engine/index.js';
import type { ClusterTimer } from './timers.js';

export type WireMessage = NamesrvMessage | BrokerClientMessage | BrokerInternalMessage | RaftMessage;
export type ClusterEvent = NamesrvEvent | BrokerEvent | ClientEvent | RaftEvent;

export type { BrokerTimer, ClientTimer, ClusterTimer, NamesrvTimer, StoreTimer } from './timers.js';

export type ClusterNode = SimNode<WireMessage, ClusterEvent, ClusterTimer>;
export type ClusterContext = NodeContext<WireMessage, ClusterEvent, ClusterTimer>;
export type ClusterSimulation = Simulation<WireMessage, ClusterEvent>;

const isNamesrv = (e: ClusterEvent): e is NamesrvEvent => e.kind.startsWith('ns.');
const isBroker = (e: ClusterEvent): e is BrokerEvent => e.kind.startsWith('broker.');
const isClient = (e: ClusterEvent): e is ClientEvent => e.kind.startsWith('client.');
const isRaft = (e: ClusterEvent): e is RaftEvent => e.kind.startsWith('raft.');

/** Canonical one-line text of any cluster event: the trace hash digests it; the timeline prints it. */
export function describeClusterEvent(e: ClusterEvent): string {
  if (isNamesrv(e)) return describeNamesrvEvent(e);
  if (isBroker(e)) return describeBrokerEvent(e);
  if (isClient(e)) return describeClientEvent(e);
  if (isRaft(e)) return describeRaftEvent(e);
  return JSON.stringify(e);
}

/**
 * The trace hash's fast path for the frequent events (SimulationOptions.hashEvent): a commit per
 * message, and the periodic registrations on both sides. Matched by kind, one compare each; every
 * other kind is rare and hashed as its text line (false).
 */
export function hashClusterEvent(e: ClusterEvent, h: TraceHasher): boolean {
  const kind = e.kind;
  if (kind === 'raft.commit') return hashRaftEvent(e, h);
  if (kind === 'ns.broker-registered') return hashNamesrvEvent(e, h);
  return kind === 'broker.registered' && hashBrokerEvent(e, h);
}

export * from './common.js';
export * from './namesrv.js';
export * from './broker.js';
export * from './broker-internal.js';
export * from './namesrv-events.js';
export * from './broker-events.js';
export * from './client-events.js';
export * from './send-status.js';
