/**
 * The helper's session actions (spec 4.3, 4.5, 7), declared once for the toolbar and the Alt+Space menu. Each says
 * when it applies, and when it is unavailable, why.
 */
import type { Accessor } from 'solid-js';
import type { HelperLiveSession } from '../../app/live-session.ts';
import { t } from '../../i18n/i18n.ts';
import type { HelperSessionContext } from '../../machines/helper-session.machine.ts';
import type { SessionAction } from './session-actions.tsx';

/** The keys a browser keeps for itself, sent from the menu while in full control. */
const COMBOS = ['ctrlAltDelete', 'meta', 'altTab', 'altF4', 'ctrlShiftEscape', 'printScreen'] as const;

export function makeHelperActions(options: {
  live: HelperLiveSession;
  context: Accessor<HelperSessionContext>;
  /** Whether a mode is set and the screen is being shared. */
  isLive: Accessor<boolean>;
  laserOn: Accessor<boolean>;
  toggleLaser: () => void;
}): { combos: SessionAction[]; mode: SessionAction[]; leave: SessionAction } {
  const { live, context: ctx, isLive } = options;
  const send = live.actor.send.bind(live.actor);
  const sharer = live.session.sharer;
  const permitted = (m: 'view' | 'control' | 'elevation') => live.session.permittedModes.includes(m);
  const waiting = () => ctx().pending !== undefined;
  const notPermitted = (m: 'view' | 'control') => () => (permitted(m) ? undefined : t('session.notPermittedReason'));

  const combos: SessionAction[] = COMBOS.map((combo) => {
    // What the sharer's agent cannot send is shown as such, with the reason, rather than failing when chosen.
    const impossible = () => combo === 'ctrlAltDelete' && live.sharerAgent()?.ctrlAltDelete === false;
    return {
      id: `combo-${combo}`,
      label: () => t(`control.combos.${combo}`),
      run: () => live.control.input({ type: 'key.combo', combo }),
      shown: () => ctx().mode === 'control',
      disabled: impossible,
      note: () => (impossible() ? t('control.ctrlAltDeleteUnavailable', { name: sharer.name }) : undefined),
      menuOnly: true,
    };
  });
  const mode: SessionAction[] = [
    {
      id: 'request-view',
      label: () => t('session.requestView'),
      run: () => send({ type: 'mode.request', mode: 'view' }),
      shown: () => ctx().mode === 'none' && !waiting(),
      disabled: () => !permitted('view'),
      note: notPermitted('view'),
      tone: 'primary',
    },
    {
      id: 'request-control',
      label: () => t('session.requestControl'),
      run: () => send({ type: 'mode.request', mode: 'control' }),
      shown: () => ctx().mode !== 'control' && !(ctx().mode === 'none' && waiting()),
      disabled: () => !permitted('control') || waiting(),
      note: notPermitted('control'),
      tone: 'primary',
    },
    {
      id: 'switch-to-view',
      label: () => t('session.switchToView'),
      run: () => send({ type: 'mode.switchToView' }),
      shown: () => isLive() && ctx().mode === 'control',
    },
    {
      id: 'request-elevation',
      label: () => t('session.requestElevation'),
      run: () => send({ type: 'elevation.request' }),
      shown: () => isLive() && permitted('elevation'),
      disabled: () => !(ctx().mode === 'control' && ctx().elevation === 'none' && !waiting()),
      note: () => (ctx().mode === 'control' ? undefined : t('control.needsControlReason')),
    },
    {
      id: 'laser',
      label: () => t('session.laserPointer'),
      run: options.toggleLaser,
      shown: isLive,
      pressed: options.laserOn,
    },
  ];
  const leave: SessionAction = {
    id: 'leave',
    label: () => t('session.leave'),
    run: () => send({ type: 'session.leave' }),
    tone: 'danger',
  };
  return { combos, mode, leave };
}
