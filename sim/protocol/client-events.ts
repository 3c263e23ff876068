// Domain events of producers and consumers: one line per decision a learner
// should see (route changes, NameServer switches, send failovers, latency
// isolation, rebalance results, pull redirects). Never one per successful send
// or consumed message: the history records those. Owned by the client layer.
import type { Micros } from '../engine/index.js';
import { formatDuration } from '../engine/index.js';

export type ClientEvent =
  | {
      readonly kind: 'client.route-changed';
      readonly client: string;
      readonly topic: string;
      readonly writableBrokers: readonly string[];
      readonly readableBrokers: readonly string[];
    }
  | {
      readonly kind: 'client.route-query-failed';
      readonly client: string;
      readonly topic: string;
      readonly ns: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'client.namesrv-switched';
      readonly client: string;
      readonly from: string;
      readonly to: string;
      readonly reason: string;
    }
  | {
      readonly kind: 'client.send-failed';
      readonly client: string;
      readonly topic: string;
      readonly brokerName: string;
      readonly reason: string;
      readonly retryOn: string | null;
      readonly suppressed: number;
    }
  | {
      readonly kind: 'client.broker-isolated';
      readonly client: string;
      readonly brokerName: string;
      readonly durationUs: Micros;
    }
  | {
      readonly kind: 'client.rebalanced';
      readonly client: string;
      readonly group: string;
      readonly topic: string;
      readonly consumers: number;
      readonly queues: readonly string[];
      readonly added: number;
      readonly removed: number;
    }
  | {
      readonly kind: 'client.pull-redirected';
      readonly client: string;
      readonly queue: string;
      readonly fromAddr: string;
      readonly toAddr: string;
      readonly brokerId: number;
      readonly reason: string;
    }
  | {
      readonly kind: 'client.offset-reset';
      readonly client: string;
      readonly queue: string;
      readonly offset: number;
      /** The queue's max offset in the broker's answer (PullMessageResponseHeader.maxOffset). */
      readonly maxOffset: number;
      readonly reason: string;
    };

export function describeClientEvent(e: ClientEvent): string {
  switch (e.kind) {
    case 'client.route-changed':
      return `${e.client}: route of ${e.topic} changed; writable groups [${e.writableBrokers.join(', ')}], readable [${e.readableBrokers.join(', ')}]`;
    case 'client.route-query-failed':
      return `${e.client}: route query for ${e.topic} to ${e.ns} failed (${e.reason}); keeping the cached route`;
    case 'client.namesrv-switched':
      return `${e.client}: NameServer ${e.from} unusable (${e.reason}), switching to ${e.to}`;
    case 'client.send-failed': {
      const more = e.suppressed > 0 ? ` (+${e.suppressed} similar)` : '';
      return e.retryOn === null
        ? `${e.client}: send to ${e.brokerName} failed (${e.reason}), giving up${more}`
        : `${e.client}: send to ${e.brokerName} failed (${e.reason}), retrying on ${e.retryOn}${more}`;
    }
    case 'client.broker-isolated':
      return `${e.client}: latency fault tolerance avoids ${e.brokerName} for ${formatDuration(e.durationUs)}`;
    case 'client.rebalanced':
      return `${e.client}: rebalance of ${e.group} on ${e.topic} with ${e.consumers} consumer(s): [${e.queues.join(', ')}] (+${e.added} -${e.removed})`;
    case 'client.pull-redirected':
      return `${e.client}: pulls of ${e.queue} move from ${e.fromAddr} to ${e.toAddr} (brokerId ${e.brokerId}): ${e.reason}`;
    case 'client.offset-reset':
      return `${e.client}: offset of ${e.queue} set to ${e.offset} (${e.reason})`;
  }
}
