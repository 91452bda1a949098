/** The things every wire talks about: modes, permissions, people, devices, sessions and how sessions end. */
import { z } from 'zod';

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
const sessionDeviceSchema = z.object({ id: z.string(), name: z.string(), compliance: complianceSchema });
export type SessionDevice = z.infer<typeof sessionDeviceSchema>;

/** What an enrolled app presents to prove which device it runs on: kept by the installed app, never shown. */
export const deviceCredentialSchema = z.object({
  id: z.string().min(1).max(64),
  secret: z.string().min(1).max(128),
});
export type DeviceCredential = z.infer<typeof deviceCredentialSchema>;

// ---------------------------------------------------------------- sessions

/** The two sides of a session. */
export const roleSchema = z.enum(['helper', 'sharer']);
export type Role = z.infer<typeof roleSchema>;

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

export const endReasonSchema = z.enum([
  'helper_left',
  'sharer_left',
  'connection_lost',
  'max_length',
  'idle',
  'policy',
]);
export type EndReason = z.infer<typeof endReasonSchema>;
