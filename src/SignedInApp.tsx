import type { Permission } from '@remote-help/protocol/domain';
import { createSignal, Match, Show, Switch } from 'solid-js';
import { clearJoinCode, joinCodeOf, joinLink, type SignedIn, takeJoinCode } from './app/bootstrap.ts';
import { makeLaunchActor } from './app/launch-actors.ts';
import { onLaunch } from './app/launch-queue.ts';
import { allowLaunchNotifications, createLaunchRequests } from './app/launch-requests.ts';
import { makeLiveSessions } from './app/live-sessions.ts';
import { makeHelperCodeActor, makeSharerCodeActor } from './app/pairing-actors.ts';
import { saveFile } from './app/save-file.ts';
import { AdministrationScreen } from './components/admin/AdministrationScreen.tsx';
import { DeviceDetailsScreen } from './components/devices/DeviceDetailsScreen.tsx';
import { DeviceStatus } from './components/devices/DeviceStatus.tsx';
import { DevicesScreen } from './components/devices/DevicesScreen.tsx';
import { EnrollScreen } from './components/devices/EnrollScreen.tsx';
import { LaunchPrompt } from './components/devices/LaunchPrompt.tsx';
import { GetHelpScreen } from './components/GetHelpScreen.tsx';
import { GiveHelpScreen } from './components/GiveHelpScreen.tsx';
import { HomeScreen } from './components/HomeScreen.tsx';
import { ReportsScreen } from './components/ReportsScreen.tsx';
import { HelperSessionScreen } from './components/session/HelperSessionScreen.tsx';
import { SessionTabs } from './components/session/SessionTabs.tsx';
import { SharerSessionScreen } from './components/session/SharerSessionScreen.tsx';
import { describeOs } from './devices/device-identity.ts';
import { clearEnrollToken, enrollLink, takeEnrollToken } from './devices/enroll-link.ts';

/**
 * Everything after sign-in: home, giving and getting help, and the open sessions. Its own chunk, loaded once
 * signed in, so the sign-in screen does not wait for the WebRTC and session code.
 */
type Screen =
  | { name: 'reports' }
  | { name: 'administration' }
  | { name: 'home' }
  | { name: 'give' }
  | { name: 'get'; code?: string }
  | { name: 'session'; id: string }
  | { name: 'devices' }
  | { name: 'device'; id: string }
  | { name: 'enroll'; token?: string };

export default function SignedInApp(props: { signedIn: SignedIn }) {
  const { api, socket, me, openSessions, devices, deviceIdentity } = props.signedIn;
  const can = (permission: Permission) => me.permissions.includes(permission);
  const sessions = makeLiveSessions({
    socket,
    api,
    myId: me.card.id,
    agentPort: props.signedIn.agentPort,
    agentDownloads: props.signedIn.agentDownloads,
  });
  // After a reload, the sessions that are still open come back, and the newest of them is shown.
  const newestFirst = [...openSessions].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  for (const session of newestFirst) sessions.add(session);
  const joinCode = takeJoinCode();
  const enrollToken = takeEnrollToken();
  const [screen, setScreen] = createSignal<Screen>(
    joinCode
      ? { name: 'get', code: joinCode }
      : enrollToken
        ? { name: 'enroll', token: enrollToken }
        : newestFirst[0]
          ? { name: 'session', id: newestFirst[0].id }
          : { name: 'home' },
  );
  // A join link opened while the installed app runs arrives here rather than reloading the window.
  onLaunch((url) => {
    const code = joinCodeOf(url);
    if (code && code !== joinCode) setScreen({ name: 'get', code });
  });
  const home = () => setScreen({ name: 'home' });
  const open = (id: string) => setScreen({ name: 'session', id });
  const close = (id: string) => {
    sessions.remove(id);
    home();
  };
  const openDevice = (id: string) => setScreen({ name: 'device', id });
  // A session from a remote launch opens wherever the helper is, even if they left the device's page meanwhile.
  socket.on('session.paired', (m) => {
    if (m.launchId) open(sessions.add(m.session).session.id);
  });
  // Requests to help that reach this enrolled device (spec 3.2).
  const startLaunch = async (launchId: string) => {
    const session = await devices.acceptLaunch(launchId);
    launchRequests.dismiss(launchId);
    open(sessions.add(session).session.id);
  };
  const launchRequests = createLaunchRequests(socket, (launchId) => void startLaunch(launchId).catch(() => {}));
  const currentId = () => {
    const s = screen();
    return s.name === 'session' ? s.id : undefined;
  };

  return (
    <>
      <Show when={sessions.list().length > 0}>
        <SessionTabs sessions={sessions.list()} current={currentId()} onHome={home} onOpen={open} />
      </Show>
      <LaunchPrompt
        requests={launchRequests.list()}
        onStart={startLaunch}
        onDecline={async (launchId) => {
          await devices.declineLaunch(launchId);
          launchRequests.dismiss(launchId);
        }}
      />
      <Switch>
        <Match when={screen().name === 'home'}>
          <HomeScreen
            canHelp={me.helpModes.length > 0}
            canReadReports={me.permissions.includes('readReports')}
            onReports={() => setScreen({ name: 'reports' })}
            canAdminister={me.permissions.includes('manageRemoteHelp')}
            onAdministration={() => setScreen({ name: 'administration' })}
            onGiveHelp={() => setScreen({ name: 'give' })}
            onGetHelp={() => setScreen({ name: 'get' })}
            canReadDevices={can('readDevices')}
            onDevices={() => setScreen({ name: 'devices' })}
          />
          <DeviceStatus enrolled={deviceIdentity.get()} onEnroll={() => setScreen({ name: 'enroll' })} />
        </Match>
        <Match when={screen().name === 'reports'}>
          <ReportsScreen
            load={(query) => api.sessionReport(query)}
            exportCsv={async (query) => saveFile('remote-help-sessions.csv', await api.sessionReportCsv(query))}
            onBack={home}
          />
        </Match>
        <Match when={screen().name === 'administration'}>
          <AdministrationScreen api={api} onBack={home} />
        </Match>
        <Match when={screen().name === 'devices'}>
          <DevicesScreen
            load={devices.list}
            createToken={can('manageRemoteHelp') ? devices.createEnrollmentToken : undefined}
            enrollLink={enrollLink}
            copy={(text) => navigator.clipboard.writeText(text)}
            onOpen={openDevice}
            onBack={home}
          />
        </Match>
        <Match
          when={(() => {
            const s = screen();
            return s.name === 'device' ? s.id : undefined;
          })()}
          keyed
        >
          {(id) => (
            <DeviceDetailsScreen
              deviceId={id}
              load={devices.get}
              setCompliance={can('manageRemoteHelp') ? devices.setCompliance : undefined}
              makeLaunch={can('launchSession') ? () => makeLaunchActor(devices, socket, id) : undefined}
              onBack={() => setScreen({ name: 'devices' })}
            />
          )}
        </Match>
        <Match when={screen().name === 'enroll'}>
          {(() => {
            const current = screen();
            clearEnrollToken();
            return (
              <EnrollScreen
                enrolled={deviceIdentity.get()}
                token={current.name === 'enroll' ? current.token : undefined}
                suggestedName={describeOs()}
                enroll={async (token, name) => {
                  const device = await devices.enroll(token, name, describeOs());
                  // The socket says which device it is when it connects: reconnect as this device.
                  socket.reconnect();
                  return device;
                }}
                allowNotifications={typeof Notification === 'undefined' ? undefined : allowLaunchNotifications}
                onBack={home}
              />
            );
          })()}
        </Match>
        <Match when={screen().name === 'give'}>
          {(() => {
            const actor = makeHelperCodeActor(api, socket);
            actor.subscribe({
              complete: () => {
                const out = actor.getSnapshot().output;
                if (out) open(sessions.add(out.session).session.id);
              },
            });
            return (
              <GiveHelpScreen
                actor={actor}
                joinLink={joinLink}
                copy={(text) => navigator.clipboard.writeText(text)}
                onBack={home}
              />
            );
          })()}
        </Match>
        <Match when={screen().name === 'get'}>
          {(() => {
            const current = screen();
            const actor = makeSharerCodeActor(api, current.name === 'get' ? current.code : undefined);
            clearJoinCode();
            actor.subscribe({
              complete: () => {
                const out = actor.getSnapshot().output;
                if (out) open(sessions.add(out.session).session.id);
              },
            });
            return <GetHelpScreen actor={actor} onBack={home} />;
          })()}
        </Match>
        {/* Keyed: moving to another session renders that session's screen afresh. */}
        <Match when={sessions.find(currentId() ?? '')} keyed>
          {(l) => {
            return l.role === 'helper' ? (
              <HelperSessionScreen
                live={l}
                onClose={() => close(l.session.id)}
                onOpenDevice={can('readDevices') ? openDevice : undefined}
              />
            ) : (
              <SharerSessionScreen live={l} onClose={() => close(l.session.id)} />
            );
          }}
        </Match>
      </Switch>
    </>
  );
}
