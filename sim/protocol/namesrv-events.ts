// Domain events of the NameServer, for checkers and for the explained
// timeline. Each renders as one canonical line (the trace hash digests it)
// that says what the NameServer decided and why, in RouteInfoManager's terms.
import type { Micros, TraceHasher } from '../engine/index.js';
import { formatDuration } from '../engine/index.js';

/** Why a <brokerId, addr> entry left a NameServer's tables (§2.3, §2.4). */
export type NamesrvRemovalReason = 'expired' | 'channel-closed' | 'channel-idle' | 'unregistered';

export type NamesrvEvent =
  | {
      readonly kind: 'ns.broker-registered';
      readonly ns: string;
      readonly brokerName: string;
      readonly brokerId: number;
      readonly addr: string;
      /** No live record existed for this address: a new broker rather than a periodic heartbeat. */
      readonly first: boolean;
      /** Ids this address held before and lost (e.g. a slave promoted to master moves from <1> to <0>). */
      readonly movedFromIds: readonly number[];
      /** The other address that held this id and was overwritten (last writer wins), or ''. */
      readonly overwrote: string;
      /** The group's QueueData was rewritten from this registration (master, new data version). */
      readonly topicsUpdated: boolean;
    }
  | {
      readonly kind: 'ns.broker-removed';
      readonly ns: string;
      readonly brokerName: string;
      readonly brokerId: number;
      readonly addr: string;
      readonly reason: NamesrvRemovalReason;
      readonly silentUs: Micros;
    }
  | {
      readonly kind: 'ns.group-removed';
      readonly ns: string;
      readonly brokerName: string;
      readonly topicsDeleted: readonly string[];
    }
  | {
      readonly kind: 'ns.write-perm';
      readonly ns: string;
      readonly brokerName: string;
      readonly op: 'wipe' | 'add';
      readonly topics: number;
    }
  | { readonly kind: 'ns.started'; readonly ns: string };

function describeRegistered(e: Extract<NamesrvEvent, { kind: 'ns.broker-registered' }>): string {
  const head = `${e.ns}: ${e.first ? 'registered' : 're-registered'} ${e.brokerName} id=${e.brokerId} at ${e.addr}`;
  const notes: string[] = [];
  if (e.movedFromIds.length > 0) notes.push(`moved from id ${e.movedFromIds.join(',')} (one id per address)`);
  if (e.overwrote !== '') notes.push(`replaced ${e.overwrote} in slot id=${e.brokerId} (last writer wins)`);
  if (e.first && e.topicsUpdated) notes.push('its topics enter the routes');
  return notes.length === 0 ? head : `${head}; ${notes.join('; ')}`;
}

function describeRemoval(e: Extract<NamesrvEvent, { kind: 'ns.broker-removed' }>): string {
  const who = `${e.ns}: removed ${e.brokerName} id=${e.brokerId} (${e.addr})`;
  switch (e.reason) {
    case 'expired':
      return `${who}: no heartbeat for ${formatDuration(e.silentUs)} (> 120s expiry, found by the periodic scan)`;
    case 'channel-idle':
      return `${who}: its channel was idle for ${formatDuration(e.silentUs)} (silent host or network), closed`;
    case 'channel-closed':
      return `${who}: its connection closed (process died), cleaned up at once`;
    case 'unregistered':
      return `${who}: it unregistered (graceful shutdown)`;
  }
}

const REGISTERED_HASH_TAG = 0x05_2e_61;

/**
 * The trace hash's fast path for the periodic registration (0.6 per simulated second with 3 NameServers
 * and 6 brokers): every field mixed as numbers and short strings instead of the rendered line. `ns` is
 * the emitting node, which the kernel mixes in already.
 */
export function hashNamesrvEvent(e: NamesrvEvent, h: TraceHasher): boolean {
  if (e.kind !== 'ns.broker-registered') return false;
  h.mixInt(REGISTERED_HASH_TAG);
  h.mixInt((e.first ? 1 : 0) | (e.topicsUpdated ? 2 : 0));
  h.mixInt(e.brokerId);
  h.mixName(e.brokerName);
  h.mixName(e.addr);
  h.mixName(e.overwrote);
  h.mixInt(e.movedFromIds.length);
  for (let i = 0; i < e.movedFromIds.length; i++) h.mixInt(e.movedFromIds[i] ?? -1);
  return true;
}

export function describeNamesrvEvent(e: NamesrvEvent): string {
  switch (e.kind) {
    case 'ns.broker-registered':
      return describeRegistered(e);
    case 'ns.broker-removed':
      return describeRemoval(e);
    case 'ns.group-removed':
      return (
        `${e.ns}: group ${e.brokerName} has no address left; its queues leave every route` +
        (e.topicsDeleted.length > 0 ? ` (topics now without any queue: ${e.topicsDeleted.join(', ')})` : '')
      );
    case 'ns.write-perm':
      return (
        `${e.ns}: ${e.op === 'wipe' ? 'wiped' : 'restored'} write permission of ${e.brokerName} on ${e.topics} topic(s)` +
        (e.op === 'wipe' ? '; producers stop writing there after their next route refresh' : '')
      );
    case 'ns.started':
      return `${e.ns}: started with empty tables (routes live only in memory; brokers refill them within one registration period)`;
  }
}
