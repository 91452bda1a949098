/**
 * What a reader may read (spec 3.4): the union of the scopes of their assignments that carry the permission — the whole
 * tenant when any of them is over "All users and devices", else the people and devices of the named groups.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';

export type ReadScope = 'all' | readonly string[];

/**
 * A query condition: any of `columns` (person or device ids) is a member of one of `groups`. For a scope of named
 * groups; 'all' needs no condition.
 */
export function inScopeGroups(groups: readonly string[], columns: readonly string[]): RawBuilder<SqlBool> {
  if (groups.length === 0 || columns.length === 0) return sql<SqlBool>`0`;
  const members = sql`(select user_id from group_members where group_id in (${sql.join(groups)}))`;
  return sql<SqlBool>`(${sql.join(
    columns.map((column) => sql`${sql.ref(column)} in ${members}`),
    sql` or `,
  )})`;
}
