// A member's files on the simulated disk, as DLedger keeps them: the
// `currterm` file (currTerm and voteFor; MemberState.persistTerm) and the
// entry log (DLedgerMmapFileStore's data + index files, here one DiskLog of
// numeric records: term and kind packed in one number, payload...; record i
// is entry i, so the index is the record's position, not a stored field).
// Recovery reads both, drops a torn tail found by checksum, and rebuilds the
// in-memory RaftLog.
import { assert } from '../base/index.js';
import type { DiskLog, DiskView, HostDisk, LogLayout, RecordSize } from '../engine/index.js';
import { entryHash, RaftLog } from './log.js';
import type { EntryBytes, EntryData, HardState } from './types.js';

/** DLedgerEntry header (magic, size, index, term, pos, channel, chain crc, body crc, body size). */
export const ENTRY_HEADER_BYTES = 48;
/** term * 256 + kind in one number (exact: terms stay far below 2^45). */
const F_TERM_KIND = 0;
const F_PAYLOAD = 1;
const KINDS = 256;

const termKindOf = (term: number, kind: number): number => {
  if (!(Number.isInteger(term) && term >= 0 && Number.isInteger(kind) && kind >= 0 && kind < KINDS))
    assert(false, `entry term ${term} / kind ${kind} cannot be packed`);
  return term * KINDS + kind;
};
const termOf = (termKind: number): number => Math.floor(termKind / KINDS);
const kindOf = (termKind: number): number => termKind % KINDS;

export const termFilePath = (prefix: string): string => `${prefix}/currterm`;
export const logPath = (prefix: string): string => `${prefix}/dledger-log`;
export const logFields = (payloadFields: number): number => F_PAYLOAD + payloadFields;
/**
 * The layout of the entry log: term and kind (field 0) change once per election at most, so they
 * are kept as runs; with `payloadRefs` the payload numbers are 32-bit refs (see RaftLog); with
 * `entryBytes` a record's size is its header and what its kind and payload say (no end per record).
 */
export function logLayout(payloadRefs: boolean, entryBytes?: EntryBytes): LogLayout {
  if (entryBytes === undefined) return { runFields: 1, uint32: payloadRefs };
  const recordSize: RecordSize = (log, i) =>
    ENTRY_HEADER_BYTES + entryBytes(kindOf(log.get(i, F_TERM_KIND)), log.get(i, F_PAYLOAD));
  return { runFields: 1, uint32: payloadRefs, recordSize };
}

export function encodeHardState(h: HardState): string {
  return `currTerm=${h.term}\nvoteLeader=${h.votedFor ?? ''}\n`;
}

export function decodeHardState(text: string | undefined): HardState {
  if (text === undefined) return { term: 0, votedFor: undefined };
  const term = /currTerm=(\d+)/.exec(text)?.[1];
  const vote = /voteLeader=(\S*)/.exec(text)?.[1];
  return {
    term: term === undefined ? 0 : Number(term),
    votedFor: vote === undefined || vote === '' ? undefined : vote,
  };
}

/** Writes one entry to the disk log (entries go in index order: entry i is record i); false when the disk is full. */
export function writeEntry(log: DiskLog, e: EntryData, scratch: number[]): boolean {
  if (e.index !== log.length) assert(false, `${log.path}: entry ${e.index} written as record ${log.length}`);
  scratch[F_TERM_KIND] = termKindOf(e.term, e.kind);
  for (let f = 0; f < log.fields - F_PAYLOAD; f++) scratch[F_PAYLOAD + f] = e.payload[f] ?? 0;
  return log.append(ENTRY_HEADER_BYTES + e.bytes, scratch) >= 0;
}

export interface Recovered {
  readonly hardState: HardState;
  readonly log: RaftLog;
  readonly tornRecords: number;
}

/** Loads a member's state: currterm as last written (page cache or, after power loss, its fsynced copy) and the log. */
export function recover(
  disk: DiskView,
  prefix: string,
  payloadFields: number,
  payloadRefs = false,
  entryBytes?: EntryBytes,
): Recovered {
  const hardState = decodeHardState(disk.readFile(termFilePath(prefix)));
  const dl = disk.log(logPath(prefix), logFields(payloadFields), logLayout(payloadRefs, entryBytes));
  const tornRecords = dl.recover();
  // The log reads its written entries' payloads from the disk log (log-payloads.ts): one copy per member.
  // Its stored fields are those past its run fields (term and kind, when the layout keeps them as runs).
  const log = new RaftLog(payloadFields, payloadRefs, entryBytes, { log: dl, first: F_PAYLOAD - dl.runFields });
  const payload: number[] = new Array<number>(payloadFields).fill(0);
  for (let i = 0; i < dl.length; i++) {
    for (let f = 0; f < payloadFields; f++) payload[f] = dl.get(i, F_PAYLOAD + f);
    const tk = dl.get(i, F_TERM_KIND);
    log.append(termOf(tk), kindOf(tk), payload, Math.max(0, dl.sizeAt(i) - ENTRY_HEADER_BYTES));
    log.written();
  }
  return { hardState, log, tornRecords };
}

/** Read access to a member's log, live or from disk: what the checkers compare. */
export interface RaftLogReader {
  readonly endIndex: number;
  termAt(i: number): number;
  /** A canonical identity of entry i, for messages: term, kind and payload. */
  keyAt(i: number): string;
  /** A numeric digest of entry i: equal entries, equal hashes (what checkers compare). */
  hashAt(i: number): number;
}

export function memoryLogReader(log: RaftLog): RaftLogReader {
  return {
    get endIndex() {
      return log.endIndex;
    },
    termAt: (i) => log.termAt(i),
    keyAt: (i) => `${log.termAt(i)}:${log.kindAt(i)}:${log.payload(i).join(',')}`,
    hashAt: (i) => log.hashAt(i),
  };
}

/**
 * A reader over a (possibly crashed) member's disk log, as the next recovery would see it (page cache);
 * the log keeps the layout its member opened it with.
 */
export function diskLogReader(disk: HostDisk, prefix: string, payloadFields: number): RaftLogReader | undefined {
  const dl = disk.openedLog(logPath(prefix));
  if (dl === undefined) return undefined;
  assert(
    dl.fields === logFields(payloadFields),
    `${dl.path}: ${dl.fields} fields, read with ${payloadFields} payload numbers`,
  );
  // Only the tail can be torn (power loss tears the first unsynced record, which becomes the last).
  const end = dl.length > 0 && dl.isCorrupt(dl.length - 1) ? dl.length - 2 : dl.length - 1;
  const payload = (i: number): number[] => {
    const parts: number[] = [];
    for (let f = 0; f < payloadFields; f++) parts.push(dl.get(i, F_PAYLOAD + f));
    return parts;
  };
  return {
    endIndex: end,
    termAt: (i) => (i < 0 || i > end ? -1 : termOf(dl.get(i, F_TERM_KIND))),
    keyAt: (i) => `${termOf(dl.get(i, F_TERM_KIND))}:${kindOf(dl.get(i, F_TERM_KIND))}:${payload(i).join(',')}`,
    hashAt: (i) =>
      entryHash(
        termOf(dl.get(i, F_TERM_KIND)),
        kindOf(dl.get(i, F_TERM_KIND)),
        (f) => dl.get(i, F_PAYLOAD + f),
        payloadFields,
      ),
  };
}
