/**
 * While the sharer's screen is shared, the page's title and favicon say so (issue 14): they show in the tab strip, the
 * taskbar and the window switcher whatever window is in front. Both come back as they were when sharing ends.
 */
import { type Accessor, createEffect, onCleanup } from 'solid-js';
import { t } from '../i18n/i18n.ts';

export type SharedMode = 'none' | 'view' | 'control';

/** The favicon while something is shared (public/): the app's icon with a red dot. */
export const SHARING_FAVICON = '/favicon-sharing.svg';

/** Which title says what is shared now, or undefined when nothing is and the page's own title stands. */
export function sharingTitleKey(mode: SharedMode) {
  if (mode === 'view') return 'sharerStatus.titleViewed' as const;
  if (mode === 'control') return 'sharerStatus.titleControlled' as const;
  return undefined;
}

/** Follows `mode` for the calling owner's lifetime; leaving it (the session ends) restores the title and icon. */
export function showSharingInWindow(mode: Accessor<SharedMode>, doc: Document = document): void {
  let saved: { title: string; icon: string | null } | undefined;
  const icon = () => doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  const restore = () => {
    if (!saved) return;
    doc.title = saved.title;
    if (saved.icon !== null) icon()?.setAttribute('href', saved.icon);
    saved = undefined;
  };
  createEffect(() => {
    const key = sharingTitleKey(mode());
    if (!key) return restore();
    saved ??= { title: doc.title, icon: icon()?.getAttribute('href') ?? null };
    // Reads the language too: the title follows a change of language while sharing.
    doc.title = t(key, { title: saved.title });
    icon()?.setAttribute('href', SHARING_FAVICON);
  });
  onCleanup(restore);
}
