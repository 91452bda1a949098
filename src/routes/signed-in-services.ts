/** What every screen after sign-in works with: the connections made at start, the open sessions, the permissions. */
import type { Permission } from '@remote-help/protocol/domain';
import type { SignedIn } from '../app/bootstrap.ts';
import type { LiveSessions } from '../app/live-sessions.ts';

export interface SignedInServices extends SignedIn {
  sessions: LiveSessions;
  can(permission: Permission): boolean;
}
