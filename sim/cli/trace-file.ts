// `rmqsim run --trace FILE`: the run's trace as JSON lines (the kernel's
// JsonlTraceSink), buffered and written to a file. The only file the run
// itself writes besides the report directory.
import { closeSync, writeSync } from 'node:fs';
import { JsonlTraceSink } from '../engine/index.js';
import { openOutFile } from './out-file.js';
import { describeClusterEvent, type ClusterEvent } from '../protocol/index.js';

const FLUSH_LINES = 4096;

export class TraceFile {
  readonly sink: JsonlTraceSink<ClusterEvent>;
  private readonly fd: number;
  private buffer: string[] = [];
  lines = 0;

  /** Opens (truncates) `path`; its missing folders created; throws if it cannot be created. */
  constructor(
    readonly path: string,
    hot: boolean,
  ) {
    this.fd = openOutFile(path);
    this.sink = new JsonlTraceSink<ClusterEvent>((line) => this.add(line), describeClusterEvent, { hot });
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private add(line: string): void {
    this.buffer.push(line);
    this.lines++;
    if (this.buffer.length >= FLUSH_LINES) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, `${this.buffer.join('\n')}\n`);
    this.buffer = [];
  }
}
