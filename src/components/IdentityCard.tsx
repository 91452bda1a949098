import type { IdentityCard as Card } from '@remote-help/protocol/domain';
import { type JSX, Show } from 'solid-js';
import { t } from '../i18n/i18n.ts';

/** Whether the person's domain is verified: a mark, or a warning that stays visible wherever the name is (spec 3.3). */
export function DomainBadge(props: { verified: boolean }) {
  return (
    <Show
      when={props.verified}
      fallback={
        <span
          class="inline-flex items-center gap-1 rounded bg-amber-100 px-2 py-0.5 text-sm font-semibold text-amber-900"
          role="note"
        >
          <span aria-hidden="true">⚠</span>
          {t('card.unverified')}
        </span>
      }
    >
      <span class="inline-flex items-center gap-1 rounded bg-emerald-100 px-2 py-0.5 text-sm font-semibold text-emerald-900">
        <span aria-hidden="true">✓</span>
        {t('card.verified')}
      </span>
    </Show>
  );
}

/** The card's text: heading, name, job title, company and domain. */
function IdentityDetails(props: { card: Card; heading: string }) {
  return (
    <div class="min-w-0">
      <p class="text-sm font-medium text-slate-600 dark:text-slate-300">{props.heading}</p>
      <h2 class="text-xl font-semibold">{props.card.name}</h2>
      <p>{props.card.jobTitle}</p>
      <p>{props.card.company}</p>
      <p class="mt-1 flex flex-wrap items-center gap-2 text-sm">
        <span>{props.card.domain}</span>
        <DomainBadge verified={props.card.domainVerified} />
      </p>
    </div>
  );
}

export function PersonPhoto(props: { card: Card; size: number }) {
  return (
    <img
      src={props.card.photo}
      alt={t('card.photoAlt', { name: props.card.name })}
      class="shrink-0 rounded-full"
      style={{ width: `${props.size}px`, height: `${props.size}px` }}
      width={props.size}
      height={props.size}
    />
  );
}

/** Who the other person is (spec 3.3): picture, name, job title, company and whether their domain is verified. */
export function IdentityCard(props: { card: Card; heading: string; compact?: boolean; children?: JSX.Element }) {
  return (
    <section
      class={`panel flex flex-wrap items-center ${props.compact ? 'gap-x-6 gap-y-2 p-3' : 'gap-5'}`}
      aria-label={props.heading}
    >
      <PersonPhoto card={props.card} size={props.compact ? 64 : 80} />
      <IdentityDetails card={props.card} heading={props.heading} />
      {props.children}
    </section>
  );
}
