/**
 * SQLite refuses a write while another connection (another process, `sqlite3` in a shell, a backup) holds the file's
 * write lock. The driver is synchronous, so it waits only briefly itself (SYNC_BUSY_TIMEOUT_MS: the event loop stands
 * still meanwhile); longer waits happen here, between attempts, with the event loop free.
 */

/** How long one statement waits for a lock inside the driver before it reports the database busy. */
export const SYNC_BUSY_TIMEOUT_MS = 20;

/** Waits between attempts of a unit of work that found the database busy: about 1.6 s in all, then it fails. */
export const BUSY_RETRY_DELAYS_MS: readonly number[] = [25, 50, 100, 200, 400, 800];

/**
 * SQLITE_BUSY and its variants (BUSY_SNAPSHOT, BUSY_RECOVERY…), and SQLITE_LOCKED: another connection's lock. On
 * PostgreSQL, a transaction chosen to break a deadlock (40P01) or to keep transactions serialisable (40001): it was
 * rolled back whole and can simply run again.
 */
const RETRYABLE_POSTGRES = new Set(['40P01', '40001']);

export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || RETRYABLE_POSTGRES.has(code);
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` (a whole transaction: a busy statement rolls it back) and runs it again after each delay while the
 * database is busy; any other error, or busy after the last delay, is thrown.
 */
export async function retryWhileBusy<T>(
  work: () => Promise<T>,
  delays: readonly number[] = BUSY_RETRY_DELAYS_MS,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isBusy(error)) throw error;
      await pause(delay);
    }
  }
}
