// Store status -> wire response code (§3.5) [R4 SMP handlePutMessageResult],
// and DLedger append outcome -> store status (§4.4) [R4 DCL].
import type { ResponseCode } from '../protocol/index.js';
import type { PutMessageStatus } from './store/message-store.js';

export function putStatusToCode(status: PutMessageStatus): ResponseCode {
  switch (status) {
    case 'PUT_OK':
      return 'SUCCESS';
    case 'FLUSH_DISK_TIMEOUT':
      return 'FLUSH_DISK_TIMEOUT';
    case 'FLUSH_SLAVE_TIMEOUT':
      return 'FLUSH_SLAVE_TIMEOUT';
    case 'SLAVE_NOT_AVAILABLE':
      return 'SLAVE_NOT_AVAILABLE';
    case 'SERVICE_NOT_AVAILABLE':
      return 'SERVICE_NOT_AVAILABLE';
    case 'MESSAGE_ILLEGAL':
    case 'PROPERTIES_SIZE_EXCEEDED':
      return 'MESSAGE_ILLEGAL';
    case 'CREATE_MAPEDFILE_FAILED':
    case 'OS_PAGECACHE_BUSY':
    case 'UNKNOWN_ERROR':
      return 'SYSTEM_ERROR';
  }
}

/** True for the four statuses that mean "stored" (returned normally, not thrown, by the client). */
export const isStoredStatus = (status: PutMessageStatus): boolean =>
  status === 'PUT_OK' ||
  status === 'FLUSH_DISK_TIMEOUT' ||
  status === 'FLUSH_SLAVE_TIMEOUT' ||
  status === 'SLAVE_NOT_AVAILABLE';

/** Remark text of an error answer, as RocketMQ words it. */
const REMARKS: Partial<Record<PutMessageStatus, string>> = {
  OS_PAGECACHE_BUSY: '[PC_SYNCHRONIZED]broker busy, start flow control for a while',
  SERVICE_NOT_AVAILABLE: 'service not available now, maybe disk full or the broker is a slave',
  UNKNOWN_ERROR: 'UNKNOWN_ERROR',
};

export function putStatusRemark(status: PutMessageStatus): string {
  return REMARKS[status] ?? '';
}
