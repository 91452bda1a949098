/** Resolves the caller of an API request from the bearer token: verified claims first, then the directory. */
import type { Permission } from '@remote-help/protocol/domain';
import type { FastifyRequest } from 'fastify';
import type { Directory, DirectoryUser } from '../directory/directory.ts';
import { Refusal } from '../domain/refusal.ts';
import type { TokenVerifier } from '../identity/verify-token.ts';

export function makeAuthenticate(verifier: TokenVerifier, directory: Directory) {
  return async function authenticate(req: FastifyRequest): Promise<AuthenticatedUser> {
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new Refusal('unauthenticated', 'Sign in first.');
    let identity: Awaited<ReturnType<TokenVerifier['verify']>>;
    try {
      identity = await verifier.verify(token);
    } catch {
      throw new Refusal('unauthenticated', 'Your sign-in is not valid any more. Sign in again.');
    }
    const user = await directory.findUser(identity.userId);
    if (!user || user.tenantId !== identity.tenantId) {
      throw new Refusal('not_in_directory', 'Your account is not in the organisation directory.');
    }
    return { ...user, amr: identity.amr };
  };
}

/** A directory user and how this request's sign-in was made (its `amr` claim), for conditional access. */
export type AuthenticatedUser = DirectoryUser & { amr: readonly string[] };

/** Authenticates, then refuses (403 `forbidden`, naming the permission) anyone whose roles lack `permission`. */
export function makeRequirePermission(
  authenticate: (req: FastifyRequest) => Promise<AuthenticatedUser>,
  directory: Directory,
) {
  return async function requirePermission(req: FastifyRequest, permission: Permission): Promise<AuthenticatedUser> {
    const user = await authenticate(req);
    if (!(await directory.permissionsOf(user.id)).includes(permission)) {
      throw new Refusal('forbidden', `This needs the ${permission} permission.`);
    }
    return user;
  };
}

/** Who is calling, for the route files: anyone signed in, or only someone holding a permission. */
export interface Callers {
  authenticate: (req: FastifyRequest) => Promise<AuthenticatedUser>;
  requirePermission: (req: FastifyRequest, permission: Permission) => Promise<AuthenticatedUser>;
}
