// Domain events of brokers (role changes, stores, flushes, replication).
// Owned by the broker layer; extend the union as the broker grows.

export type BrokerEvent =
  | { readonly kind: 'broker.role'; readonly broker: string; readonly brokerName: string; readonly brokerId: number; readonly role: 'ASYNC_MASTER' | 'SYNC_MASTER' | 'SLAVE'; readonly reason: string };

export function describeBrokerEvent(e: BrokerEvent): string {
  switch (e.kind) {
    case 'broker.role':
      return `${e.broker}: ${e.brokerName} id=${e.brokerId} now ${e.role} (${e.reason})`;
  }
}
