/**
 * The sharer's own session actions (spec 4.3, 4.8), declared once for the session screen's toolbar, the Alt+Space menu
 * and the floating status window, so each does exactly the same wherever it is chosen.
 */

import { createSnapshot } from '../../app/create-actor-state.ts';
import type { SharerLiveSession } from '../../app/live-session.ts';
import { t } from '../../i18n/i18n.ts';
import type { SessionAction } from './session-actions.tsx';

export interface SharerActions {
  switchToView: SessionAction;
  stopSharing: SessionAction;
  leave: SessionAction;
  /** After elevated actions, Leave asks first (spec 4.5): these answer it. */
  leaveAndSignOut: SessionAction;
  stay: SessionAction;
}

/** Follows the session for the calling component's lifetime. */
export function makeSharerActions(live: SharerLiveSession): SharerActions {
  const state = createSnapshot(live.actor);
  const send = live.actor.send.bind(live.actor);
  const sharingLive = () => state().matches({ active: { sharing: 'live' } });
  return {
    switchToView: {
      id: 'switch-to-view',
      label: () => t('session.switchToView'),
      run: () => send({ type: 'mode.switchToView' }),
      shown: () => sharingLive() && state().context.mode === 'control',
    },
    stopSharing: {
      id: 'stop-sharing',
      label: () => t('session.stopSharing'),
      run: () => send({ type: 'sharing.stop' }),
      shown: sharingLive,
    },
    leave: {
      id: 'leave',
      label: () => t('session.leave'),
      run: () => send({ type: 'session.leave' }),
      tone: 'danger',
    },
    leaveAndSignOut: {
      id: 'leave-and-sign-out',
      label: () => t('leaveWarning.leaveAndSignOut'),
      run: () => send({ type: 'session.leaveAndSignOut' }),
      tone: 'danger',
    },
    stay: {
      id: 'stay',
      label: () => t('leaveWarning.stay'),
      run: () => send({ type: 'session.stay' }),
    },
  };
}

/** The mode as the sharer reads it. */
export function sharerModeName(mode: 'none' | 'view' | 'control'): string {
  return mode === 'none' ? t('session.notSharing') : t(`mode.${mode}`);
}
