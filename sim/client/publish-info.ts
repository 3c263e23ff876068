// Route -> publish info and subscribe info [R4 MCI topicRouteData2TopicPublishInfo,
// topicRouteData2TopicSubscribeInfo]. Publish info lists the writable queues of
// groups that have a master (brokerId 0) in the route; subscribe info lists the
// readable queues of every group, master or not, so consumers keep reading a
// group from its slave after the master is gone.
import {
  compareMq,
  MASTER_ID,
  PERM_READ,
  PERM_WRITE,
  type BrokerAddr,
  type MessageQueue,
  type TopicRouteData,
} from '../protocol/index.js';

export interface TopicPublishInfo {
  readonly topic: string;
  /** Sorted by brokerName then queue id, as the Java client builds it. */
  readonly queues: readonly MessageQueue[];
  /** Ordered topic (orderTopicConf): producers select by key. */
  readonly order: boolean;
}

const byBroker = (a: { brokerName: string }, b: { brokerName: string }): number =>
  a.brokerName < b.brokerName ? -1 : a.brokerName > b.brokerName ? 1 : 0;

export function hasMaster(route: TopicRouteData, brokerName: string): boolean {
  const bd = route.brokerDatas.find((b) => b.brokerName === brokerName);
  return bd !== undefined && bd.brokerAddrs.some((a) => a.brokerId === MASTER_ID);
}

export function toPublishInfo(topic: string, route: TopicRouteData): TopicPublishInfo {
  const queues: MessageQueue[] = [];
  let order = false;
  for (const qd of [...route.queueDatas].sort(byBroker)) {
    order ||= qd.order;
    if ((qd.perm & PERM_WRITE) === 0 || !hasMaster(route, qd.brokerName)) continue;
    for (let q = 0; q < qd.writeQueueNums; q++) queues.push({ topic, brokerName: qd.brokerName, queueId: q });
  }
  return { topic, queues, order };
}

export function toSubscribeInfo(topic: string, route: TopicRouteData): MessageQueue[] {
  const queues: MessageQueue[] = [];
  for (const qd of route.queueDatas) {
    if ((qd.perm & PERM_READ) === 0) continue;
    for (let q = 0; q < qd.readQueueNums; q++) queues.push({ topic, brokerName: qd.brokerName, queueId: q });
  }
  return queues.sort(compareMq);
}

/** Groups that a producer can write to (for events and checkers). */
export function writableGroups(info: TopicPublishInfo): string[] {
  const out: string[] = [];
  for (const mq of info.queues) if (out[out.length - 1] !== mq.brokerName) out.push(mq.brokerName);
  return out;
}

/** The address table of one group: brokerId -> address, sorted by id. */
export type BrokerAddrs = readonly { readonly brokerId: number; readonly addr: BrokerAddr }[];
