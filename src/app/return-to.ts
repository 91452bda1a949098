/**
 * Where a signed-out person was going (a join link, an enrollment link, any screen): the sign-in redirect comes back
 * to the app's root, so the path is kept in session storage across it and taken once signed in.
 */
const KEY = 'remote-help.return-to';

export function rememberLocation(location: Location = window.location): void {
  const path = location.pathname + location.search;
  if (path !== '/') sessionStorage.setItem(KEY, path);
  else sessionStorage.removeItem(KEY);
}

export function takeRememberedLocation(): string | undefined {
  const path = sessionStorage.getItem(KEY) ?? undefined;
  sessionStorage.removeItem(KEY);
  // Only a path of this app (never another origin).
  return path?.startsWith('/') && !path.startsWith('//') ? path : undefined;
}
