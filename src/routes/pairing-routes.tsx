/**
 * Give help (/give), Get help (/get) and a join link (/join?code=…): each runs its pairing machine while shown and
 * opens the session once paired, in place of the pairing screen (back then leads home, not to a used code).
 */
import type { Session } from '@remote-help/protocol/domain';
import { useNavigate, useSearchParams } from '@solidjs/router';
import { onCleanup, Show } from 'solid-js';
import type { AnyActorRef } from 'xstate';
import { makeHelperCodeActor, makeSharerCodeActor } from '../app/pairing-actors.ts';
import { GetHelpScreen } from '../components/GetHelpScreen.tsx';
import { GiveHelpScreen } from '../components/GiveHelpScreen.tsx';
import { joinCodeOf, joinLink, paths } from './paths.ts';
import type { SignedInServices } from './signed-in-services.ts';

/** Opens the session a pairing actor ends with, for as long as the calling route is shown. */
function openWhenPaired(
  app: SignedInServices,
  actor: AnyActorRef & { getSnapshot(): { output?: { session: Session } } },
) {
  const navigate = useNavigate();
  const subscription = actor.subscribe({
    complete: () => {
      const out = actor.getSnapshot().output;
      if (out) navigate(paths.session(app.sessions.add(out.session).session.id), { replace: true });
    },
  });
  onCleanup(() => subscription.unsubscribe());
}

export function GiveHelpRoute(props: { app: SignedInServices }) {
  const navigate = useNavigate();
  const actor = makeHelperCodeActor(props.app.api, props.app.socket);
  openWhenPaired(props.app, actor);
  return (
    <GiveHelpScreen
      actor={actor}
      joinLink={joinLink}
      copy={(text) => navigator.clipboard.writeText(text)}
      onBack={() => navigate(paths.home)}
    />
  );
}

function GetHelp(props: { app: SignedInServices; code: string | undefined }) {
  const navigate = useNavigate();
  const actor = makeSharerCodeActor(props.app.api, props.code);
  openWhenPaired(props.app, actor);
  return <GetHelpScreen actor={actor} onBack={() => navigate(paths.home)} />;
}

export function GetHelpRoute(props: { app: SignedInServices }) {
  const [search] = useSearchParams();
  // Keyed: another join link opened into the running app starts afresh with its own code.
  return (
    <Show when={{ code: joinCodeOf(search.code) }} keyed>
      {(link) => <GetHelp app={props.app} code={link.code} />}
    </Show>
  );
}
