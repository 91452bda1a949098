/**
 * The protocol's table of HTTP statuses per error code must say what the server really sends, so the server can take
 * its statuses from the table without changing behaviour. Until it does, the statuses are written where each refusal
 * is made; this reads them there and compares.
 */
import { ERROR_STATUS, errorCodeSchema } from '@remote-help/protocol/errors';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.ts';

/** `new ApiError(409, 'role_in_use', …)`. */
const THROWN = /new ApiError\(\s*(\d{3}),\s*'([a-z_]+)'/g;
/** Entries of status tables like `code_used: { status: 409, … }`. */
const TABULATED = /\b([a-z_]+): \{ status: (\d{3})\b/g;

function statusesChosenInServer(): { file: string; code: string; status: number }[] {
  const found: { file: string; code: string; status: number }[] = [];
  for (const { path, text } of sourceFiles('server')) {
    if (path.endsWith('.test.ts')) continue;
    for (const match of text.matchAll(THROWN)) {
      found.push({ file: path, status: Number(match[1]), code: String(match[2]) });
    }
    for (const match of text.matchAll(TABULATED)) {
      found.push({ file: path, code: String(match[1]), status: Number(match[2]) });
    }
  }
  return found;
}

describe('error statuses', () => {
  it('the server sends each refusal with the status the protocol table gives its code', () => {
    const chosen = statusesChosenInServer();
    // Enough to know the reading works: the server makes dozens of refusals with literal statuses.
    expect(chosen.length).toBeGreaterThan(30);
    const disagreements = chosen.filter(({ code, status }) => {
      const known = errorCodeSchema.safeParse(code);
      return !known.success || ERROR_STATUS[known.data] !== status;
    });
    expect(disagreements).toEqual([]);
  });
});
