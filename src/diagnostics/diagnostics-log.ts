/**
 * The app's own diagnostics log (spec 5.5): a bounded list of what happened, for IT support to read after a problem.
 * Entries name events and carry only ids, states and error codes — never tokens, codes, chat text or screen content —
 * which is why `detail` takes short scalar values only and long strings are cut.
 */
export type DiagnosticDetail = Record<string, string | number | boolean | undefined>;

export interface DiagnosticEntry {
  at: string;
  event: string;
  detail?: DiagnosticDetail;
}

export const MAX_DIAGNOSTIC_ENTRIES = 1000;
const MAX_DETAIL_LENGTH = 120;
/** Anything shaped like a bearer token (a JWT) is never written, even if a caller passes one by mistake. */
const TOKEN_LIKE = /eyJ[\w-]{8,}\.[\w-]+/g;

export interface DiagnosticsLog {
  record(event: string, detail?: DiagnosticDetail): void;
  entries(): readonly DiagnosticEntry[];
}

export function makeDiagnosticsLog(limit = MAX_DIAGNOSTIC_ENTRIES, now: () => Date = () => new Date()): DiagnosticsLog {
  const list: DiagnosticEntry[] = [];
  return {
    record(event, detail) {
      const entry: DiagnosticEntry = { at: now().toISOString(), event };
      if (detail) entry.detail = clean(detail);
      list.push(entry);
      if (list.length > limit) list.splice(0, list.length - limit);
    },
    entries: () => list,
  };
}

function clean(detail: DiagnosticDetail): DiagnosticDetail {
  const out: DiagnosticDetail = {};
  for (const [key, value] of Object.entries(detail)) {
    if (value === undefined) continue;
    out[key] =
      typeof value === 'string' ? value.replace(TOKEN_LIKE, '[token removed]').slice(0, MAX_DETAIL_LENGTH) : value;
  }
  return out;
}

/** The app's one log. */
export const diagnostics = makeDiagnosticsLog();

export function recordDiagnostic(event: string, detail?: DiagnosticDetail): void {
  diagnostics.record(event, detail);
}
