// The one encoding of a send's status, shared by the wire (what a broker
// answers), the history (what the producer's caller saw) and every checker and
// report. A broker answers one of the four stored statuses [R4 SMP
// handlePutMessageResult] (docs/model.md §3.5); the producer adds FAILED
// (definitely not stored), UNKNOWN (may be stored: a timeout or a closed
// channel after the request left) and ONEWAY (no reply by design) (§5.4).

/** Every outcome in code order; the index is the history's column code. */
export const SEND_OUTCOMES = [
  'PENDING',
  'SEND_OK',
  'FLUSH_DISK_TIMEOUT',
  'FLUSH_SLAVE_TIMEOUT',
  'SLAVE_NOT_AVAILABLE',
  'FAILED',
  'UNKNOWN',
  'ONEWAY',
] as const;
export type SendOutcomeName = (typeof SEND_OUTCOMES)[number];

export type FinishedSendOutcome = Exclude<SendOutcomeName, 'PENDING'>;

/** The outcomes a finished send can have (PENDING aside), in report order. */
export const FINISHED_SEND_OUTCOMES = SEND_OUTCOMES.slice(1) as readonly FinishedSendOutcome[];

/** A broker's answer to a stored message: SEND_OK or one of the three "stored, but" statuses. */
export type SendStatus = 'SEND_OK' | 'FLUSH_DISK_TIMEOUT' | 'FLUSH_SLAVE_TIMEOUT' | 'SLAVE_NOT_AVAILABLE';
export const SEND_STATUSES: readonly SendStatus[] = [
  'SEND_OK',
  'FLUSH_DISK_TIMEOUT',
  'FLUSH_SLAVE_TIMEOUT',
  'SLAVE_NOT_AVAILABLE',
];

/** Outcome codes, as the history's Uint8 column stores them. */
export const SendOutcome = {
  PENDING: 0,
  SEND_OK: 1,
  FLUSH_DISK_TIMEOUT: 2,
  FLUSH_SLAVE_TIMEOUT: 3,
  SLAVE_NOT_AVAILABLE: 4,
  /** Definitely not stored: every attempt was refused or rejected before storing. */
  FAILED: 5,
  /** May or may not be stored: a timeout, a closed channel or a broker error after an append. */
  UNKNOWN: 6,
  /** Oneway: no feedback by design. */
  ONEWAY: 7,
} as const satisfies Record<SendOutcomeName, number>;
export type SendOutcomeCode = (typeof SendOutcome)[keyof typeof SendOutcome];

/** The name of an outcome code ('PENDING' for an unknown code). */
export const outcomeName = (code: number): SendOutcomeName => SEND_OUTCOMES[code] ?? 'PENDING';

/** The code of a broker status. */
export const statusCode = (s: SendStatus): SendOutcomeCode => SendOutcome[s];

export const isSendStatus = (s: string): s is SendStatus => (SEND_STATUSES as readonly string[]).includes(s);

export const isSendOutcomeName = (s: string): s is SendOutcomeName => (SEND_OUTCOMES as readonly string[]).includes(s);

/** The broker acknowledged storing the message (any of the four send statuses). */
export const isAcked = (o: number): boolean => o >= SendOutcome.SEND_OK && o <= SendOutcome.SLAVE_NOT_AVAILABLE;

/** The send finished with an answer to judge: neither still PENDING nor ONEWAY (no reply by design). */
export const isSettled = (o: number): boolean => o !== SendOutcome.PENDING && o !== SendOutcome.ONEWAY;
