// Public surface of the client layer: the producer and consumer processes the
// cluster builder instantiates (one per `${group}-N` instance), their options,
// the client constants with their 4.9.7 defaults, and the bug switches.
export { ProducerNode, type ProducerOptions } from './producer.js';
export { ConsumerNode, type ConsumerOptions } from './consumer.js';
export { CLIENT_BUG_SWITCHES, DEFAULT_CLIENT_CONFIG, type ClientBugFlag, type ClientConfig } from './config.js';
export { allocate, allocateAveragely, allocateAveragelyByCircle, type AllocateStrategy } from './allocate.js';
export { Arrivals, nextKey, rateAt } from './workload.js';
export type * from './spec.js';
