/**
 * How the helper looks at the sharer's screen (issue 14): full screen (with the keyboard lock where the browser has
 * one), fitted to the window, actual size, zoom out and in — declared once for the toolbar and the Alt+Space menu
 * like every session action.
 */
import type { Accessor } from 'solid-js';
import {
  ACTUAL_SIZE,
  canZoomIn,
  canZoomOut,
  FIT,
  type ScreenView,
  zoomIn,
  zoomOut,
} from '../../control/screen-view.ts';
import { t } from '../../i18n/i18n.ts';
import type { FullScreen } from '../../window/full-screen.ts';
import type { SessionAction } from './session-actions.tsx';

export function makeViewActions(options: {
  fullScreen: FullScreen;
  /** What goes full screen: the session's screen with its bar. */
  target: () => HTMLElement | undefined;
  view: Accessor<ScreenView>;
  setView: (view: ScreenView) => void;
  /** The scale the fitted view shows now; undefined before the first frame. */
  fitted: Accessor<number | undefined>;
  /** Whether the sharer's screen is shown. */
  shown: Accessor<boolean>;
}): SessionAction[] {
  const { fullScreen, view, setView, fitted, shown } = options;
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
      shown,
      pressed: fullScreen.active,
    },
    {
      id: 'fit',
      label: () => t('screenView.fit'),
      run: () => setView(FIT),
      shown,
      pressed: () => view().kind === 'fit',
    },
    {
      id: 'actual-size',
      label: () => t('screenView.actualSize'),
      run: () => setView(ACTUAL_SIZE),
      shown,
      pressed: () => {
        const v = view();
        return v.kind === 'scale' && v.scale === 1;
      },
    },
    {
      id: 'zoom-out',
      label: () => t('screenView.zoomOut'),
      icon: '−',
      run: () => setView(zoomOut(view(), fitted())),
      shown,
      disabled: () => !canZoomOut(view(), fitted()),
    },
    {
      id: 'zoom-in',
      label: () => t('screenView.zoomIn'),
      icon: '+',
      run: () => setView(zoomIn(view(), fitted())),
      shown,
      disabled: () => !canZoomIn(view(), fitted()),
    },
  ];
}
