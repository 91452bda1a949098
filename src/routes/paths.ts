/**
 * The app's URLs: every screen has one, so back and forward work, a reload lands where the person was, and a link
 * (a join link, an enrollment link, a launched app) opens the right screen. Paths are written here only.
 */
export const paths = {
  home: '/',
  giveHelp: '/give',
  getHelp: '/get',
  join: '/join',
  enroll: '/enroll',
  session: (id: string) => `/sessions/${encodeURIComponent(id)}`,
  devices: '/devices',
  device: (id: string) => `/devices/${encodeURIComponent(id)}`,
  reports: '/reports',
  administration: '/admin',
} as const;

/** Longest security code and enrollment token a link may carry; anything longer is cut. */
const MAX_CODE = 64;
const MAX_TOKEN = 128;

/** The link a helper sends: it opens Get help with the code filled in. */
export function joinLink(code: string, origin = window.location.origin): string {
  return `${origin}${paths.join}?code=${encodeURIComponent(code)}`;
}

/** The link an administrator sends: it opens Enroll with the token filled in. */
export function enrollLink(token: string, origin = window.location.origin): string {
  return `${origin}${paths.enroll}?token=${encodeURIComponent(token)}`;
}

/** The security code a join link carries, if any. */
export function joinCodeOf(search: string | string[] | undefined): string | undefined {
  const code = Array.isArray(search) ? search[0] : search;
  return code?.slice(0, MAX_CODE) || undefined;
}

/** The token an enrollment link carries, if any. */
export function enrollTokenOf(search: string | string[] | undefined): string | undefined {
  const token = Array.isArray(search) ? search[0] : search;
  return token?.slice(0, MAX_TOKEN) || undefined;
}

/** A link launched into the running app, as a path of this app; undefined if it is another site's. */
export function appPathOf(url: URL, origin = window.location.origin): string | undefined {
  return url.origin === origin ? url.pathname + url.search : undefined;
}
