/** Enrollment links (`/enroll?token=…`, made on the Devices page): the token survives the sign-in redirect. */
const KEY = 'remote-help.enroll-token';

export function takeEnrollToken(): string | undefined {
  const url = new URL(window.location.href);
  if (url.pathname === '/enroll') {
    const token = url.searchParams.get('token');
    if (token) sessionStorage.setItem(KEY, token.slice(0, 128));
    window.history.replaceState(null, '', '/');
  }
  return sessionStorage.getItem(KEY) ?? undefined;
}

export function clearEnrollToken(): void {
  sessionStorage.removeItem(KEY);
}

export function enrollLink(token: string): string {
  return `${window.location.origin}/enroll?token=${encodeURIComponent(token)}`;
}
