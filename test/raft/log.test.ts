import { describe, expect, it } from 'vitest';
import { RaftLog } from '../../sim/raft/log.js';
import { ENTRY_DATA, ENTRY_NOOP, type EntryBytes } from '../../sim/raft/types.js';

describe('RaftLog sizes', () => {
  // A DLedger broker's entry is a ref into the shared message arena, which knows the record's size.
  const sizes = [100, 250, 1024];
  const entryBytes: EntryBytes = (kind, ref) => (kind === ENTRY_DATA ? (sizes[ref] ?? -1) : 0);

  it('with entryBytes, sizes come from kind and payload and match a log that stores them', () => {
    const said = new RaftLog(1, true, entryBytes);
    const kept = new RaftLog(1, true);
    const entries: [number, number, number][] = [
      [ENTRY_NOOP, 0, 0],
      [ENTRY_DATA, 2, 1024],
      [ENTRY_DATA, 0, 100],
      [ENTRY_DATA, 1, 250],
    ];
    for (const [kind, ref, bytes] of entries) {
      said.append(1, kind, [ref], bytes);
      kept.append(1, kind, [ref], bytes);
    }
    const read = (l: RaftLog): number[] => Array.from({ length: l.length }, (_, i) => l.entry(i).bytes);
    expect(read(said)).toEqual([0, 1024, 100, 250]);
    expect(read(said)).toEqual(read(kept));
    said.truncateFrom(2);
    expect([said.length, said.bytesAt(1)]).toEqual([2, 1024]);
  });

  it('an append whose size is not what its payload says is an assertion failure', () => {
    const said = new RaftLog(1, true, entryBytes);
    expect(() => said.append(1, ENTRY_DATA, [1], 251)).toThrow(/size 251/);
  });
});
