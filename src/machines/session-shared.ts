/** Events and helpers both session machines share: what arrives from the server and the link's health. */
import type { EndReason, Role } from '@remote-help/protocol/domain';
import type { SessionEvent } from '@remote-help/protocol/session-negotiation';

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
