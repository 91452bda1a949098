import type { IdentityCard as Card, Mode } from '@remote-help/protocol/domain';
import { Show } from 'solid-js';
import { formatList, t } from '../../i18n/i18n.ts';
import { focusOnMount } from '../focus-on-mount.ts';
import { IdentityCard } from '../IdentityCard.tsx';
import { ActionButton, type SessionAction } from './session-actions.tsx';

/** The sharer's session header: who helps, always in view, with Leave top right (spec 3.3, 4.8). */
export function SessionHeader(props: {
  other: Card;
  permittedModes: Mode[];
  cardHeading: string;
  status: string;
  leave: SessionAction;
}) {
  return (
    <div class="space-y-3">
      <div class="flex items-start justify-between gap-4">
        <h1 class="text-2xl font-bold" tabIndex={-1} ref={focusOnMount}>
          {t('session.paired', { name: props.other.name })}
        </h1>
        <ActionButton action={props.leave} compact={false} />
      </div>
      <IdentityCard card={props.other} heading={props.cardHeading} />
      <p>{t('session.permittedModes', { modes: formatList(props.permittedModes.map((m) => t(`mode.${m}`))) })}</p>
      <Show when={props.status}>
        <p class="font-medium" role="status">
          {props.status}
        </p>
      </Show>
    </div>
  );
}
