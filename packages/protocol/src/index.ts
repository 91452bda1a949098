/** Every message on every wire of Remote Help — the app, the server and the agent — defined once. */
export * from './code-format.ts';
export * from './schema.ts';
