import { Match, Show, Switch } from 'solid-js';
import { createActorState } from '../../app/create-actor-state.ts';
import type { LaunchActor } from '../../app/launch-actors.ts';
import { t } from '../../i18n/i18n.ts';
import { ErrorMessage } from '../ErrorMessage.tsx';

/**
 * New remote assistance session → Continue (spec 3.2): what the helper sees while the device is asked — "Notification
 * sent" and Retry, an error with Retry, a decline or an expiry. The session opens when the person accepts.
 */
export function LaunchPanel(props: { actor: LaunchActor; ownerName: string; deviceName: string; onClose: () => void }) {
  const state = createActorState(props.actor);
  const send = props.actor.send.bind(props.actor);
  const retry = (
    <button type="button" class="btn-primary" onClick={() => send({ type: 'launch.retry' })}>
      {t('launch.retry')}
    </button>
  );
  return (
    <section class="panel space-y-3" aria-labelledby="launch-heading">
      <h2 id="launch-heading" class="text-lg font-semibold">
        {t('launch.newSession')}
      </h2>
      <Switch>
        <Match when={state().matches('confirming')}>
          <p>{t('launch.confirm', { name: props.ownerName, device: props.deviceName })}</p>
          <div class="flex flex-wrap gap-2">
            <button type="button" class="btn-primary" onClick={() => send({ type: 'launch.continue' })}>
              {t('launch.continue')}
            </button>
            <button type="button" class="btn-secondary" onClick={() => props.onClose()}>
              {t('launch.cancel')}
            </button>
          </div>
        </Match>
        <Match when={state().matches('sending')}>
          <p role="status">{t('launch.sending')}</p>
        </Match>
        <Match when={state().matches('sent')}>
          <p role="status" class="font-semibold">
            {t('launch.sent')}
          </p>
          <p>{t('launch.sentHint', { name: props.ownerName })}</p>
          {retry}
        </Match>
        <Match when={state().matches('failed')}>
          <ErrorMessage code={state().context.error} />
          {retry}
        </Match>
        <Match when={state().matches('declined')}>
          <p role="status">{t('launch.declined', { name: props.ownerName })}</p>
          {retry}
        </Match>
        <Match when={state().matches('expired')}>
          <p role="status">{t('launch.expired')}</p>
          {retry}
        </Match>
      </Switch>
      <Show when={!state().matches('confirming')}>
        <button type="button" class="btn-secondary" onClick={() => props.onClose()}>
          {t('launch.cancel')}
        </button>
      </Show>
    </section>
  );
}
