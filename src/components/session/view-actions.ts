/**
 * How the helper looks at the sharer's screen (issue 14): full screen (with the keyboard lock where the browser has
 * one), declared once for the toolbar and the Alt+Space menu like every session action.
 */
import type { Accessor } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import type { FullScreen } from '../../window/full-screen.ts';
import type { SessionAction } from './session-actions.tsx';

export function makeViewActions(options: {
  fullScreen: FullScreen;
  /** What goes full screen: the session's screen with its bar. */
  target: () => HTMLElement | undefined;
  /** Whether the sharer's screen is shown. */
  shown: Accessor<boolean>;
}): SessionAction[] {
  const { fullScreen } = options;
  return [
    {
      id: 'full-screen',
      label: () => t('screenView.fullScreen'),
      run: () => {
        const target = options.target();
        if (fullScreen.active()) void fullScreen.exit().catch(() => {});
        // Refused (no user gesture, or not allowed in this frame): nothing changes, and nothing is lost.
        else if (target) void fullScreen.enter(target).catch(() => {});
      },
      shown: options.shown,
      pressed: fullScreen.active,
    },
  ];
}
