/** Which database engine a Kysely instance talks to, for the few statements the two engines spell differently. */
import { type Kysely, PostgresAdapter } from 'kysely';

export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
