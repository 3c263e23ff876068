// How the producer classifies one send attempt's result [R4 DPI sendDefaultImpl]
// [R4 MCAPI processSendResponse] (docs/model.md §3.5, §5.4): a stored
// status ends the send; retryable broker codes and transport failures record an
// isolating latency fault and try again (sync only for broker codes); any
// other code ends it. Also says whether the message might have been stored
// (which decides FAILED versus UNKNOWN in the history).
import type { RpcFailure } from '../engine/index.js';
import type { ResponseCode, SendStatus } from '../protocol/index.js';

export type AttemptVerdict =
  | { readonly kind: 'stored'; readonly status: SendStatus }
  | { readonly kind: 'retryable'; readonly reason: string; readonly maybeStored: boolean; readonly transport: boolean }
  | { readonly kind: 'fatal'; readonly reason: string; readonly maybeStored: boolean };

/** DefaultMQProducerImpl's retryResponseCodes (TOPIC_NOT_EXIST, SERVICE_NOT_AVAILABLE, SYSTEM_ERROR, NO_PERMISSION, ...). */
const RETRYABLE: ReadonlySet<ResponseCode> = new Set<ResponseCode>([
  'TOPIC_NOT_EXIST',
  'SERVICE_NOT_AVAILABLE',
  'SYSTEM_ERROR',
  'NO_PERMISSION',
]);

export function classifyResponse(code: ResponseCode): AttemptVerdict {
  if (code === 'SUCCESS') return { kind: 'stored', status: 'SEND_OK' };
  if (code === 'FLUSH_DISK_TIMEOUT' || code === 'FLUSH_SLAVE_TIMEOUT' || code === 'SLAVE_NOT_AVAILABLE')
    return { kind: 'stored', status: code };
  // SYSTEM_ERROR covers DLedger's WAIT_QUORUM_ACK_TIMEOUT and TERM_CHANGED: the entry may still commit.
  return RETRYABLE.has(code)
    ? { kind: 'retryable', reason: code, maybeStored: code === 'SYSTEM_ERROR', transport: false }
    : { kind: 'fatal', reason: code, maybeStored: false };
}

/** Refused never reached a process; a closed channel or a timeout may have reached the broker. */
export function classifyTransport(reason: RpcFailure): AttemptVerdict {
  return {
    kind: 'retryable',
    reason: reason === 'refused' ? 'connection refused' : reason === 'closed' ? 'channel closed' : 'timeout',
    maybeStored: reason !== 'refused',
    transport: true,
  };
}
