// Broker <-> broker wire protocol: classic HA replication (HAService /
// HAConnection) and SlaveSynchronize. Owned by the broker layer.

export type BrokerInternalMessage = { readonly type: 'HA_PLACEHOLDER' };
