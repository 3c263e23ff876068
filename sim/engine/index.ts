// Public surface of the kernel. Layers above import from here only.
export * from '../base/index.js';
export * from './disk.js';
export * from './event-queue.js';
export * from './network.js';
export * from './node.js';
export * from './rng.js';
export * from './simulation.js';
export * from './time.js';
export { DEFAULT_STALL_EVENTS, SimulationStalled } from './watchdog.js';
export * from './trace.js';
export * from './jsonl.js';
export * from './grid-ticker.js';
export * from './computed-ticker.js';
