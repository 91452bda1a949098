import { createResource, createSignal, Match, Show, Switch } from 'solid-js';
import { boot, clearJoinCode, joinLink, type SignedIn, takeJoinCode } from './app/bootstrap.ts';
import { makeHelperCodeActor, makeSharerCodeActor } from './app/pairing-actors.ts';
import { AppHeader } from './components/AppHeader.tsx';
import { GetHelpScreen } from './components/GetHelpScreen.tsx';
import { GiveHelpScreen } from './components/GiveHelpScreen.tsx';
import { HomeScreen } from './components/HomeScreen.tsx';
import { SessionScreen } from './components/SessionScreen.tsx';
import { SignInScreen } from './components/SignInScreen.tsx';
import { t } from './i18n/i18n.ts';
import type { Session } from './protocol/schema.ts';

type Screen =
  | { name: 'home' }
  | { name: 'give' }
  | { name: 'get'; code?: string }
  | { name: 'session'; session: Session; role: 'helper' | 'sharer' };

function SignedInApp(props: { signedIn: SignedIn }) {
  const { api, socket, me } = props.signedIn;
  const joinCode = takeJoinCode();
  const [screen, setScreen] = createSignal<Screen>(joinCode ? { name: 'get', code: joinCode } : { name: 'home' });
  const home = () => setScreen({ name: 'home' });

  return (
    <Switch>
      <Match when={screen().name === 'home'}>
        <HomeScreen
          canHelp={me.helpModes.length > 0}
          onGiveHelp={() => setScreen({ name: 'give' })}
          onGetHelp={() => setScreen({ name: 'get' })}
        />
      </Match>
      <Match when={screen().name === 'give'}>
        {(() => {
          const actor = makeHelperCodeActor(api, socket);
          actor.subscribe({
            complete: () => {
              const out = actor.getSnapshot().output;
              if (out) setScreen({ name: 'session', session: out.session, role: 'helper' });
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
              if (out) setScreen({ name: 'session', session: out.session, role: 'sharer' });
            },
          });
          return <GetHelpScreen actor={actor} onBack={home} />;
        })()}
      </Match>
      <Match when={screen().name === 'session' && screen()}>
        {(s) => {
          const current = s() as Extract<Screen, { name: 'session' }>;
          return <SessionScreen session={current.session} role={current.role} onDone={home} />;
        }}
      </Match>
    </Switch>
  );
}

export function App() {
  // Remember a join link's code before the sign-in redirect can lose the URL.
  takeJoinCode();
  const [booted] = createResource(boot);
  return (
    <div class="min-h-screen">
      <Switch
        fallback={
          <p class="p-6" role="status">
            {t('app.loading')}
          </p>
        }
      >
        <Match when={booted.error as unknown}>
          {(error) => (
            <p role="alert" class="p-6">
              {t('app.startFailed', { reason: String((error() as Error)?.message ?? error()) })}
            </p>
          )}
        </Match>
        <Match when={booted()}>
          {(b) => (
            <>
              <AppHeader userName={b().signedIn?.me.card.name} onSignOut={() => void b().signIn.signOut()} />
              <Show
                when={b().signedIn}
                fallback={
                  <SignInScreen
                    developmentIdentity={b().config.developmentIdentity}
                    onSignIn={() => b().signIn.signIn()}
                  />
                }
              >
                {(signedIn) => <SignedInApp signedIn={signedIn()} />}
              </Show>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
