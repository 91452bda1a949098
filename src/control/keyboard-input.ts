/**
 * What one of the helper's key presses means for the sharer's screen. Characters travel as text, so they arrive
 * exactly as typed whatever the sharer's keyboard layout; keys that are not characters (Enter, arrows, F-keys)
 * and shortcuts (with Ctrl, Alt or the Windows key) travel as physical keys.
 */
import type { ControlEvent } from '@remote-help/protocol/peer-channels';

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
  isComposing: boolean;
  altGraph: boolean;
}

/** Alt+Space belongs to the app, from anywhere (spec 7): it opens the menu, also the way out of captured keyboard input. */
export function isAppShortcut(e: Pick<KeyLike, 'altKey' | 'ctrlKey' | 'metaKey' | 'code'>): boolean {
  return e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'Space';
}

const CODE = /^[A-Za-z0-9]{1,24}$/;

export function keyDownEvent(e: KeyLike): ControlEvent | undefined {
  if (e.isComposing || isAppShortcut(e)) return undefined;
  const single = Array.from(e.key).length === 1;
  const shortcut = e.ctrlKey || e.metaKey || (e.altKey && !e.altGraph);
  if (single && !shortcut) return { type: 'text', text: e.key };
  return CODE.test(e.code) ? { type: 'key', code: e.code, down: true } : undefined;
}
