/**
 * Limits per person across all their sockets: per-socket limits alone let one person open a thousand sockets, or
 * spread a flood of audited negotiation events over ten of them. A person may hold MAX_SOCKETS_PER_PERSON sockets, and
 * send negotiation events (each one audited) at PERSON_EVENTS_PER_SECOND after a burst of PERSON_EVENT_BURST, whatever
 * number of sockets they use. A person's budget is forgotten with their last socket.
 */
import { TokenBucket } from './token-bucket.ts';

export const MAX_SOCKETS_PER_PERSON = 20;
/** Negotiation events are a person's clicks: a few at a time, rarely more than one a second. */
export const PERSON_EVENT_BURST = 20;
export const PERSON_EVENTS_PER_SECOND = 5;

export class PersonLimits {
  private readonly people = new Map<string, { sockets: number; events: TokenBucket }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts a newly authenticated socket, or refuses it (false) when the person already has the most allowed. */
  open(userId: string): boolean {
    const person = this.people.get(userId);
    if (!person) {
      this.people.set(userId, {
        sockets: 1,
        events: new TokenBucket(PERSON_EVENT_BURST, PERSON_EVENTS_PER_SECOND, this.now),
      });
      return true;
    }
    if (person.sockets >= MAX_SOCKETS_PER_PERSON) return false;
    person.sockets += 1;
    return true;
  }

  close(userId: string): void {
    const person = this.people.get(userId);
    if (!person) return;
    person.sockets -= 1;
    if (person.sockets <= 0) this.people.delete(userId);
  }

  /** Takes one negotiation event from the person's budget; false when it is spent. */
  takeEvent(userId: string): boolean {
    return this.people.get(userId)?.events.take() ?? false;
  }

  /** People with sockets open (what the limits keep in memory). */
  get size(): number {
    return this.people.size;
  }
}
