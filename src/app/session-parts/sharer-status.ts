/**
 * What tells the sharer, outside the page, that their screen is shared and how (issue 14): the title and favicon while
 * sharing, the floating status window where the browser has Document Picture-in-Picture, and elsewhere a system
 * notification at each change of mode. All of it lasts as long as the session.
 */
import type { Session } from '@remote-help/protocol/domain';
import { t } from '../../i18n/i18n.ts';
import { createFloatingWindow, type FloatingWindow } from '../../window/floating-window.ts';
import {
  createNotificationPermission,
  type NotificationPermissionState,
  notifyModeChanges,
} from '../../window/mode-notifications.ts';
import { showSharingInWindow } from '../../window/sharing-indicator.ts';
import { createSnapshot } from '../create-actor-state.ts';
import type { SharerSessionActor } from './sharer-parts.ts';

export interface SharerStatus {
  floating: FloatingWindow;
  /** Asked for only where there is no floating window: notifications stand in for it. */
  notifications: NotificationPermissionState;
}

/** Small enough to stay out of the way, large enough for the buttons and the last few messages. */
const FLOATING_SIZE = { width: 340, height: 300 };

export function createSharerStatus(actor: SharerSessionActor, session: Session): SharerStatus {
  const state = createSnapshot(actor);
  const mode = () => state().context.mode;
  showSharingInWindow(mode);
  const floating = createFloatingWindow({ title: () => t('sharerStatus.floatingTitle'), ...FLOATING_SIZE });
  const notifications = createNotificationPermission();
  if (!floating.supported) notifyModeChanges(mode, session.helper.name, { sessionId: session.id });
  return { floating, notifications };
}
