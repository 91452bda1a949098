/**
 * What the server enforces of a session's negotiation (spec 4.1, 4.5): who may send each event, that a request stays
 * within the session's permitted modes, and that an answer (allow, decline) answers a request still open and a use
 * follows a grant. Pure: the state goes in, the next state (or the refusal) comes out; LiveSessions keeps and stores it.
 */
import type { Mode, Role } from '@remote-help/protocol/domain';
import type { ErrorCode } from '@remote-help/protocol/errors';
import { type LiveMode, SESSION_EVENT_SENDERS, type SessionEvent } from '@remote-help/protocol/session-negotiation';
import { z } from 'zod';

export const negotiationStateSchema = z.object({
  /** The helper's open mode request, if any (a newer request replaces it). */
  pending: z.enum(['view', 'control']).optional(),
  /** What the sharer granted and still stands. */
  mode: z.enum(['none', 'view', 'control']),
  elevation: z.enum(['none', 'requested', 'granted']),
  /** Elevated input was applied: the sharer's sign-out may follow. */
  elevationUsed: z.boolean(),
});
export type NegotiationState = z.infer<typeof negotiationStateSchema>;

export const INITIAL_NEGOTIATION: NegotiationState = { mode: 'none', elevation: 'none', elevationUsed: false };

/** A stored state, or the initial one if there is none (a session from before states were stored) or it is unreadable. */
export function parseNegotiation(stored: string | null): NegotiationState {
  if (!stored) return INITIAL_NEGOTIATION;
  try {
    return negotiationStateSchema.parse(JSON.parse(stored));
  } catch {
    return INITIAL_NEGOTIATION;
  }
}

export type NegotiationOutcome =
  | {
      ok: true;
      state: NegotiationState;
      /** A mode the sharer granted with this event: it goes into the session's modes used. */
      granted?: LiveMode | 'elevation';
      /** The same request is already open: nothing to relay or audit again. */
      repeated?: boolean;
    }
  | { ok: false; code: Extract<ErrorCode, 'forbidden' | 'mode_not_permitted' | 'no_pending_request'>; message: string };

/** View only is less than full control: a request for control may be answered with view only. */
const RANK: Record<LiveMode, number> = { view: 1, control: 2 };

const refuse = (code: 'forbidden' | 'mode_not_permitted' | 'no_pending_request', message: string) =>
  ({ ok: false, code, message }) as const;

export function negotiate(
  state: NegotiationState,
  role: Role,
  event: SessionEvent,
  permittedModes: readonly Mode[],
): NegotiationOutcome {
  if (!SESSION_EVENT_SENDERS[event.type].includes(role)) {
    return refuse('forbidden', `The ${role} cannot send ${event.type}.`);
  }
  const { pending } = state;
  switch (event.type) {
    case 'mode.request':
      if (!permittedModes.includes(event.mode)) {
        return refuse('mode_not_permitted', `This session does not permit ${event.mode}.`);
      }
      if (pending === event.mode) return { ok: true, state, repeated: true };
      return { ok: true, state: { ...state, pending: event.mode } };
    case 'mode.allow':
      if (!pending || RANK[event.mode] > RANK[pending]) {
        return refuse('no_pending_request', `No request for ${event.mode} is waiting for an answer.`);
      }
      return {
        ok: true,
        state: {
          ...state,
          pending: undefined,
          mode: event.mode,
          elevation: event.mode === 'control' ? state.elevation : 'none',
        },
        granted: event.mode,
      };
    case 'mode.decline':
      if (!pending) return refuse('no_pending_request', 'No request is waiting for an answer.');
      return { ok: true, state: { ...state, pending: undefined } };
    case 'mode.switch':
      return {
        ok: true,
        state: { ...state, mode: state.mode === 'none' ? 'none' : 'view', elevation: 'none' },
      };
    case 'sharing.stopped':
      return { ok: true, state: { ...state, pending: undefined, mode: 'none', elevation: 'none' } };
    case 'elevation.request':
      if (!permittedModes.includes('elevation')) {
        return refuse('mode_not_permitted', 'This session does not permit elevation.');
      }
      if (state.mode !== 'control') {
        return refuse('mode_not_permitted', 'Elevation is asked for in full control only.');
      }
      if (state.elevation !== 'none') return { ok: true, state, repeated: true };
      return { ok: true, state: { ...state, elevation: 'requested' } };
    case 'elevation.allow':
      if (state.elevation !== 'requested') {
        return refuse('no_pending_request', 'No request for elevation is waiting for an answer.');
      }
      return { ok: true, state: { ...state, elevation: 'granted' }, granted: 'elevation' };
    case 'elevation.decline':
      if (state.elevation !== 'requested') {
        return refuse('no_pending_request', 'No request for elevation is waiting for an answer.');
      }
      return { ok: true, state: { ...state, elevation: 'none' } };
    case 'elevation.used':
      if (state.elevation !== 'granted') return refuse('no_pending_request', 'Elevation has not been granted.');
      return { ok: true, state: { ...state, elevationUsed: true } };
    case 'signout.done':
      if (!state.elevationUsed) return refuse('no_pending_request', 'Nothing elevated was done to sign out from.');
      return { ok: true, state };
  }
}
