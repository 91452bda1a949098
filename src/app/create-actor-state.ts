/** Runs an XState actor for the lifetime of the calling component and exposes its snapshot as a Solid signal. */
import { createSignal, from, onCleanup } from 'solid-js';
import type { AnyActorRef, SnapshotFrom } from 'xstate';

export function createActorState<A extends AnyActorRef>(actor: A): () => SnapshotFrom<A> {
  const [initial] = createSignal(actor.getSnapshot() as SnapshotFrom<A>);
  const snapshot = from<SnapshotFrom<A>>((set) => {
    const sub = actor.subscribe((s: SnapshotFrom<A>) => set(() => s));
    return () => sub.unsubscribe();
  });
  actor.start();
  onCleanup(() => actor.stop());
  return () => snapshot() ?? initial();
}
