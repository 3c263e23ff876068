// Domain events of producers and consumers (route changes, rebalances).
// Owned by the client layer; extend the union as the clients grow.

export type ClientEvent =
  | { readonly kind: 'client.route-changed'; readonly client: string; readonly topic: string; readonly writableBrokers: readonly string[] };

export function describeClientEvent(e: ClientEvent): string {
  switch (e.kind) {
    case 'client.route-changed':
      return `${e.client}: route of ${e.topic} changed; writable groups [${e.writableBrokers.join(', ')}]`;
  }
}
