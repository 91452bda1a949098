import { createSignal, Match, Show, Switch } from 'solid-js';
import { createSnapshot } from '../../app/create-actor-state.ts';
import type { HelperLiveSession } from '../../app/live-session.ts';
import { t } from '../../i18n/i18n.ts';
import type { HelperNotice } from '../../machines/helper-session.machine.ts';
import { provideSessionMenu } from '../menu/session-menu-actions.ts';
import { announceSessionEvents } from './announce-session.ts';
import { ChatPanel } from './ChatPanel.tsx';
import { ComplianceNotice } from './ComplianceNotice.tsx';
import { ConnectionBanners } from './ConnectionBanners.tsx';
import { createChatToggle } from './chat-toggle.tsx';
import { RemoteScreen, type ScreenInput } from './RemoteScreen.tsx';
import { SessionEnded } from './SessionEnded.tsx';
import { SessionHeader } from './SessionHeader.tsx';

function noticeText(notice: HelperNotice, name: string): string {
  switch (notice.kind) {
    case 'declined': {
      const key = {
        declined: 'session.noticeDeclined',
        picker_cancelled: 'session.noticeDeclinedPicker',
        wrong_surface: 'session.noticeDeclinedSurface',
        not_permitted: 'session.noticeDeclinedNotPermitted',
        busy: 'session.noticeDeclinedBusy',
      } as const;
      return t(key[notice.reason], { name });
    }
    case 'no_answer':
      return t('session.noticeNoAnswer', { name });
    case 'view_only_shared':
      return t('session.noticeViewOnly', { name });
    case 'sharer_switched_to_view':
      return t('session.noticeSharerSwitched', { name });
    case 'sharing_stopped':
      return t('session.noticeSharingStopped', { name });
  }
}

/** The helper's side of a session (spec 4.3): the live screen, the mode, the toolbar, chat and leave. */
export function HelperSessionScreen(props: {
  live: HelperLiveSession;
  onClose: () => void;
  /** Opens a device's page; only for helpers who may read devices. */
  onOpenDevice?: (deviceId: string) => void;
}) {
  const state = createSnapshot(props.live.actor);
  const ctx = () => state().context;
  const sharer = props.live.session.sharer;
  const permitted = (m: 'view' | 'control' | 'elevation') => props.live.session.permittedModes.includes(m);
  const send = props.live.actor.send.bind(props.live.actor);
  const chat = createChatToggle(props.live.session.chatDisabled);
  const [laserOn, setLaserOn] = createSignal(false);
  const screenInput = (): ScreenInput => (laserOn() ? 'laser' : ctx().mode === 'control' ? 'control' : undefined);
  const inputHint = () =>
    laserOn()
      ? t('control.laserHint', { name: sharer.name })
      : ctx().mode === 'control'
        ? t('control.focusHint', { name: sharer.name })
        : t('control.viewOnlyHint');
  const canElevate = () => ctx().mode === 'control' && ctx().elevation === 'none' && ctx().pending === undefined;
  const toggleLaser = () => {
    if (laserOn()) props.live.control.hideLaser();
    setLaserOn(!laserOn());
  };
  const modeName = () =>
    ctx().mode === 'none' ? t('session.notSharing') : t(`mode.${ctx().mode as 'view' | 'control'}`);
  const qualityText = () => {
    const q = props.live.quality();
    if (!q) return t('session.connecting');
    const level = t(`session.qualityLevel.${q.level}`);
    return q.framesPerSecond !== undefined && q.roundTripMs !== undefined
      ? t('session.qualityDetail', { level, fps: Math.round(q.framesPerSecond), rtt: Math.round(q.roundTripMs) })
      : t('session.quality', { level });
  };

  const live = () => state().matches({ active: { negotiation: 'live' } });
  announceSessionEvents({
    otherName: sharer.name,
    mode: () => (ctx().mode === 'none' ? undefined : modeName()),
    notice: () => (ctx().notice ? noticeText(ctx().notice as HelperNotice, sharer.name) : undefined),
    chatEntries: props.live.chatEntries,
  });
  provideSessionMenu(() => {
    if (state().status === 'done') return [];
    // What the sharer's agent cannot send is shown as such, with the reason, rather than failing when chosen.
    const impossible = (combo: string) =>
      combo === 'ctrlAltDelete' && props.live.sharerAgent()?.ctrlAltDelete === false;
    const combos = (['ctrlAltDelete', 'meta', 'altTab', 'altF4', 'ctrlShiftEscape', 'printScreen'] as const).map(
      (combo) => ({
        label: t(`control.combos.${combo}`),
        run: () => props.live.control.input({ type: 'key.combo', combo }),
        ...(impossible(combo)
          ? { disabled: true, note: t('control.ctrlAltDeleteUnavailable', { name: sharer.name }) }
          : {}),
      }),
    );
    const modeAction =
      ctx().mode === 'control'
        ? [...combos, { label: t('session.switchToView'), run: () => send({ type: 'mode.switchToView' }) }]
        : live()
          ? [
              {
                label: t('session.requestControl'),
                run: () => send({ type: 'mode.request', mode: 'control' }),
                disabled: !permitted('control') || ctx().pending !== undefined,
              },
            ]
          : [];
    return [
      ...modeAction,
      ...chat.menuActions(),
      { label: t('session.leave'), run: () => send({ type: 'session.leave' }) },
    ];
  });

  return (
    <main id="main" class="mx-auto flex max-w-7xl flex-col gap-4 p-4">
      <Show
        when={state().status !== 'done'}
        fallback={<SessionEnded reason={ctx().endReason} otherName={sharer.name} onClose={props.onClose} />}
      >
        <SessionHeader
          other={sharer}
          permittedModes={props.live.session.permittedModes}
          cardHeading={t('session.youAreHelping')}
          status={t('session.modeLabel', { mode: modeName() })}
          onLeave={() => send({ type: 'session.leave' })}
        />

        <ConnectionBanners
          otherName={sharer.name}
          otherOnline={ctx().sharerOnline}
          online={ctx().online}
          relayProblem={props.live.relayProblem()}
        />
        <Show when={ctx().notice}>{(n) => <p role="status">{noticeText(n(), sharer.name)}</p>}</Show>
        <Show when={ctx().mode !== 'none'}>
          <ComplianceNotice device={props.live.session.device} onOpenDevice={props.onOpenDevice} />
        </Show>
        <div class="flex flex-wrap items-center gap-2" role="toolbar" aria-label={t('session.toolbar')}>
          <Switch>
            <Match when={state().matches({ active: { negotiation: 'live' } })}>
              <button type="button" class="btn-secondary" aria-pressed={laserOn()} onClick={toggleLaser}>
                {t('session.laserPointer')}
              </button>
              <Show
                when={ctx().mode === 'control'}
                fallback={
                  <button
                    type="button"
                    class="btn-secondary"
                    disabled={!permitted('control') || ctx().pending !== undefined}
                    aria-describedby={permitted('control') ? undefined : 'not-permitted'}
                    onClick={() => send({ type: 'mode.request', mode: 'control' })}
                  >
                    {t('session.requestControl')}
                  </button>
                }
              >
                <button type="button" class="btn-secondary" onClick={() => send({ type: 'mode.switchToView' })}>
                  {t('session.switchToView')}
                </button>
              </Show>
              <Show when={permitted('elevation')}>
                <button
                  type="button"
                  class="btn-secondary"
                  disabled={!canElevate()}
                  aria-describedby={ctx().mode === 'control' ? undefined : 'needs-control'}
                  onClick={() => send({ type: 'elevation.request' })}
                >
                  {t('session.requestElevation')}
                </button>
              </Show>
            </Match>
            <Match when={state().matches({ active: { negotiation: 'requesting' } })}>
              <p role="status">{t('session.waitingForAnswer', { name: sharer.name })}</p>
            </Match>
            <Match when={true}>
              <button
                type="button"
                class="btn-primary"
                disabled={!permitted('view')}
                onClick={() => send({ type: 'mode.request', mode: 'view' })}
              >
                {t('session.requestView')}
              </button>
              <button
                type="button"
                class="btn-primary"
                disabled={!permitted('control')}
                aria-describedby={permitted('control') ? undefined : 'not-permitted'}
                onClick={() => send({ type: 'mode.request', mode: 'control' })}
              >
                {t('session.requestControl')}
              </button>
            </Match>
          </Switch>
          <chat.Button />
          <span class="ms-auto text-sm" role="status">
            {qualityText()}
          </span>
        </div>
        <p id="not-permitted" class="sr-only">
          {t('session.notPermittedReason')}
        </p>
        <p id="needs-control" class="sr-only">
          {t('control.needsControlReason')}
        </p>
        <Show when={ctx().elevation === 'granted'}>
          <p role="status" class="font-semibold text-amber-800 dark:text-amber-300">
            {t('control.elevationGranted')}
          </p>
        </Show>
        <Show when={ctx().mode === 'control' && props.live.sharerAgent()?.adminPrompts === false}>
          <p class="text-sm">{t('control.adminPromptsUnreachable', { name: sharer.name })}</p>
        </Show>
        <Show when={ctx().mode !== 'none'}>
          <p class="text-sm text-slate-700 dark:text-slate-300">{inputHint()}</p>
        </Show>
        <div class="grid min-h-0 gap-4 lg:grid-cols-[1fr_22rem]">
          <div class="flex aspect-video items-center justify-center overflow-hidden rounded-xl bg-slate-900 text-slate-100">
            <Show
              when={ctx().mode !== 'none' && props.live.remoteStream()}
              fallback={<p>{t('session.waitingForScreen')}</p>}
            >
              {(stream) => (
                <RemoteScreen
                  stream={stream()}
                  label={t('session.screenLabel', { name: sharer.name })}
                  input={screenInput()}
                  inputLabel={t('control.screenInput', { name: sharer.name })}
                  inputHint={inputHint()}
                  onControl={(event) => {
                    if (ctx().mode === 'control') props.live.control.input(event);
                  }}
                  onLaser={(x, y) => props.live.control.laser(x, y)}
                  onLaserHide={() => props.live.control.hideLaser()}
                />
              )}
            </Show>
          </div>
          <Show when={chat.open()}>
            <ChatPanel thread={props.live.chat} entries={props.live.chatEntries()} otherName={sharer.name} />
          </Show>
        </div>
      </Show>
    </main>
  );
}
