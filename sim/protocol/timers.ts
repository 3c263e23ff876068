// Every timer name a cluster node arms, as types: a misspelt name does not
// compile (issue 11 part 5). The engine takes any string; cluster nodes see
// ClusterContext, whose timer methods take only ClusterTimer. Each layer keeps
// its constants next to its code; this file only names what they may be.
// Prefixed names (one timer per queue, level or slot) are template literal types.
import type { RaftTimer } from '../raft/index.js';

/** NameServer: the broker-expiry scan and a broker channel's idle timeout. */
export type NamesrvTimer = 'ns:scan' | `ns:idle:${string}`;

/** The broker's message store (sim/broker/store): every name starts with "store:". */
export type StoreTimer = `store:${string}`;

/** Broker services: capacity queues, long polls, HA, registration, schedule levels, the store. */
export type BrokerTimer =
  | 'offset-flush'
  | 'client-scan'
  | 'cap-send'
  | 'cap-pull'
  | 'put-wait'
  | 'pull-hold'
  | 'register'
  | 'ha-master'
  | 'ha-slave'
  | 'slave-sync'
  | 'dledger-ready'
  | 'schedule-flush'
  | `schedule:${number}`
  | StoreTimer;

/** Producers and consumers: the client instance's loops, sends, pulls and consume slots. */
export type ClientTimer =
  | 'route-poll'
  | 'heartbeat'
  | 'send-next'
  | 'consumer-start'
  | 'rebalance'
  | 'persist-offsets'
  | 'lock-renew'
  | `pull:${string}`
  | `offset-moved:${string}`
  | 'consume-wake'
  | `later:${number}`
  | `suspend:${string}`;

/** Every timer name of a cluster node. */
export type ClusterTimer = NamesrvTimer | BrokerTimer | ClientTimer | RaftTimer;
