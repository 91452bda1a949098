import { formatCode } from '@remote-help/protocol/code-format';
import { createSignal, Match, Show, Switch } from 'solid-js';
import { createNow } from '../app/clock.ts';
import { createActorState } from '../app/create-actor-state.ts';
import type { HelperCodeActor } from '../app/pairing-actors.ts';
import { formatCountdown, t } from '../i18n/i18n.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { focusOnMount } from './focus-on-mount.ts';

export interface GiveHelpProps {
  actor: HelperCodeActor;
  joinLink: (code: string) => string;
  copy: (text: string) => Promise<void>;
  onBack: () => void;
}

/** Give help → Get a security code: the code in two groups, a live countdown, cancel, new code, copy join link. */
export function GiveHelpScreen(props: GiveHelpProps) {
  const state = createActorState(props.actor);
  const now = createNow(500);
  const [copyNote, setCopyNote] = createSignal<string>();
  const send = props.actor.send.bind(props.actor);

  const copyLink = async (code: string) => {
    const link = props.joinLink(code);
    try {
      await props.copy(link);
      setCopyNote(t('give.linkCopied'));
    } catch {
      setCopyNote(t('give.copyFailed', { link }));
    }
  };

  return (
    <main id="main" class="mx-auto mt-12 max-w-xl px-4">
      <div class="panel space-y-5">
        <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
          {t('give.heading')}
        </h1>
        <p>{t('give.intro')}</p>
        <ErrorMessage code={state().context.error} />
        <Switch>
          <Match when={state().matches('showing') && state().context.code}>
            {(code) => (
              <div class="space-y-4">
                <div>
                  <p class="text-sm font-medium" id="code-label">
                    {t('give.codeLabel')}
                  </p>
                  <output
                    aria-labelledby="code-label"
                    class="block font-mono text-4xl font-bold tracking-widest"
                    data-code={code().code}
                  >
                    {formatCode(code().code)}
                  </output>
                  <p class="text-sm" aria-live="off">
                    {t('give.expiresIn', { time: formatCountdown(code().deadline - now()) })}
                  </p>
                </div>
                <p role="status">{t('give.waiting')}</p>
                <div class="flex flex-wrap gap-2">
                  <button type="button" class="btn-secondary" onClick={() => copyLink(code().code)}>
                    {t('give.copyLink')}
                  </button>
                  <button type="button" class="btn-secondary" onClick={() => send({ type: 'code.request' })}>
                    {t('give.newCode')}
                  </button>
                  <button type="button" class="btn-secondary" onClick={() => send({ type: 'code.cancel' })}>
                    {t('give.cancel')}
                  </button>
                </div>
                <Show when={copyNote()}>
                  <p role="status" class="text-sm break-all">
                    {copyNote()}
                  </p>
                </Show>
              </div>
            )}
          </Match>
          <Match when={state().matches('requesting') || state().matches('replacing') || state().matches('cancelling')}>
            <p role="status">{t('give.requesting')}</p>
          </Match>
          <Match when={true}>
            <div class="space-y-3">
              <Show when={state().matches('expired')}>
                <p role="alert">{t('give.expired')}</p>
              </Show>
              <Show when={state().matches('cancelled')}>
                <p role="status">{t('give.cancelled')}</p>
              </Show>
              <button type="button" class="btn-primary" onClick={() => send({ type: 'code.request' })}>
                {state().matches('idle') ? t('give.getCode') : t('give.newCode')}
              </button>
            </div>
          </Match>
        </Switch>
        <button type="button" class="btn-secondary" onClick={() => props.onBack()}>
          {t('give.back')}
        </button>
      </div>
    </main>
  );
}
