/**
 * Reports and the daily reconciliation: inputs of the reports and reconciliation procedures and of
 * `GET /api/reports/cases.csv`. Dates are Asia/Shanghai business days (YYYY-MM-DD), both ends inclusive.
 */
import { z } from 'zod';
import { idempotencyKeySchema } from './cases';
import type { Role } from './roles';

export const businessDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)), 'must be a real calendar date');

/** The longest range one request covers; the console fetches a longer one in parts. */
export const MAX_REPORT_DAYS = 366;

export const reportGroupings = ['day', 'queue', 'agent', 'channel'] as const;
export type ReportGrouping = (typeof reportGroupings)[number];

export const reportRangeSchema = z
  .object({ from: businessDateSchema, to: businessDateSchema })
  .refine((r) => r.from <= r.to, { message: 'from must not be after to', path: ['to'] })
  .refine((r) => Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`) < MAX_REPORT_DAYS * 86_400_000, {
    message: `a range covers at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });

export const reportSummaryInputSchema = z
  .object({ from: businessDateSchema, to: businessDateSchema, groupBy: z.enum(reportGroupings).optional() })
  .strict()
  .and(reportRangeSchema);
export type ReportSummaryInput = z.infer<typeof reportSummaryInputSchema>;

export const reconciliationDayInputSchema = z.object({ date: businessDateSchema }).strict();
export const closeDayInputSchema = z
  .object({ date: businessDateSchema, note: z.string().trim().min(1).max(2000), idempotencyKey: idempotencyKeySchema })
  .strict();
export const adjustmentInputSchema = z
  .object({
    /** The business day the correction is about; it is entered on the day it is made. */
    correctsDate: businessDateSchema,
    kind: z.enum(['refund', 'collection', 'compensation']),
    amountFen: z
      .number()
      .int()
      .min(-100_000_000)
      .max(100_000_000)
      .refine((n) => n !== 0, 'must not be 0'),
    note: z.string().trim().min(1).max(2000),
    idempotencyKey: idempotencyKeySchema,
  })
  .strict();
export type AdjustmentInput = z.infer<typeof adjustmentInputSchema>;

/** Who reads the reports and the reconciliation; who closes days and enters adjustments. */
export const reportReaderRoles: readonly Role[] = ['supervisor', 'admin', 'qa'];
export const dayCloserRoles: readonly Role[] = ['supervisor', 'admin'];
