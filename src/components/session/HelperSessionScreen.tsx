import { createEffect, createSignal, Show } from 'solid-js';
import { createSnapshot } from '../../app/create-actor-state.ts';
import type { HelperLiveSession } from '../../app/live-session.ts';
import { currentScale, FIT, type ScreenView } from '../../control/screen-view.ts';
import { formatPercent, t } from '../../i18n/i18n.ts';
import type { HelperNotice } from '../../machines/helper-session.machine.ts';
import { createFullScreen } from '../../window/full-screen.ts';
import { announce } from '../Announcer.tsx';
import { announceSessionEvents } from './announce-session.ts';
import { ChatPanel } from './ChatPanel.tsx';
import { ComplianceNotice } from './ComplianceNotice.tsx';
import { ConnectionBanners } from './ConnectionBanners.tsx';
import { createChatToggle } from './chat-toggle.tsx';
import { HelperSessionBar } from './HelperSessionBar.tsx';
import { makeHelperActions } from './helper-actions.ts';
import { RemoteScreen, type ScreenInput } from './RemoteScreen.tsx';
import { SessionEnded } from './SessionEnded.tsx';
import { StatusItem } from './StatusItem.tsx';
import { ActionButton, ActionButtons, provideSessionActions } from './session-actions.tsx';
import { makeViewActions } from './view-actions.ts';

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

/**
 * The helper's side of a session (spec 4.3): the live screen takes the window; who is helped, the mode, the
 * connection and the actions are one slim header and one bar above it, and chat is a side panel that can be closed.
 */
export function HelperSessionScreen(props: {
  live: HelperLiveSession;
  onClose: () => void;
  /** Opens a device's page; only for helpers who may read devices. */
  onOpenDevice?: (deviceId: string) => void;
}) {
  const state = createSnapshot(props.live.actor);
  const ctx = () => state().context;
  const sharer = props.live.session.sharer;
  // The picture comes first: chat starts closed, and counts what arrives meanwhile.
  const chat = createChatToggle({
    chatDisabled: props.live.session.chatDisabled,
    entries: props.live.chatEntries,
    openAtFirst: false,
  });
  const [laserOn, setLaserOn] = createSignal(false);
  const live = () => state().matches({ active: { negotiation: 'live' } });
  const screenInput = (): ScreenInput => (laserOn() ? 'laser' : ctx().mode === 'control' ? 'control' : undefined);
  const inputHint = () =>
    laserOn()
      ? t('control.laserHint', { name: sharer.name })
      : ctx().mode === 'control'
        ? t('control.focusHint', { name: sharer.name })
        : t('control.viewOnlyHint');
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

  let screenElement: HTMLElement | undefined;
  const fullScreen = createFullScreen();
  // In full screen with full control, the keys the helper's system keeps for itself go to the sharer instead.
  createEffect(() => fullScreen.lockKeys(ctx().mode === 'control'));
  const [view, setView] = createSignal<ScreenView>(FIT);
  const [fitted, setFitted] = createSignal<number>();
  const viewActions = makeViewActions({
    fullScreen,
    target: () => screenElement,
    view,
    setView,
    fitted,
    shown: live,
  });
  const zoomLevel = () => {
    const scale = currentScale(view(), fitted());
    return scale === undefined ? undefined : t('screenView.zoomLevel', { percent: formatPercent(scale) });
  };
  const actions = makeHelperActions({
    live: props.live,
    context: ctx,
    isLive: live,
    laserOn,
    toggleLaser: () => {
      if (laserOn()) props.live.control.hideLaser();
      setLaserOn(!laserOn());
    },
  });
  announceSessionEvents({
    say: announce,
    otherName: sharer.name,
    mode: () => (ctx().mode === 'none' ? undefined : modeName()),
    notice: () => (ctx().notice ? noticeText(ctx().notice as HelperNotice, sharer.name) : undefined),
    chatEntries: props.live.chatEntries,
  });
  const allActions = [...actions.combos, ...actions.mode, ...viewActions, chat.action, actions.leave];
  provideSessionActions(() => (state().status === 'done' ? [] : allActions));

  return (
    <main
      id="main"
      ref={screenElement}
      class="fills-window flex min-h-0 flex-1 flex-col gap-2 bg-slate-50 px-3 py-2 dark:bg-slate-950"
    >
      <Show
        when={state().status !== 'done'}
        fallback={
          <div class="mx-auto w-full max-w-4xl">
            <SessionEnded reason={ctx().endReason} otherName={sharer.name} onClose={props.onClose} />
          </div>
        }
      >
        <HelperSessionBar
          other={sharer}
          permittedModes={props.live.session.permittedModes}
          moded={ctx().mode !== 'none'}
          toolbar={
            <>
              <ActionButtons actions={actions.mode} />
              <ActionButtons actions={viewActions} />
              <Show when={live() && zoomLevel()}>{(level) => <StatusItem live>{level()}</StatusItem>}</Show>
              <ActionButton action={chat.action} />
            </>
          }
          leave={actions.leave}
          status={
            <>
              <StatusItem live>{t('session.modeLabel', { mode: modeName() })}</StatusItem>
              <Show when={state().matches({ active: { negotiation: 'requesting' } })}>
                <StatusItem live>{t('session.waitingForAnswer', { name: sharer.name })}</StatusItem>
              </Show>
              <Show when={ctx().notice}>{(n) => <StatusItem live>{noticeText(n(), sharer.name)}</StatusItem>}</Show>
              <Show when={ctx().elevation === 'granted'}>
                <StatusItem live tone="warning">
                  {t('control.elevationGranted')}
                </StatusItem>
              </Show>
              <Show when={ctx().mode !== 'none'}>
                <ComplianceNotice device={props.live.session.device} onOpenDevice={props.onOpenDevice} />
              </Show>
              <StatusItem live>{qualityText()}</StatusItem>
              <Show when={fullScreen.active()}>
                <StatusItem live tone="warning">
                  {fullScreen.keysLocked()
                    ? t('screenView.fullScreenKeysLocked', { name: sharer.name })
                    : t('screenView.fullScreenEscape')}
                </StatusItem>
              </Show>
            </>
          }
          inputHints={
            <div class="panel space-y-1 p-3 text-sm">
              <p>{inputHint()}</p>
              <Show when={ctx().mode === 'control' && props.live.sharerAgent()?.adminPrompts === false}>
                <p>{t('control.adminPromptsUnreachable', { name: sharer.name })}</p>
              </Show>
            </div>
          }
        />
        <ConnectionBanners
          otherName={sharer.name}
          otherOnline={ctx().sharerOnline}
          online={ctx().online}
          relayProblem={props.live.relayProblem()}
        />
        <div class="flex min-h-0 flex-1 flex-col gap-2 md:flex-row">
          <div class="relative min-h-48 min-w-0 flex-1 overflow-hidden rounded-lg bg-slate-900 text-slate-100">
            <Show
              when={ctx().mode !== 'none' && props.live.remoteStream()}
              fallback={<p class="absolute inset-0 grid place-items-center p-4">{t('session.waitingForScreen')}</p>}
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
                  view={view()}
                  onFitScale={setFitted}
                />
              )}
            </Show>
          </div>
          <Show when={chat.open()}>
            <ChatPanel
              class="min-h-48 md:w-80 md:shrink-0"
              thread={props.live.chat}
              entries={props.live.chatEntries()}
              otherName={sharer.name}
            />
          </Show>
        </div>
      </Show>
    </main>
  );
}
