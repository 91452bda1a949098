/**
 * What a reader may read (spec 3.4): the union of the scopes of their assignments that carry the permission — the whole
 * tenant when any of them is over "All users and devices", else the people and devices of the named groups.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { GroupMemberType } from '../db/tables.ts';

export type ReadScope = 'all' | readonly string[];

/**
 * A query condition: any of `columns` (people's ids under `person`, devices' under `device`) is a member of one of
 * `groups`. For a scope of named groups; 'all' needs no condition.
 */
export function inScopeGroups(
  groups: readonly string[],
  columns: Readonly<Record<GroupMemberType, readonly string[]>>,
): RawBuilder<SqlBool> {
  if (groups.length === 0) return sql<SqlBool>`0`;
  const conditions = (['person', 'device'] as const).flatMap((type) => {
    const members = sql`(select member_id from group_members where member_type = ${type} and group_id in (${sql.join(groups)}))`;
    return columns[type].map((column) => sql`${sql.ref(column)} in ${members}`);
  });
  if (conditions.length === 0) return sql<SqlBool>`0`;
  return sql<SqlBool>`(${sql.join(conditions, sql` or `)})`;
}
