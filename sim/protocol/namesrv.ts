// NameServer wire protocol: what brokers send to register and heartbeat, and
// what clients ask for routes [R4 DRP] [R4 RIM]. NameServers never talk to
// each other, so every message here is broker->NameServer or client->NameServer.
import type { BrokerAddr, DataVersion, ResponseCode, TopicConfig } from './common.js';

/** QueueData: how one broker group serves one topic. */
export interface QueueData {
  readonly brokerName: string;
  readonly readQueueNums: number;
  readonly writeQueueNums: number;
  readonly perm: number;
  readonly order: boolean;
}

/** BrokerData: the addresses of one broker group by brokerId, sorted by id (0 = master). */
export interface BrokerData {
  readonly cluster: string;
  readonly brokerName: string;
  readonly brokerAddrs: readonly { readonly brokerId: number; readonly addr: BrokerAddr }[];
}

/** TopicRouteData as GET_ROUTEINFO_BY_TOPIC returns it, sorted by brokerName. */
export interface TopicRouteData {
  readonly queueDatas: readonly QueueData[];
  readonly brokerDatas: readonly BrokerData[];
}

export interface RegisterBroker {
  readonly type: 'REGISTER_BROKER';
  readonly clusterName: string;
  readonly brokerAddr: BrokerAddr;
  readonly brokerName: string;
  readonly brokerId: number;
  readonly haServerAddr: BrokerAddr;
  readonly dataVersion: DataVersion;
  readonly topics: readonly TopicConfig[];
}

export interface RegisterBrokerResponse {
  readonly type: 'REGISTER_BROKER_RESPONSE';
  readonly code: ResponseCode;
  /** For a slave: the live master of its group, or null (SlaveSynchronize stops). */
  readonly masterAddr: BrokerAddr | null;
  readonly haServerAddr: BrokerAddr | null;
}

export interface UnregisterBroker {
  readonly type: 'UNREGISTER_BROKER';
  readonly clusterName: string;
  readonly brokerAddr: BrokerAddr;
  readonly brokerName: string;
  readonly brokerId: number;
}

export interface GetRouteInfoByTopic {
  readonly type: 'GET_ROUTEINFO_BY_TOPIC';
  readonly topic: string;
}

export interface RouteInfoResponse {
  readonly type: 'ROUTEINFO_RESPONSE';
  readonly code: ResponseCode; // SUCCESS or TOPIC_NOT_EXIST
  readonly topic: string;
  readonly route: TopicRouteData | null;
}

/** WIPE_WRITE_PERM_OF_BROKER / ADD_WRITE_PERM_OF_BROKER: flips the write bit of a group's queues. */
export interface ChangeWritePerm {
  readonly type: 'WIPE_WRITE_PERM_OF_BROKER' | 'ADD_WRITE_PERM_OF_BROKER';
  readonly brokerName: string;
}

export interface GenericResponse {
  readonly type: 'GENERIC_RESPONSE';
  readonly code: ResponseCode;
  readonly remark: string;
}

export type NamesrvMessage =
  | RegisterBroker
  | RegisterBrokerResponse
  | UnregisterBroker
  | GetRouteInfoByTopic
  | RouteInfoResponse
  | ChangeWritePerm
  | GenericResponse;
