/** Case-insensitive "contains" in SQL that SQLite and PostgreSQL both run (SQLite has no strpos, PostgreSQL no instr). */
import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** `column` contains `needle`, ignoring case; LIKE's wildcards in the needle are taken literally. */
export function containsText(column: string, needle: string): RawBuilder<SqlBool> {
  const pattern = `%${needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
