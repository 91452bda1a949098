import { Show } from 'solid-js';
import { t } from '../../i18n/i18n.ts';
import type { RelayProblem } from '../../rtc/peer-link.ts';

/**
 * Says who lost their connection while the session waits for them (spec 4.9), and when the organisation's relay
 * server stands in the way, so nobody waits for a picture that cannot come.
 */
export function ConnectionBanners(props: {
  otherName: string;
  otherOnline: boolean;
  online: boolean;
  relayProblem: RelayProblem | undefined;
}) {
  return (
    <>
      <Show when={props.relayProblem}>
        {(problem) => (
          <p role="alert" class="rounded-lg bg-red-50 px-3 py-2 text-red-900">
            {t(problem() === 'refused' ? 'session.relayRefused' : 'session.relayUnreachable')}
          </p>
        )}
      </Show>
      <Show when={!props.otherOnline}>
        <p role="status" class="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
          {t('session.peerOffline', { name: props.otherName })}
        </p>
      </Show>
      <Show when={!props.online}>
        <p role="status" class="rounded-lg bg-amber-50 px-3 py-2 text-amber-900">
          {t('session.youOffline')}
        </p>
      </Show>
    </>
  );
}
