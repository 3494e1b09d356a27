import { z } from 'zod';

export const modes = ['rail', 'air', 'event'] as const;
export type Mode = (typeof modes)[number];
/** cn-rail-xb marks a Guangzhou–Shenzhen–Hong Kong cross-border train: its own refund rules. */
export const ruleSetIds = ['cn-rail', 'cn-rail-xb', 'cn-air', 'event'] as const;
export type RuleSetId = (typeof ruleSetIds)[number];

export type FareClassDTO = { code: string; name: string; priceFen: number; seatsLeft: number };

export type DepartureDTO = {
  id: string;
  mode: Mode;
  /** Train number, flight number or show code. */
  code: string;
  /** Station/airport codes or venue name. */
  origin: string;
  destination: string;
  departureAt: string;
  arrivalAt: string | null;
  ruleSet: RuleSetId;
  organizer: string | null;
  realName: boolean;
  classes: FareClassDTO[];
};

export const departureSearchInputSchema = z.object({
  mode: z.enum(modes).optional(),
  origin: z.string().trim().max(40).optional(),
  destination: z.string().trim().max(40).optional(),
  /** Calendar day in Asia/Shanghai, YYYY-MM-DD. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  from: z.string().datetime({ offset: true }).optional(),
  limit: z.number().int().min(1).max(100).default(30),
});
