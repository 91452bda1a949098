/** Enrolled devices and remote launch (spec 3.2, 5.1, 5.2): the HTTP bodies of enrollment, the device list and launches. */
import { z } from 'zod';
import { complianceSchema, deviceCredentialSchema } from './domain.ts';

export const ENROLLMENT_TOKEN_DAYS = 7;
export const LAUNCH_TTL_SECONDS = 5 * 60;

/** An administrator's request for a token: it enrolls one device unless explicitly made multi-use. */
export const enrollmentTokenRequestSchema = z.object({ multiUse: z.boolean().default(false) }).strict();

export const enrollmentTokenSchema = z.object({ token: z.string(), expiresAt: z.string(), multiUse: z.boolean() });
export type EnrollmentToken = z.infer<typeof enrollmentTokenSchema>;

export const enrollRequestSchema = z.object({
  token: z.string().trim().min(1).max(128),
  name: z.string().trim().min(1).max(100),
  os: z.string().trim().min(1).max(100),
});
export type EnrollRequest = z.infer<typeof enrollRequestSchema>;

/** The answer to enrollment: the device's credential, which only this app ever holds. */
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
