import type { IdentityCard as Card, Mode } from '@remote-help/protocol/domain';
import { createEffect, type JSX, on, Show } from 'solid-js';
import { formatList, t } from '../../i18n/i18n.ts';
import { createDisclosure } from '../Disclosure.tsx';
import { focusOnMount } from '../focus-on-mount.ts';
import { DomainBadge, IdentityCard, PersonPhoto } from '../IdentityCard.tsx';
import { ActionButton, type SessionAction } from './session-actions.tsx';

/**
 * Everything of the helper's session above the screen, as slim as it can be (issue 14): who is helped (picture, name,
 * domain mark; the full card one click away, open until a mode is set so the helper checks who they help first), the
 * status items, the actions, a way to the input hints, and Leave top right (spec 4.8). The items flow like words
 * (.bar-flow), so they wrap into as few rows as the window's width allows.
 */
export function HelperSessionBar(props: {
  other: Card;
  permittedModes: Mode[];
  /** Whether a mode is set. */
  moded: boolean;
  /** Compact status items, in the order they are read. */
  status: JSX.Element;
  /** What goes in the toolbar: the session's actions, and how the screen is shown. */
  toolbar: JSX.Element;
  leave: SessionAction;
  /** How the helper's mouse and keyboard reach the screen now, behind a button while something is shared. */
  inputHints: JSX.Element;
}) {
  const card = createDisclosure('session-identity-card', !props.moded);
  const hints = createDisclosure('session-input-hints');
  createEffect(
    on(
      () => props.moded,
      (moded) => {
        if (moded) card.setOpen(false);
      },
      { defer: true },
    ),
  );
  return (
    <div class="flex flex-col gap-1.5">
      <div class="flex items-start gap-2">
        <div class="bar-flow min-w-0 flex-1">
          <card.Toggle label={t('session.aboutPerson', { name: props.other.name })}>
            <PersonPhoto card={props.other} size={28} />
            <span aria-hidden="true">▾</span>
          </card.Toggle>
          <h1 class="text-base font-bold" tabIndex={-1} ref={focusOnMount}>
            {t('session.paired', { name: props.other.name })}
          </h1>
          <DomainBadge verified={props.other.domainVerified} />
          {props.status}
          <div role="toolbar" aria-label={t('session.toolbar')}>
            {props.toolbar}
            <Show when={props.moded}>
              <hints.Toggle label={t('control.inputHelp')} />
            </Show>
          </div>
        </div>
        <ActionButton action={props.leave} />
      </div>
      <card.Panel>
        <IdentityCard card={props.other} heading={t('session.youAreHelping')} compact>
          <p class="text-sm">
            {t('session.permittedModes', { modes: formatList(props.permittedModes.map((m) => t(`mode.${m}`))) })}
          </p>
        </IdentityCard>
      </card.Panel>
      <Show when={props.moded}>
        <hints.Panel>{props.inputHints}</hints.Panel>
      </Show>
    </div>
  );
}
