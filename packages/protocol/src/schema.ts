/**
 * Every message that crosses a wire — HTTP API bodies, WebSocket frames, data-channel messages and the messages
 * between the sharer's page and the control agent — is defined here once and validated on both ends.
 */
import { z } from 'zod';

/** Largest WebSocket frame the application accepts; bigger frames get an error reply. */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;
/** Largest HTTP request body the API accepts. */
export const MAX_API_BODY_BYTES = 16 * 1024;

export const CODE_LENGTH = 8;
/** Crockford's base32 in lower case: 32 symbols, none of i, l, o, u, so no two look alike. */
export const CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export const modeSchema = z.enum(['view', 'control', 'elevation']);
export type Mode = z.infer<typeof modeSchema>;

export const permissionSchema = z.enum([
  'viewScreen',
  'takeFullControl',
  'elevation',
  'launchSession',
  'readDevices',
  'manageRemoteHelp',
  'readReports',
]);
export type Permission = z.infer<typeof permissionSchema>;

export const identityCardSchema = z.object({
  id: z.string(),
  name: z.string(),
  jobTitle: z.string(),
  company: z.string(),
  /** A data: URL, so the picture needs no unauthenticated endpoint. */
  photo: z.string().startsWith('data:image/'),
  domain: z.string(),
  domainVerified: z.boolean(),
});
export type IdentityCard = z.infer<typeof identityCardSchema>;

// ---------------------------------------------------------------- devices (spec 5.1, 5.2)

export const complianceSchema = z.enum(['compliant', 'not_compliant', 'unknown']);
export type Compliance = z.infer<typeof complianceSchema>;

/** What a session says of the sharer's device: enough for the helper's compliance warning (spec 4.2). */
export const sessionDeviceSchema = z.object({ id: z.string(), name: z.string(), compliance: complianceSchema });
export type SessionDevice = z.infer<typeof sessionDeviceSchema>;

/** What an enrolled app presents to prove which device it runs on: kept by the installed app, never shown. */
export const deviceCredentialSchema = z.object({
  id: z.string().min(1).max(64),
  secret: z.string().min(1).max(128),
});
export type DeviceCredential = z.infer<typeof deviceCredentialSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  helper: identityCardSchema,
  sharer: identityCardSchema,
  permittedModes: z.array(modeSchema),
  startedAt: z.string(),
  /** The tenant disabled chat (spec 4.6): neither side shows it or takes chat messages. */
  chatDisabled: z.boolean(),
  /** The sharer's enrolled device; null when the sharer is on an unenrolled browser. */
  device: sessionDeviceSchema.nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

// ---------------------------------------------------------------- errors

/** Stable error codes: clients map them to catalogue messages, tests assert them. */
export const errorCodeSchema = z.enum([
  'invalid_request',
  'not_found',
  'unauthenticated',
  'forbidden',
  'not_in_directory',
  'rate_limited',
  'payload_too_large',
  'code_malformed',
  'code_unknown',
  'code_expired',
  'code_used',
  'code_cancelled',
  'code_other_tenant',
  'helper_not_permitted',
  'helper_out_of_scope',
  'redeem_locked',
  'address_locked',
  'too_many_codes',
  'unknown_message',
  'internal',
  /** Tenant policies (spec 5.3): each refusal names its rule. */
  'policy_disabled',
  'policy_mfa_required',
  'policy_address',
  /** Devices and remote launch (spec 3.2, 5.1). */
  'unenrolled_not_allowed',
  'enrollment_token_invalid',
  'device_unknown',
  'device_offline',
  'launch_expired',
  'launch_unknown',
  /** Administration (spec 3.4): built-in roles cannot be changed; a role still assigned cannot be deleted. */
  'role_built_in',
  'role_in_use',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const apiErrorSchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    /** ISO time until which a lock-out lasts, when the refusal is a lock-out. */
    retryAt: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

// ---------------------------------------------------------------- HTTP API

export const clientConfigSchema = z.object({
  version: z.string(),
  minClientVersion: z.string(),
  auth: z.object({
    clientId: z.string(),
    authority: z.string(),
    knownAuthorities: z.array(z.string()),
    /** JSON string of the provider's metadata, so MSAL need not fetch it (development provider only). */
    authorityMetadata: z.string().optional(),
    protocolMode: z.enum(['AAD', 'OIDC']),
    scopes: z.array(z.string()),
  }),
  /** Set when the embedded development identity provider is in use. */
  developmentIdentity: z.boolean(),
  /** Where the sharer's control agent listens on the sharer's own machine (ws://127.0.0.1:<port>). */
  agentPort: z.number().int().min(1).max(65535),
});
export type ClientConfig = z.infer<typeof clientConfigSchema>;

export const meSchema = z.object({
  card: identityCardSchema,
  email: z.string(),
  tenantName: z.string(),
  permissions: z.array(permissionSchema),
  /** Modes this user may offer as a helper; empty for people who cannot give help. */
  helpModes: z.array(modeSchema),
});
export type Me = z.infer<typeof meSchema>;

export const createdCodeSchema = z.object({
  code: z.string().length(CODE_LENGTH),
  expiresAt: z.string(),
  ttlSeconds: z.number().int().positive(),
  permittedModes: z.array(modeSchema),
});
export type CreatedCode = z.infer<typeof createdCodeSchema>;

export const redeemRequestSchema = z.object({
  code: z.string().max(64),
  /** Present when the sharer's app is enrolled: the session is then on that device. */
  device: deviceCredentialSchema.optional(),
});
export type RedeemRequest = z.infer<typeof redeemRequestSchema>;

export const redeemResponseSchema = z.object({ session: sessionSchema });

export const healthSchema = z.object({ status: z.literal('ok'), version: z.string() });

export const iceServersSchema = z.object({
  iceServers: z.array(
    z.object({
      urls: z.union([z.string(), z.array(z.string())]),
      username: z.string().optional(),
      credential: z.string().optional(),
    }),
  ),
});
export type IceServers = z.infer<typeof iceServersSchema>['iceServers'];

export const activeSessionsSchema = z.object({ sessions: z.array(sessionSchema) });

// ---------------------------------------------------------------- session events (relayed by the server)

export const roleSchema = z.enum(['helper', 'sharer']);
export type Role = z.infer<typeof roleSchema>;

/** Modes a helper asks for in a mode request: elevation is asked for separately, once in full control. */
export const liveModeSchema = z.enum(['view', 'control']);
export type LiveMode = z.infer<typeof liveModeSchema>;

export const declineReasonSchema = z.enum(['declined', 'picker_cancelled', 'wrong_surface', 'not_permitted', 'busy']);
export type DeclineReason = z.infer<typeof declineReasonSchema>;

export const displaySurfaceSchema = z.enum(['monitor', 'window', 'browser', 'unknown']);
export type DisplaySurface = z.infer<typeof displaySurfaceSchema>;

/**
 * Negotiation between the two sides. The server relays these between the members of a session and audits them;
 * consent itself is decided by the sharer's client.
 */
export const sessionEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mode.request'), mode: liveModeSchema }),
  z.object({ type: z.literal('mode.allow'), mode: liveModeSchema, surface: displaySurfaceSchema }),
  z.object({ type: z.literal('mode.decline'), mode: liveModeSchema, reason: declineReasonSchema }),
  /** Either side drops to view only; no consent needed to go down. */
  z.object({ type: z.literal('mode.switch'), mode: z.literal('view') }),
  z.object({ type: z.literal('sharing.stopped') }),
  z.object({ type: z.literal('elevation.request') }),
  z.object({ type: z.literal('elevation.allow') }),
  z.object({ type: z.literal('elevation.decline'), reason: declineReasonSchema }),
  /** The sharer's agent applied input while elevation was allowed (spec 4.5): leaving will sign the sharer out. */
  z.object({ type: z.literal('elevation.used') }),
  /** The sharer left after elevated actions and the agent's sign-out ran. */
  z.object({ type: z.literal('signout.done') }),
]);
export type SessionEvent = z.infer<typeof sessionEventSchema>;

export const endReasonSchema = z.enum([
  'helper_left',
  'sharer_left',
  'connection_lost',
  'max_length',
  'idle',
  'policy',
]);
export type EndReason = z.infer<typeof endReasonSchema>;

/** simple-peer's signalling data: offers, answers, trickled candidates, renegotiation. Bounded, never interpreted. */
export const signalDataSchema = z.union([
  z.object({ type: z.enum(['offer', 'answer', 'pranswer', 'rollback']), sdp: z.string().max(48 * 1024) }),
  z.object({
    type: z.literal('candidate'),
    candidate: z.object({
      candidate: z.string().max(1024),
      sdpMLineIndex: z.number().int().nullable().optional(),
      sdpMid: z.string().max(64).nullable().optional(),
      usernameFragment: z.string().max(256).nullable().optional(),
    }),
  }),
  z.object({ type: z.literal('renegotiate'), renegotiate: z.literal(true) }),
  z.object({
    type: z.literal('transceiverRequest'),
    transceiverRequest: z.object({
      kind: z.enum(['audio', 'video']),
      init: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
]);
export type SignalData = z.infer<typeof signalDataSchema>;

// ---------------------------------------------------------------- WebSocket

export const clientSocketMessageSchema = z.discriminatedUnion('type', [
  /** Tokens travel in the first frame, never in the URL. */
  z.object({
    type: z.literal('auth'),
    token: z
      .string()
      .min(1)
      .max(16 * 1024),
    /** An enrolled app also says which device it is: the device is then online and can be sent launches. */
    device: deviceCredentialSchema.optional(),
  }),
  z.object({ type: z.literal('ping'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('session.event'), sessionId: z.string().max(64), event: sessionEventSchema }),
  /** `peer` numbers the peer connection: a new number means the sender started a fresh connection. */
  z.object({
    type: z.literal('session.signal'),
    sessionId: z.string().max(64),
    peer: z.number().int().nonnegative(),
    data: signalDataSchema,
  }),
  z.object({ type: z.literal('session.leave'), sessionId: z.string().max(64) }),
  /** The page is going away (tab closed or reloaded): leave unless the same person resumes within moments. */
  z.object({ type: z.literal('session.closing'), sessionId: z.string().max(64) }),
  /** A page (re)opened this session: cancels a pending closing. */
  z.object({ type: z.literal('session.resume'), sessionId: z.string().max(64) }),
  /** The person is active in the session (chat, input, mode changes): keeps it from the idle timeout (spec 4.10). */
  z.object({ type: z.literal('session.activity'), sessionId: z.string().max(64) }),
]);
export type ClientSocketMessage = z.infer<typeof clientSocketMessageSchema>;

export const serverSocketMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth.ok'), userId: z.string() }),
  z.object({ type: z.literal('pong'), id: z.number().int().nonnegative() }),
  z.object({ type: z.literal('error'), code: errorCodeSchema, message: z.string() }),
  /** `code` is set only in the helper's copy, so a helper waiting on several codes knows which one was used. */
  z.object({
    type: z.literal('session.paired'),
    session: sessionSchema,
    code: z.string().optional(),
    /** Set in the helper's copy when the session came from a remote launch (spec 3.2). */
    launchId: z.string().optional(),
  }),
  z.object({ type: z.literal('session.event'), sessionId: z.string(), from: roleSchema, event: sessionEventSchema }),
  z.object({
    type: z.literal('session.signal'),
    sessionId: z.string(),
    peer: z.number().int().nonnegative(),
    data: signalDataSchema,
  }),
  /** The other member's connection to the server came or went. */
  z.object({ type: z.literal('session.presence'), sessionId: z.string(), online: z.boolean() }),
  z.object({ type: z.literal('session.ended'), sessionId: z.string(), reason: endReasonSchema }),
  /** To an enrolled device: a helper asks to start a session (spec 3.2). */
  z.object({
    type: z.literal('launch.request'),
    launchId: z.string(),
    helper: identityCardSchema,
    expiresAt: z.string(),
  }),
  /** To the helper: the person at the device said no. */
  z.object({ type: z.literal('launch.declined'), launchId: z.string() }),
]);
export type ServerSocketMessage = z.infer<typeof serverSocketMessageSchema>;

/** WebSocket close codes the server uses, with their meaning. */
export const SOCKET_CLOSE = {
  authTimeout: 4001,
  authFailed: 4003,
  abusive: 1008,
} as const;

// ---------------------------------------------------------------- data channels (peer to peer, never via the server)

export const MAX_CHAT_CHARACTERS = 4000;
/** Characters as people count them (code points), not UTF-16 units: an emoji is one character. */
export const characterCount = (text: string) => Array.from(text).length;

export const chatChannelMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('chat.message'),
    id: z.string().min(1).max(64),
    text: z
      .string()
      .min(1)
      .refine((t) => characterCount(t) <= MAX_CHAT_CHARACTERS, 'too long'),
    sentAt: z.number(),
  }),
  z.object({ type: z.literal('chat.ack'), id: z.string().min(1).max(64) }),
]);
export type ChatChannelMessage = z.infer<typeof chatChannelMessageSchema>;

/** One piece of a message sent over a data channel in several frames (see src/rtc/frames.ts). */
export const frameSchema = z.object({
  f: z.number().int().nonnegative(),
  i: z.number().int().nonnegative(),
  n: z.number().int().positive().max(64),
  d: z.string(),
});
export type Frame = z.infer<typeof frameSchema>;

// ---------------------------------------------------------------- tenant settings (spec 5.3, 4.10)

/** An IPv4 or IPv6 range in CIDR notation, e.g. 10.0.0.0/8 or 2001:db8::/32. */
const cidrSchema = z.union([z.cidrv4(), z.cidrv6()]);

/** Conditional-access rules for one side (helpers or sharers). */
export const accessRulesSchema = z.object({
  /** The sign-in must have used multifactor authentication (`amr` contains `mfa`). */
  requireMfa: z.boolean(),
  /** When not empty, requests must come from one of these ranges. */
  allowedRanges: z.array(cidrSchema).max(100),
});
export type AccessRules = z.infer<typeof accessRulesSchema>;

export const tenantSettingsSchema = z.object({
  remoteHelpEnabled: z.boolean(),
  allowUnenrolledDevices: z.boolean(),
  chatDisabled: z.boolean(),
  /** 0 = no limit. */
  maxSessionMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** 0 = no limit. */
  idleTimeoutMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60),
  /** Days the audit log and reports keep records. */
  retentionDays: z.number().int().min(1).max(3650),
  helpers: accessRulesSchema,
  sharers: accessRulesSchema,
});
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const DEFAULT_TENANT_SETTINGS: TenantSettings = {
  remoteHelpEnabled: true,
  allowUnenrolledDevices: true,
  chatDisabled: false,
  maxSessionMinutes: 0,
  idleTimeoutMinutes: 0,
  retentionDays: 30,
  helpers: { requireMfa: false, allowedRanges: [] },
  sharers: { requireMfa: false, allowedRanges: [] },
};

// ---------------------------------------------------------------- role-based access control (spec 3.4)

export const roleInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  permissions: z.array(permissionSchema).min(1),
});
export type RoleInput = z.infer<typeof roleInputSchema>;
export const roleViewSchema = roleInputSchema.extend({ id: z.string(), builtIn: z.boolean() });
export type RoleView = z.infer<typeof roleViewSchema>;

export const groupInputSchema = z.object({
  name: z.string().trim().min(1).max(100),
  /** Members by email; each must be a person of the tenant. */
  members: z.array(z.email()).max(1000),
  /** Enrolled devices by id (spec 3.4: scopes name groups of users or devices); each must be the tenant's. */
  devices: z.array(z.string().min(1).max(64)).max(1000).default([]),
});
export const groupViewSchema = groupInputSchema.extend({ id: z.string() });
export type GroupView = z.infer<typeof groupViewSchema>;

/** Whom an assignment covers: everyone in the tenant, or the members of named groups. */
export const assignmentScopeSchema = z.union([
  z.literal('all'),
  z.object({ groups: z.array(z.string().min(1)).min(1).max(50) }),
]);
export const assignmentInputSchema = z.object({
  roleId: z.string().min(1),
  principal: z.object({ type: z.enum(['user', 'group']), id: z.string().min(1) }),
  scope: assignmentScopeSchema,
});
export type AssignmentInput = z.infer<typeof assignmentInputSchema>;
export const assignmentViewSchema = assignmentInputSchema.extend({ id: z.number().int() });
export type AssignmentView = z.infer<typeof assignmentViewSchema>;

/** A person of the tenant, as the administration page names them (assignments to people). */
export const personViewSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type PersonView = z.infer<typeof personViewSchema>;

export const rolesResponseSchema = z.object({ roles: z.array(roleViewSchema) });
export const groupsResponseSchema = z.object({ groups: z.array(groupViewSchema) });
export const assignmentsResponseSchema = z.object({ assignments: z.array(assignmentViewSchema) });
export const peopleResponseSchema = z.object({ people: z.array(personViewSchema) });

// ---------------------------------------------------------------- devices and remote launch (spec 3.2, 5.1, 5.2)

export const ENROLLMENT_TOKEN_DAYS = 7;
export const LAUNCH_TTL_SECONDS = 5 * 60;

export const enrollmentTokenSchema = z.object({ token: z.string(), expiresAt: z.string() });
export type EnrollmentToken = z.infer<typeof enrollmentTokenSchema>;

export const enrollRequestSchema = z.object({
  token: z.string().trim().min(1).max(128),
  name: z.string().trim().min(1).max(100),
  os: z.string().trim().min(1).max(100),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

/** The answer to enrolment: the device's credential, which only this app ever holds. */
export const enrolledDeviceSchema = deviceCredentialSchema.extend({ name: z.string() });
export type EnrolledDevice = z.infer<typeof enrolledDeviceSchema>;

export const deviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  os: z.string(),
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  enrolledAt: z.string(),
  lastCheckIn: z.string().nullable(),
  compliance: complianceSchema,
  /** Connected now, so a launch can reach it. */
  online: z.boolean(),
});
export type Device = z.infer<typeof deviceSchema>;

export const deviceListSchema = z.object({ devices: z.array(deviceSchema) });

export const deviceQuerySchema = z.object({
  search: z.string().trim().min(1).max(200).optional(),
  compliance: complianceSchema.optional(),
  online: z.enum(['true', 'false']).optional(),
});
export type DeviceQuery = z.infer<typeof deviceQuerySchema>;

export const complianceRequestSchema = z.object({ compliance: complianceSchema });

export const launchSchema = z.object({ launchId: z.string(), expiresAt: z.string() });
export type Launch = z.infer<typeof launchSchema>;

export const launchAnswerSchema = z.object({ device: deviceCredentialSchema });

// ---------------------------------------------------------------- reports (spec 5.4)

/** Filters of the sessions report; dates are whole days (YYYY-MM-DD, UTC), both ends included. */
export const reportQuerySchema = z.object({
  person: z.string().trim().min(1).max(200).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  outcome: z.enum(['active', 'ended', ...endReasonSchema.options]).optional(),
  /** A device's name or id. */
  device: z.string().trim().min(1).max(200).optional(),
});
export type ReportQuery = z.infer<typeof reportQuerySchema>;

const reportPersonSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const sessionReportRowSchema = z.object({
  sessionId: z.string(),
  helper: reportPersonSchema,
  sharer: reportPersonSchema,
  /** The sharer's enrolled device, when there is one. */
  device: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationSeconds: z.number().int().nonnegative().nullable(),
  modes: z.array(modeSchema),
  /** 'active', or why it ended. */
  outcome: z.string(),
});
export type SessionReportRow = z.infer<typeof sessionReportRowSchema>;

export const sessionReportSchema = z.object({ sessions: z.array(sessionReportRowSchema) });

// ---------------------------------------------------------------- control: helper → sharer (control data channel)

/** A position on the shared screen: 0..1 of its width and height, whatever the sizes of the two displays. */
const unit = z.number().min(0).max(1);

export const MAX_CONTROL_TEXT_CHARACTERS = 256;

/** Keys the helper's browser keeps for itself, sent from the menu instead. */
export const keyComboSchema = z.enum(['ctrlAltDelete', 'meta', 'altTab', 'altF4', 'ctrlShiftEscape', 'printScreen']);
export type KeyCombo = z.infer<typeof keyComboSchema>;

export const pointerButtonSchema = z.enum(['left', 'middle', 'right']);
export type PointerButton = z.infer<typeof pointerButtonSchema>;

export const controlEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pointer.move'), x: unit, y: unit }),
  z.object({ type: z.literal('pointer.button'), x: unit, y: unit, button: pointerButtonSchema, down: z.boolean() }),
  z.object({
    type: z.literal('pointer.wheel'),
    x: unit,
    y: unit,
    dx: z.number().int().min(-20).max(20),
    dy: z.number().int().min(-20).max(20),
  }),
  /** A key by its physical position (KeyboardEvent.code); modifiers are keys of their own (ShiftLeft, ControlLeft…). */
  z.object({
    type: z.literal('key'),
    code: z.string().regex(/^[A-Za-z0-9]{1,24}$/),
    down: z.boolean(),
  }),
  /** Text as typed on the helper's side, in any script: arrives as these characters whatever the sharer's layout. */
  z.object({
    type: z.literal('text'),
    text: z
      .string()
      .min(1)
      .refine((t) => characterCount(t) <= MAX_CONTROL_TEXT_CHARACTERS, 'too long'),
  }),
  z.object({ type: z.literal('key.combo'), combo: keyComboSchema }),
]);
export type ControlEvent = z.infer<typeof controlEventSchema>;

export const controlChannelMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('control.input'), seq: z.number().int().nonnegative(), event: controlEventSchema }),
  z.object({ type: z.literal('laser.move'), x: unit, y: unit }),
  z.object({ type: z.literal('laser.hide') }),
]);
export type ControlChannelMessage = z.infer<typeof controlChannelMessageSchema>;

// ---------------------------------------------------------------- agent: sharer's page ↔ control agent (loopback WebSocket)

export const DEFAULT_AGENT_PORT = 47631;
export const MAX_AGENT_MESSAGE_BYTES = 16 * 1024;
/** The audience of grants: tokens made for anything else are refused by the agent. */
export const AGENT_GRANT_AUDIENCE = 'remote-help-agent';

/**
 * The server's signed permission for one agent to apply input for one session (JWT, ES256, from the server's
 * /api/agent/jwks): issuer = the app's origin, aud = AGENT_GRANT_AUDIENCE, sub = session id, short expiry.
 */
export const agentGrantClaimsSchema = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1).max(64),
  /** The agent's own device id, as it reported it: a grant for another device is refused. */
  device: z.string().min(1).max(64),
  modes: z.array(modeSchema),
  exp: z.number().int(),
  iat: z.number().int(),
  jti: z.string().min(1).max(64),
});
export type AgentGrantClaims = z.infer<typeof agentGrantClaimsSchema>;

/** The sharer's page asks for the modes the sharer has allowed; the server grants them only within the session's. */
export const agentGrantRequestSchema = z.object({
  device: z.string().min(1).max(64),
  modes: z
    .array(z.enum(['control', 'elevation']))
    .min(1)
    .max(2),
});
export const agentGrantResponseSchema = z.object({ token: z.string().min(1).max(4096), expiresAt: z.string() });
export type AgentGrantResponse = z.infer<typeof agentGrantResponseSchema>;

export const agentClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('agent.hello') }),
  /** Hands the agent a grant for a session; the agent verifies it against the server's keys. */
  z.object({ type: z.literal('agent.grant'), token: z.string().min(1).max(4096) }),
  /** The sharer's current mode for the session: input is applied only in 'control'. */
  z.object({
    type: z.literal('agent.mode'),
    sessionId: z.string().min(1).max(64),
    mode: z.enum(['none', 'view', 'control']),
  }),
  z.object({
    type: z.literal('agent.input'),
    sessionId: z.string().min(1).max(64),
    seq: z.number().int().nonnegative(),
    event: controlEventSchema,
  }),
  z.object({
    type: z.literal('agent.laser'),
    sessionId: z.string().min(1).max(64),
    x: unit,
    y: unit,
    visible: z.boolean(),
  }),
  /** The sharer leaves after elevated actions: run the configured sign-out (lock or end the desktop session). */
  z.object({ type: z.literal('agent.signOut'), sessionId: z.string().min(1).max(64) }),
  /** The session ended or control was taken back: forget its grant. */
  z.object({ type: z.literal('agent.end'), sessionId: z.string().min(1).max(64) }),
]);
export type AgentClientMessage = z.infer<typeof agentClientMessageSchema>;

export const agentErrorCodeSchema = z.enum([
  'invalid_message',
  'grant_invalid',
  'grant_expired',
  'grant_other_device',
  'no_grant',
  'other_session',
  'not_in_control',
  'not_permitted',
  'injection_failed',
  'sign_out_failed',
]);
export type AgentErrorCode = z.infer<typeof agentErrorCodeSchema>;

export const agentServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('agent.info'),
    version: z.string(),
    device: z.string(),
    backend: z.string(),
    screen: z.object({ width: z.number().int().positive(), height: z.number().int().positive() }),
    canSignOut: z.boolean(),
  }),
  z.object({
    type: z.literal('agent.granted'),
    sessionId: z.string(),
    modes: z.array(modeSchema),
    expiresAt: z.string(),
  }),
  /** Input was applied while elevation was granted: sent once per grant. */
  z.object({ type: z.literal('agent.elevatedUsed'), sessionId: z.string() }),
  z.object({ type: z.literal('agent.signedOut'), sessionId: z.string() }),
  z.object({
    type: z.literal('agent.error'),
    code: agentErrorCodeSchema,
    message: z.string().max(500),
    /** The input event refused, if it was one. */
    seq: z.number().int().nonnegative().optional(),
  }),
]);
export type AgentServerMessage = z.infer<typeof agentServerMessageSchema>;
