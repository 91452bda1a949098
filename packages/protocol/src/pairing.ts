/** Pairing by security code (spec 3.1): the code's form, and the HTTP bodies that make, redeem and list sessions. */
import { z } from 'zod';
import { deviceCredentialSchema, modeSchema, sessionSchema } from './domain.ts';

export const CODE_LENGTH = 8;
/** Crockford's base32 in lower case: 32 symbols, none of i, l, o, u, so no two look alike. */
export const CODE_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

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

export const redeemResponseSchema = z.object({ session: sessionSchema });

export const activeSessionsSchema = z.object({ sessions: z.array(sessionSchema) });
