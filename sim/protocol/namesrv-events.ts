// Domain events of the NameServer, for checkers and for the explained
// timeline. Each renders as one canonical line (the trace hash digests it).
import type { Micros } from '../engine/index.js';
import { formatDuration } from '../engine/index.js';

export type NamesrvEvent =
  | { readonly kind: 'ns.broker-registered'; readonly ns: string; readonly brokerName: string; readonly brokerId: number; readonly addr: string; readonly first: boolean }
  | { readonly kind: 'ns.broker-removed'; readonly ns: string; readonly brokerName: string; readonly brokerId: number; readonly addr: string; readonly reason: 'expired' | 'channel-closed' | 'unregistered'; readonly silentUs: Micros }
  | { readonly kind: 'ns.group-removed'; readonly ns: string; readonly brokerName: string };

export function describeNamesrvEvent(e: NamesrvEvent): string {
  switch (e.kind) {
    case 'ns.broker-registered':
      return `${e.ns}: ${e.first ? 'registered' : 're-registered'} ${e.brokerName} id=${e.brokerId} at ${e.addr}`;
    case 'ns.broker-removed':
      return e.reason === 'expired'
        ? `${e.ns}: removed ${e.brokerName} id=${e.brokerId} (${e.addr}): no heartbeat for ${formatDuration(e.silentUs)} (> 120s expiry)`
        : `${e.ns}: removed ${e.brokerName} id=${e.brokerId} (${e.addr}): ${e.reason}`;
    case 'ns.group-removed':
      return `${e.ns}: group ${e.brokerName} has no address left; its queues leave every route`;
  }
}
