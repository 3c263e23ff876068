// `rmqsim run --history FILE`: the clients' history as Jepsen-style operation
// JSON lines (docs/history-format.md), built by sim/scenario/history-ops.ts.
// Opened before the run (so a bad path is a usage error, exit 2), written once
// at its end.
import { closeSync, writeSync } from 'node:fs';
import type { History } from '../history/index.js';
import { openOutFile } from './out-file.js';
import { historyOperations } from '../scenario/index.js';

const FLUSH_LINES = 4096;

export class HistoryFile {
  private readonly fd: number;
  lines = 0;

  /** Opens (truncates) `path`; its missing folders created; throws if it cannot be created. */
  constructor(readonly path: string) {
    this.fd = openOutFile(path);
  }

  write(h: History, endUs: number): void {
    let buffer: string[] = [];
    for (const op of historyOperations(h, endUs)) {
      buffer.push(JSON.stringify(op));
      this.lines++;
      if (buffer.length >= FLUSH_LINES) {
        writeSync(this.fd, `${buffer.join('\n')}\n`);
        buffer = [];
      }
    }
    if (buffer.length > 0) writeSync(this.fd, `${buffer.join('\n')}\n`);
  }

  close(): void {
    closeSync(this.fd);
  }
}
