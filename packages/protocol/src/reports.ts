/** The sessions report (spec 5.4): its filters and its rows. */
import { z } from 'zod';
import { endReasonSchema, modeSchema } from './domain.ts';

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

const sessionReportRowSchema = z.object({
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
