/**
 * Storage failures as one typed error with a code and a sentence a user can act on
 * ("Quota and failure"), instead of raw DOMExceptions whose names differ by browser.
 * The engine pauses a group on a StoreError instead of losing reports.
 */

export type StoreErrorCode =
  /** No IndexedDB here (e.g. some private modes), or the browser refused to open it. */
  | 'unavailable'
  /** Another tab keeps an older version of the database open, so the upgrade cannot run. */
  | 'blocked'
  /** The database on disk is newer than this hptune (a newer version ran in another tab). */
  | 'version'
  /** The origin's storage quota is exhausted. */
  | 'quota'
  /** The connection was closed (another tab upgraded the database, or the browser closed it). */
  | 'closed'
  /** Anything else (I/O error, aborted transaction, bad data). */
  | 'failed';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const ADVICE: Record<StoreErrorCode, string> = {
  unavailable: 'this browser offers no IndexedDB here (private browsing can disable it); hptune cannot keep groups across reloads',
  blocked: 'another tab still has an older version of hptune open; close or reload it',
  version: 'the stored data was written by a newer version of hptune; reload to get it',
  quota: 'the storage quota is used up; delete old groups or checkpoints, or allow persistent storage',
  closed: 'the database connection was closed (another tab upgraded hptune, or the browser closed it); reload this page',
  failed: 'the storage operation failed',
};

/** Maps a DOMException (or anything thrown by IndexedDB) to a StoreError; `doing` says what was attempted. */
export function toStoreError(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const detail = (error as { message?: unknown } | null)?.message;
  const code: StoreErrorCode =
    name === 'QuotaExceededError' ? 'quota'
    : name === 'VersionError' ? 'version'
    : name === 'InvalidStateError' ? 'closed'
    : 'failed';
  return storeError(code, doing, typeof name === 'string' ? `${name}${detail ? `: ${String(detail)}` : ''}` : String(error), error);
}

export function storeError(code: StoreErrorCode, doing: string, detail?: string, cause?: unknown): StoreError {
  return new StoreError(code, `${doing} failed: ${ADVICE[code]}${detail ? ` (${detail})` : ''}`, { cause });
}
