import type { AgentCapabilities } from '@remote-help/protocol/peer-channels';
import { createEffect, createMemo, Match, on, Show, Switch } from 'solid-js';
import type { AgentStatus } from '../../agent/agent-link.ts';
import { createSnapshot } from '../../app/create-actor-state.ts';
import type { SharerLiveSession } from '../../app/live-session.ts';
import { t } from '../../i18n/i18n.ts';
import type { SharerNotice } from '../../machines/sharer-session.machine.ts';
import { announce } from '../Announcer.tsx';
import { focusOnMount } from '../focus-on-mount.ts';
import { announceSessionEvents } from './announce-session.ts';
import { ChatPanel } from './ChatPanel.tsx';
import { ConnectionBanners } from './ConnectionBanners.tsx';
import { createChatToggle } from './chat-toggle.tsx';
import { FloatingStatus } from './FloatingStatus.tsx';
import { LaserView } from './LaserView.tsx';
import { SessionEnded } from './SessionEnded.tsx';
import { SessionHeader } from './SessionHeader.tsx';
import { ActionButtons, provideSessionActions, type SessionAction } from './session-actions.tsx';
import { makeSharerActions, sharerModeName } from './sharer-actions.ts';

function noticeText(notice: SharerNotice, name: string): string {
  switch (notice.kind) {
    case 'refused':
      return t('session.refused', {
        what: notice.request === 'elevation' ? t('mode.elevation') : t(`mode.${notice.request}`),
      });
    case 'wrong_surface':
      return t('session.wrongSurface');
    case 'picker_cancelled':
      return t('session.pickerCancelled');
    case 'helper_switched_to_view':
      return t('session.helperSwitched', { name });
    case 'agent_lost':
      return t('agent.lost', { name });
  }
}

/**
 * Whether this machine's control agent runs, what it cannot reach (said plainly, so nobody expects a helper to
 * answer a UAC prompt it cannot see the controls of), and how to get and start it when it does not run.
 */
function AgentStatusLine(props: {
  status: AgentStatus;
  capabilities: AgentCapabilities | null;
  download: string | null;
}) {
  const origin = window.location.origin;
  return (
    <div class="space-y-1 text-sm">
      <Show when={props.status.kind === 'connected'} fallback={<p>{t('agent.notRunning')}</p>}>
        <p>{t('agent.connected')}</p>
      </Show>
      <Show when={props.capabilities?.adminPrompts === false}>
        <p>{t('agent.adminPromptsUnreachable')}</p>
      </Show>
      <Show when={props.status.kind === 'unavailable'}>
        <Show
          when={props.download}
          fallback={<p>{t('agent.howToStart', { command: `npx remote-help-agent --app ${origin}` })}</p>}
        >
          {(href) => (
            <>
              <p>
                <a class="underline" href={href()} download="remote-help-agent.exe">
                  {t('agent.downloadWindows')}
                </a>
              </p>
              <p>{t('agent.howToStartWindows', { command: `remote-help-agent.exe --app ${origin}` })}</p>
            </>
          )}
        </Show>
      </Show>
    </div>
  );
}

/** The sharer's side (spec 4.3): who helps in which mode, the helper's requests, chat, stop sharing and leave. */
export function SharerSessionScreen(props: { live: SharerLiveSession; onClose: () => void }) {
  const state = createSnapshot(props.live.actor);
  const ctx = () => state().context;
  const helper = props.live.session.helper;
  const send = props.live.actor.send.bind(props.live.actor);
  const chat = createChatToggle({
    chatDisabled: props.live.session.chatDisabled,
    entries: props.live.chatEntries,
    openAtFirst: true,
  });
  const sharing = (s: 'idle' | 'awaitingConsent' | 'capturing' | 'wrongSurface' | 'live') =>
    state().matches({ active: { sharing: s } });
  const modeName = () => sharerModeName(ctx().mode);
  const actions = makeSharerActions(props.live);
  const { floating, notifications } = props.live.status;
  const floatingContent = () => <FloatingStatus live={props.live} />;
  // The Allow click that started sharing usually still counts once the picker closes: the floating window opens then.
  // A memo: only the start of sharing opens it, not every later change of the session while it is shared.
  const isLive = createMemo(() => sharing('live'));
  createEffect(
    on(
      isLive,
      (live) => {
        if (live) floating.openIfActivated(floatingContent);
      },
      { defer: true },
    ),
  );

  announceSessionEvents({
    say: announce,
    otherName: helper.name,
    mode: () => (ctx().mode === 'none' ? undefined : modeName()),
    request: () => {
      const request = ctx().request;
      if (!request || !(sharing('awaitingConsent') || sharing('live'))) return undefined;
      return request === 'view'
        ? t('session.askView', { name: helper.name })
        : t('session.askControl', { name: helper.name });
    },
    notice: () => (ctx().notice ? noticeText(ctx().notice as SharerNotice, helper.name) : undefined),
    chatEntries: props.live.chatEntries,
  });
  // Declared once for the toolbar and the Alt+Space menu.
  const toolbar: SessionAction[] = [
    chat.action,
    actions.switchToView,
    actions.stopSharing,
    {
      id: 'show-floating-status',
      label: () => t('sharerStatus.showFloating'),
      run: () => void floating.open(floatingContent),
      shown: () => floating.supported && !floating.isOpen(),
    },
    {
      // Where no floating window can be shown, notifications say when the mode changes; asked for, never forced.
      id: 'notify-mode-changes',
      label: () => t('sharerStatus.notifyModeChanges'),
      run: () => void notifications.ask(),
      shown: () => !floating.supported && notifications.state() === 'default',
    },
  ];
  const leave = actions.leave;
  provideSessionActions(() => (state().status === 'done' ? [] : [...toolbar, leave]));

  return (
    <main id="main" class="mx-auto flex max-w-4xl flex-col gap-4 p-4">
      <Show
        when={state().status !== 'done' && !state().matches('signingOut')}
        fallback={
          <SessionEnded
            reason={ctx().endReason}
            otherName={helper.name}
            onClose={props.onClose}
            problem={ctx().signOutFailed ? t('leaveWarning.signOutFailed') : undefined}
          />
        }
      >
        <SessionHeader
          other={helper}
          permittedModes={props.live.session.permittedModes}
          cardHeading={t('session.helpingYou')}
          status={t('session.helpingBanner', { name: helper.name, mode: modeName() })}
          leave={leave}
        />
        <ConnectionBanners
          otherName={helper.name}
          otherOnline={ctx().helperOnline}
          online={ctx().online}
          relayProblem={props.live.relayProblem()}
        />
        <Show when={ctx().notice}>{(n) => <p role="status">{noticeText(n(), helper.name)}</p>}</Show>

        <Switch>
          <Match when={(sharing('awaitingConsent') || sharing('live')) && ctx().request}>
            {(request) => (
              <section class="panel space-y-3 border-amber-400" aria-labelledby="request-text">
                <p id="request-text" class="font-semibold">
                  {request() === 'view'
                    ? t('session.askView', { name: helper.name })
                    : t('session.askControl', { name: helper.name })}
                </p>
                <Show when={request() === 'control' && !ctx().agentReady}>
                  <p id="control-needs-agent">{t('agent.neededForControl')}</p>
                </Show>
                <div class="flex flex-wrap gap-2">
                  <button
                    type="button"
                    class="btn-primary"
                    disabled={request() === 'control' && !ctx().agentReady}
                    aria-describedby={request() === 'control' && !ctx().agentReady ? 'control-needs-agent' : undefined}
                    onClick={() => send({ type: 'consent.allow' })}
                  >
                    {request() === 'view' ? t('session.allowView') : t('session.allowControl')}
                  </button>
                  <Show when={request() === 'control' && !ctx().agentReady && sharing('awaitingConsent')}>
                    <button type="button" class="btn-secondary" onClick={() => send({ type: 'consent.viewOnly' })}>
                      {t('session.shareViewOnly')}
                    </button>
                  </Show>
                  <button type="button" class="btn-secondary" onClick={() => send({ type: 'consent.decline' })}>
                    {t('session.decline')}
                  </button>
                </div>
              </section>
            )}
          </Match>
          <Match when={sharing('capturing')}>
            <p role="status">{t('session.choosing')}</p>
          </Match>
          <Match when={sharing('wrongSurface')}>
            <section class="panel space-y-3">
              <div class="flex flex-wrap gap-2">
                <button type="button" class="btn-primary" onClick={() => send({ type: 'consent.viewOnly' })}>
                  {t('session.shareViewOnly')}
                </button>
                <button type="button" class="btn-secondary" onClick={() => send({ type: 'consent.decline' })}>
                  {t('session.decline')}
                </button>
              </div>
            </section>
          </Match>
        </Switch>

        <Show when={ctx().confirmLeave}>
          <section
            class="panel space-y-3 border-red-600"
            role="alertdialog"
            aria-labelledby="leave-warning-heading"
            aria-describedby="leave-warning-body"
          >
            <h2 id="leave-warning-heading" class="text-xl font-semibold" tabIndex={-1} ref={focusOnMount}>
              {t('leaveWarning.heading')}
            </h2>
            <p id="leave-warning-body">{t('leaveWarning.body', { name: helper.name })}</p>
            <div class="flex flex-wrap gap-2">
              <button
                type="button"
                class="btn bg-red-700 text-white hover:bg-red-800"
                onClick={() => send({ type: 'session.leaveAndSignOut' })}
              >
                {t('leaveWarning.leaveAndSignOut')}
              </button>
              <button type="button" class="btn-secondary" onClick={() => send({ type: 'session.stay' })}>
                {t('leaveWarning.stay')}
              </button>
            </div>
          </section>
        </Show>
        <Show when={ctx().elevation === 'granted'}>
          <p class="font-semibold text-amber-800 dark:text-amber-300" role="status">
            {t('control.elevationActive', { name: helper.name })}
          </p>
        </Show>
        <AgentStatusLine
          status={props.live.control.agentStatus()}
          capabilities={props.live.control.agentCapabilities()}
          download={props.live.agentDownload}
        />

        <Show when={ctx().elevation === 'requested'}>
          <section class="panel space-y-3" aria-live="assertive">
            <p class="font-semibold">{t('session.askElevation', { name: helper.name })}</p>
            <div class="flex flex-wrap gap-2">
              <button type="button" class="btn-primary" onClick={() => send({ type: 'elevation.allow' })}>
                {t('session.allowElevation')}
              </button>
              <button type="button" class="btn-secondary" onClick={() => send({ type: 'elevation.decline' })}>
                {t('session.decline')}
              </button>
            </div>
          </section>
        </Show>

        <div class="flex flex-wrap items-center gap-2" role="toolbar" aria-label={t('session.toolbar')}>
          <ActionButtons actions={toolbar} />
          <Show when={sharing('live')}>
            <span class="text-sm" role="status">
              {t('session.youAreSharing')}
            </span>
          </Show>
        </div>
        <LaserView stream={props.live.localStream()} at={props.live.control.laser()} />
        <Show when={chat.open()}>
          <ChatPanel thread={props.live.chat} entries={props.live.chatEntries()} otherName={helper.name} />
        </Show>
      </Show>
    </main>
  );
}
