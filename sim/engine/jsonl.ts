// A trace sink that renders every event as one JSON line (JSONL), for
// offline analysis and for step-by-step teaching output. It writes through a
// callback: the file itself is opened by the CLI, the only layer with I/O.
import type { NodeId } from './node.js';
import type { Micros } from './time.js';
import { describeKernelEvent, type KernelEvent, type TraceSink } from './trace.js';

export interface JsonlOptions {
  /** Include every delivery and timer firing (large); default false. */
  readonly hot?: boolean;
}

export class JsonlTraceSink<E> implements TraceSink<E> {
  readonly wantsHotEvents: boolean;

  constructor(
    private readonly write: (line: string) => void,
    private readonly describe: (e: E) => string,
    options: JsonlOptions = {},
  ) {
    this.wantsHotEvents = options.hot === true;
  }

  onKernel(t: Micros, e: KernelEvent): void {
    this.write(JSON.stringify({ t, layer: 'kernel', text: describeKernelEvent(e), ...e }));
  }

  onEvent(t: Micros, node: NodeId, e: E): void {
    this.write(JSON.stringify({ t, layer: 'domain', node, text: this.describe(e), event: e }));
  }
}
