/** Relays one session's negotiation through its socket view, and the socket's health, to and from its machine. */
import type { Role } from '@remote-help/protocol/domain';
import { fromCallback } from 'xstate';
import type { RemoteEvent, SignalingCommand } from '../../machines/session-shared.ts';
import type { SessionSocket } from '../../net/signaling-socket.ts';

export function signalingFor(socket: SessionSocket, role: Role) {
  return fromCallback<SignalingCommand, { sessionId: string }>(({ sendBack, receive }) => {
    const send = (e: RemoteEvent) => sendBack(e);
    socket.send({ type: 'session.resume' });
    const offs = [
      socket.on('session.event', (m) => {
        if (m.from !== role) send({ type: 'remote.event', from: m.from, event: m.event });
      }),
      socket.on('session.presence', (m) => send({ type: 'remote.presence', online: m.online })),
      socket.on('session.ended', (m) => send({ type: 'remote.ended', reason: m.reason })),
      socket.onStatus((s) => {
        if (s === 'open') {
          socket.send({ type: 'session.resume' });
          send({ type: 'connection.restored' });
        } else if (s === 'closed') send({ type: 'connection.lost' });
      }),
    ];
    receive((command) => {
      if (command.type === 'send') socket.send({ type: 'session.event', event: command.event });
      else socket.send({ type: 'session.leave' });
    });
    return () => {
      for (const off of offs) off();
    };
  });
}
