/**
 * Everything after sign-in: the screens, each at its own URL (src/routes/paths.ts), and the open sessions. Its own
 * chunk, loaded once signed in, so the sign-in screen does not wait for the WebRTC and session code.
 */
import type { Permission } from '@remote-help/protocol/domain';
import { Navigate, Route, Router } from '@solidjs/router';
import type { JSX } from 'solid-js';
import type { SignedIn } from './app/bootstrap.ts';
import { createLiveSessions } from './app/live-sessions.ts';
import { takeRememberedLocation } from './app/return-to.ts';
import { DeviceRoute, DevicesRoute, EnrollRoute } from './routes/device-routes.tsx';
import { AdministrationRoute, HomeRoute, ReportsRoute } from './routes/home-routes.tsx';
import { GetHelpRoute, GiveHelpRoute } from './routes/pairing-routes.tsx';
import { paths } from './routes/paths.ts';
import { SessionRoute } from './routes/SessionRoute.tsx';
import { SignedInLayout } from './routes/SignedInLayout.tsx';
import type { SignedInServices } from './routes/signed-in-services.ts';

export default function SignedInApp(props: { signedIn: SignedIn }) {
  const { signedIn } = props;
  const can = (permission: Permission) => signedIn.me.permissions.includes(permission);
  const sessions = createLiveSessions({
    socket: signedIn.socket,
    api: signedIn.api,
    myId: signedIn.me.card.id,
    agentPort: signedIn.agentPort,
    agentDownloads: signedIn.agentDownloads,
  });
  const app: SignedInServices = { ...signedIn, sessions, can };
  // After a reload, the sessions that are still open come back.
  const newestFirst = [...signedIn.openSessions].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  for (const session of newestFirst) sessions.add(session);
  // The router starts where the person was going before signing in, or, from the start page, in the newest session.
  const start = takeRememberedLocation() ?? (newestFirst[0] ? paths.session(newestFirst[0].id) : undefined);
  if (start && window.location.pathname === paths.home) window.history.replaceState(null, '', start);

  /** A screen only for people with `allowed`; anyone else who opens its URL lands home. */
  const only = (allowed: boolean, screen: () => JSX.Element) => () =>
    allowed ? screen() : <Navigate href={paths.home} />;

  return (
    // Explicit links only: the skip link and downloads stay ordinary links.
    <Router explicitLinks root={(route) => <SignedInLayout app={app}>{route.children}</SignedInLayout>}>
      <Route path={paths.home} component={() => <HomeRoute app={app} />} />
      <Route path={paths.giveHelp} component={only(app.me.helpModes.length > 0, () => <GiveHelpRoute app={app} />)} />
      <Route path={[paths.getHelp, paths.join]} component={() => <GetHelpRoute app={app} />} />
      <Route path={paths.enroll} component={() => <EnrollRoute app={app} />} />
      <Route path="/sessions/:id" component={() => <SessionRoute app={app} />} />
      <Route path={paths.devices} component={only(can('readDevices'), () => <DevicesRoute app={app} />)} />
      <Route path="/devices/:id" component={only(can('readDevices'), () => <DeviceRoute app={app} />)} />
      <Route path={paths.reports} component={only(can('readReports'), () => <ReportsRoute app={app} />)} />
      <Route
        path={paths.administration}
        component={only(can('manageRemoteHelp'), () => <AdministrationRoute app={app} />)}
      />
      <Route path="*" component={() => <Navigate href={paths.home} />} />
    </Router>
  );
}
