// A commit-log record as a DLedger entry payload. In RocketMQ the DLedger
// entry body *is* the message bytes [R4 DCL]; rmqsim's entry carries the
// ref of the record in the run's MessageArena (store/message-arena.ts): the
// leader's put adds the record there once, and every member that applies the
// entry keeps the same ref in its commit log. The arena row also says where
// the record starts in the commit log and how long it is (the same on every
// member: DLedger members' commit logs are identical up to their ends).

/** Numbers per entry payload (RaftConfig.payloadFields in DLedger mode): the record's arena ref. */
export const RECORD_FIELDS = 1;

/** Reads field `f` of an entry's payload. */
export type PayloadReader = (field: number) => number;

/** The payload of the record with arena ref `ref`, into `out` (reused by the caller). */
export function encodeRecordRef(ref: number, out: number[]): number[] {
  out[0] = ref;
  return out;
}

export const recordRefOf = (read: PayloadReader): number => read(0);
