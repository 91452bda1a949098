import { createResource, lazy, Match, Show, Switch } from 'solid-js';
import { boot } from './app/bootstrap.ts';
import { rememberLocation } from './app/return-to.ts';
import { Announcer } from './components/Announcer.tsx';
import { AppHeader } from './components/AppHeader.tsx';
import { SignInScreen } from './components/SignInScreen.tsx';
import { UnreachableScreen, UpdateRequiredScreen } from './components/StartProblemScreen.tsx';
import { UpdateBanner } from './components/UpdateBanner.tsx';
import { t } from './i18n/i18n.ts';

const SignedInApp = lazy(() => import('./SignedInApp.tsx'));

export function App() {
  const [outcome, { refetch }] = createResource(boot);
  const ready = () => {
    const o = outcome();
    return o?.kind === 'ready' ? o.boot : undefined;
  };
  return (
    <div class="app-frame min-h-screen">
      <a href="#main" class="sr-only focus:not-sr-only focus:absolute focus:start-2 focus:top-2 focus:z-10 btn-primary">
        {t('app.skipToMain')}
      </a>
      <AppHeader userName={ready()?.signedIn?.me.card.name} onSignOut={() => void ready()?.signIn.signOut()} />
      <UpdateBanner />
      <Announcer />
      <Switch
        fallback={
          <p class="p-6" role="status">
            {t('app.loading')}
          </p>
        }
      >
        <Match when={outcome.error as unknown}>
          {(error) => (
            <p role="alert" class="p-6">
              {t('app.startFailed', { reason: String((error() as Error)?.message ?? error()) })}
            </p>
          )}
        </Match>
        <Match when={outcome()?.kind === 'unreachable'}>
          <UnreachableScreen onRetry={() => void refetch()} />
        </Match>
        <Match
          when={(() => {
            const o = outcome();
            return o?.kind === 'update-required' ? o : undefined;
          })()}
        >
          {(o) => <UpdateRequiredScreen current={o().current} required={o().required} />}
        </Match>
        <Match when={ready()}>
          {(b) => (
            <Show
              when={b().signedIn}
              fallback={
                <SignInScreen
                  developmentIdentity={b().config.developmentIdentity}
                  onSignIn={() => {
                    // The sign-in redirect comes back to the root: remember the screen or link it was for.
                    rememberLocation();
                    return b().signIn.signIn();
                  }}
                />
              }
            >
              {(signedIn) => <SignedInApp signedIn={signedIn()} />}
            </Show>
          )}
        </Match>
      </Switch>
    </div>
  );
}
