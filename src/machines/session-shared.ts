/** Events and helpers both session machines share: what arrives from the server and the link's health. */
import type { EndReason, Role, SessionEvent } from '@remote-help/protocol';

/** How long either side may be cut off before the session ends (spec 4.9). */
export const LINK_TIMEOUT_MS = 30_000;

export type RemoteEvent =
  | { type: 'remote.event'; from: Role; event: SessionEvent }
  | { type: 'remote.presence'; online: boolean }
  | { type: 'remote.ended'; reason: EndReason }
  | { type: 'connection.lost' }
  | { type: 'connection.restored' };

/** What the machines ask the signalling actor to do. */
export type SignalingCommand = { type: 'send'; event: SessionEvent } | { type: 'leave' };

/** Why a session ended, from this side's point of view. */
export type LocalEndReason = EndReason | 'you_left';
