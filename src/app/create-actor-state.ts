/** Solid views of XState actors: their snapshots as signals. */
import { from, onCleanup } from 'solid-js';
import type { AnyActorRef, SnapshotFrom } from 'xstate';

/** Follows an actor that someone else runs; stops following when the calling component goes. */
export function createSnapshot<A extends AnyActorRef>(actor: A): () => SnapshotFrom<A> {
  const snapshot = from<SnapshotFrom<A>>((set) => {
    set(() => actor.getSnapshot() as SnapshotFrom<A>);
    const sub = actor.subscribe((s: SnapshotFrom<A>) => set(() => s));
    return () => sub.unsubscribe();
  });
  return () => snapshot() ?? (actor.getSnapshot() as SnapshotFrom<A>);
}

/** Runs an actor for the lifetime of the calling component and follows it. */
export function createActorState<A extends AnyActorRef>(actor: A): () => SnapshotFrom<A> {
  actor.start();
  onCleanup(() => actor.stop());
  return createSnapshot(actor);
}
