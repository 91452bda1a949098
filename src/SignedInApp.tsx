import { createSignal, Match, Show, Switch } from 'solid-js';
import { clearJoinCode, joinLink, type SignedIn, takeJoinCode } from './app/bootstrap.ts';
import { makeLiveSessions } from './app/live-sessions.ts';
import { makeHelperCodeActor, makeSharerCodeActor } from './app/pairing-actors.ts';
import { saveFile } from './app/save-file.ts';
import { GetHelpScreen } from './components/GetHelpScreen.tsx';
import { GiveHelpScreen } from './components/GiveHelpScreen.tsx';
import { HomeScreen } from './components/HomeScreen.tsx';
import { ReportsScreen } from './components/ReportsScreen.tsx';
import { HelperSessionScreen } from './components/session/HelperSessionScreen.tsx';
import { SessionTabs } from './components/session/SessionTabs.tsx';
import { SharerSessionScreen } from './components/session/SharerSessionScreen.tsx';

/**
 * Everything after sign-in: home, giving and getting help, and the open sessions. Its own chunk, loaded once
 * signed in, so the sign-in screen does not wait for the WebRTC and session code.
 */
type Screen =
  | { name: 'reports' }
  | { name: 'home' }
  | { name: 'give' }
  | { name: 'get'; code?: string }
  | { name: 'session'; id: string };

export default function SignedInApp(props: { signedIn: SignedIn }) {
  const { api, socket, me, openSessions } = props.signedIn;
  const sessions = makeLiveSessions({ socket, api, myId: me.card.id, agentPort: props.signedIn.agentPort });
  // After a reload, the sessions that are still open come back, and the newest of them is shown.
  const newestFirst = [...openSessions].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  for (const session of newestFirst) sessions.add(session);
  const joinCode = takeJoinCode();
  const [screen, setScreen] = createSignal<Screen>(
    joinCode
      ? { name: 'get', code: joinCode }
      : newestFirst[0]
        ? { name: 'session', id: newestFirst[0].id }
        : { name: 'home' },
  );
  const home = () => setScreen({ name: 'home' });
  const open = (id: string) => setScreen({ name: 'session', id });
  const close = (id: string) => {
    sessions.remove(id);
    home();
  };
  const currentId = () => {
    const s = screen();
    return s.name === 'session' ? s.id : undefined;
  };

  return (
    <>
      <Show when={sessions.list().length > 0}>
        <SessionTabs sessions={sessions.list()} current={currentId()} onHome={home} onOpen={open} />
      </Show>
      <Switch>
        <Match when={screen().name === 'home'}>
          <HomeScreen
            canHelp={me.helpModes.length > 0}
            canReadReports={me.permissions.includes('readReports')}
            onReports={() => setScreen({ name: 'reports' })}
            onGiveHelp={() => setScreen({ name: 'give' })}
            onGetHelp={() => setScreen({ name: 'get' })}
          />
        </Match>
        <Match when={screen().name === 'reports'}>
          <ReportsScreen
            load={(query) => api.sessionReport(query)}
            exportCsv={async (query) => saveFile('remote-help-sessions.csv', await api.sessionReportCsv(query))}
            onBack={home}
          />
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
              <HelperSessionScreen live={l} onClose={() => close(l.session.id)} />
            ) : (
              <SharerSessionScreen live={l} onClose={() => close(l.session.id)} />
            );
          }}
        </Match>
      </Switch>
    </>
  );
}
