/**
 * Where a signed-out person was going (a join link, an enrollment link, any screen): the sign-in redirect comes back
 * to the app's root, so the path is kept in session storage across it and taken once signed in.
 */
const KEY = 'remote-help.return-to';

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function rememberLocation(
  location: Pick<Location, 'pathname' | 'search'> = window.location,
  storage: Storage = sessionStorage,
): void {
  const path = location.pathname + location.search;
  if (path !== '/') storage.setItem(KEY, path);
  else storage.removeItem(KEY);
}

/** The remembered path, once; only a path of this app (never another origin's address). */
export function takeRememberedLocation(storage: Storage = sessionStorage): string | undefined {
  const path = storage.getItem(KEY) ?? undefined;
  storage.removeItem(KEY);
  return path?.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : undefined;
}
