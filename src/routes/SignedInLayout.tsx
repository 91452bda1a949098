/**
 * The frame around every screen after sign-in: the open sessions' tabs and the prompts for remote launches. It opens
 * sessions that start away from a pairing screen (an accepted launch, a launch the helper sent) and links launched
 * into the running app.
 */
import type { Session } from '@remote-help/protocol/domain';
import { useLocation, useMatch, useNavigate } from '@solidjs/router';
import { type JSX, onCleanup, Show } from 'solid-js';
import { onLaunch } from '../app/launch-queue.ts';
import { createLaunchRequests } from '../app/launch-requests.ts';
import { LaunchPrompt } from '../components/devices/LaunchPrompt.tsx';
import { SessionTabs } from '../components/session/SessionTabs.tsx';
import { appPathOf, paths } from './paths.ts';
import type { SignedInServices } from './signed-in-services.ts';

export function SignedInLayout(props: { app: SignedInServices; children?: JSX.Element }) {
  const { socket, devices, sessions } = props.app;
  const navigate = useNavigate();
  const location = useLocation();
  const sessionMatch = useMatch(() => '/sessions/:id');
  const openSession = (session: Session) => navigate(paths.session(sessions.add(session).session.id));

  // A session from a remote launch opens wherever the helper is, even if they left the device's page meanwhile.
  onCleanup(
    socket.on('session.paired', (m) => {
      if (m.launchId) openSession(m.session);
    }),
  );
  // Requests to help that reach this enrolled device (spec 3.2).
  const startLaunch = async (launchId: string) => {
    const session = await devices.acceptLaunch(launchId);
    launchRequests.dismiss(launchId);
    openSession(session);
  };
  const launchRequests = createLaunchRequests(socket, (launchId) => void startLaunch(launchId).catch(() => {}));
  // A link opened while the installed app runs arrives here rather than reloading the window.
  onLaunch((url) => {
    const path = appPathOf(url);
    if (path && path !== location.pathname + location.search) navigate(path);
  });

  return (
    <>
      <Show when={sessions.list().length > 0}>
        <SessionTabs
          sessions={sessions.list()}
          current={sessionMatch()?.params.id}
          onHome={() => navigate(paths.home)}
          onOpen={(id) => navigate(paths.session(id))}
        />
      </Show>
      <LaunchPrompt
        requests={launchRequests.list()}
        onStart={startLaunch}
        onDecline={async (launchId) => {
          await devices.declineLaunch(launchId);
          launchRequests.dismiss(launchId);
        }}
      />
      {props.children}
    </>
  );
}
