/**
 * Hands each validated message to the handlers of its type: one lookup per message, instead of every listener
 * looking at every message and filtering. Handlers are typed by the message type they registered for.
 */

export type MessageOf<M extends { type: string }, T extends M['type']> = Extract<M, { type: T }>;

export interface MessageRouter<M extends { type: string }> {
  /** Calls `handler` with every message of `type`; returns the call that stops it. */
  on<T extends M['type']>(type: T, handler: (message: MessageOf<M, T>) => void): () => void;
  dispatch(message: M): void;
  /** How many handlers are registered (a router with none can be let go). */
  size(): number;
}

export function makeMessageRouter<M extends { type: string }>(): MessageRouter<M> {
  const handlers = new Map<string, Set<(message: M) => void>>();
  let count = 0;
  return {
    on(type, handler) {
      let set = handlers.get(type);
      if (!set) {
        set = new Set();
        handlers.set(type, set);
      }
      const h = handler as (message: M) => void;
      set.add(h);
      count++;
      return () => {
        if (set.delete(h)) count--;
      };
    },
    dispatch(message) {
      const set = handlers.get(message.type);
      if (!set) return;
      // A copy: a handler may stop itself (or another) while the message is being handed out.
      for (const h of [...set]) h(message);
    },
    size: () => count,
  };
}
