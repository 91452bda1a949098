/**
 * Telling "the database cannot be reached" (PostgreSQL down, restarting, the network cut) from every other failure:
 * those are answered service_unavailable (503, try again) instead of a 500, and take the node out of readiness until
 * the database answers again. The process never ends for it: the pool opens new connections once the server is back.
 */
import type { Database } from './database.ts';

/** Socket errors, and PostgreSQL's "connection exception" class (08) and shutdown codes (57P01–57P03). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);
const UNREACHABLE_MESSAGES = [
  // pg's own wording for a connection lost mid-query, and for a pool that could not connect in time.
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
];

export function isDatabaseUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnreachable)) return true;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code))) {
    return true;
  }
  return UNREACHABLE_MESSAGES.some((m) => error.message.includes(m));
}

export interface DatabaseWatch {
  stop(): void;
}

/** Asks the database a trivial question every `intervalMs`; reports whether it answered. */
export function watchDatabase(
  db: Database,
  intervalMs: number,
  report: (problem: string | undefined) => void,
): DatabaseWatch {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const probe = async () => {
    try {
      await db.selectNoFrom((eb) => eb.lit(1).as('one')).execute();
      report(undefined);
    } catch (error) {
      report(`database unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!stopped) timer = setTimeout(() => void probe(), intervalMs).unref();
  };
  timer = setTimeout(() => void probe(), intervalMs).unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
