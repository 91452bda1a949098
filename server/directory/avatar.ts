/** Generated profile pictures: initials on a colour derived from the person's id, as an SVG data URL. */
import { createHash } from 'node:crypto';

// Dark enough that white initials keep a contrast ratio above 4.5:1.
const PALETTE = ['#1f5f99', '#7a3b8f', '#0f6e5a', '#9a3412', '#4338ca', '#9d174d', '#3f6212', '#155e75'];

function initials(name: string): string {
  const parts = name.trim().split(/\s+/u);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.codePointAt(0)};`);

export function avatarDataUrl(id: string, name: string): string {
  const digest = createHash('sha256').update(id).digest();
  const colour = PALETTE[(digest[0] ?? 0) % PALETTE.length];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 96 96">` +
    `<rect width="96" height="96" rx="48" fill="${colour}"/>` +
    `<text x="48" y="60" font-family="system-ui,sans-serif" font-size="36" font-weight="600" fill="#fff" text-anchor="middle">${escapeXml(initials(name))}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
