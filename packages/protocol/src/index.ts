/**
 * Every message on every wire of Remote Help — the app, the server and the agent — defined once (see ../README.md).
 * Programs import the wire they speak by its own path (e.g. '@remote-help/protocol/socket'); this index is for tools
 * and readers who want the whole protocol at once.
 */
export * from './agent.ts';
export * from './app-api.ts';
export * from './code-format.ts';
export * from './devices.ts';
export * from './domain.ts';
export * from './errors.ts';
export * from './http-api.ts';
export * from './pairing.ts';
export * from './peer-channels.ts';
export * from './reports.ts';
export * from './session-negotiation.ts';
export * from './settings.ts';
export * from './socket.ts';
