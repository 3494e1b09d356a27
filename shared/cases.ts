import { z } from 'zod';
import { roleSchema } from './roles';
import { caseKinds, channels, priorities, queueNames } from './case-vocabulary';

// The plain lists and types live in the zod-free ./case-vocabulary (the console's first load
// imports that one); re-exported here so every import from shared/cases keeps working.
export {
  caseKinds,
  channels,
  priorities,
  priorityRank,
  queueNames,
  queuesByKind,
  queuesByRole,
} from './case-vocabulary';
export type { CaseKind, Channel, Priority, QueueName } from './case-vocabulary';

export const caseKindSchema = z.enum(caseKinds);
export const prioritySchema = z.enum(priorities);
export const channelSchema = z.enum(channels);
export const queueNameSchema = z.enum(queueNames);

export const caseStatusSchema = z.enum(['open', 'closed']);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Ids are MongoDB ObjectId hex strings. */
export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-character hex id');
/** Client-generated key that makes a mutation safe to retry. */
export const idempotencyKeySchema = z
  .string()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');

export const userRefSchema = z.object({ id: z.string(), name: z.string() });
export type UserRef = z.infer<typeof userRefSchema>;

/** One row of a queue: what the console lists and what Socket.IO pushes. */
export const queueItemSchema = z.object({
  id: z.string(),
  ref: z.string(),
  kind: caseKindSchema,
  /** Machine state as a dotted path, e.g. "quoted" or "escalated.supervisor". */
  state: z.string(),
  status: caseStatusSchema,
  queue: queueNameSchema,
  priority: prioritySchema,
  channel: channelSchema,
  subject: z.string(),
  assignee: userRefSchema.nullable(),
  customer: z.object({ id: z.string(), name: z.string() }).nullable(),
  bookingRef: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When the case entered its current queue/state: the waiting time shown in the queue. */
  waitingSince: z.string(),
  /** Earliest due time among the case's timers (SLA, seat hold, refund deadline), ISO instant. */
  nextDueAt: z.string().nullable(),
  /** The timer's event name, e.g. "HOLD_EXPIRED", "FIRST_RESPONSE_DUE". */
  nextDueEvent: z.string().nullable(),
  /** People who follow the case without having it, e.g. the complaint handler who escalated it (absent: none). */
  watchers: z.array(userRefSchema).optional(),
  /** The first due time this open case missed (SLA, refund deadline): it stays overdue after its timer fired. */
  breach: z.object({ event: z.string(), dueAt: z.string() }).nullable().optional(),
  version: z.number().int(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;

export const historyEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string(), role: z.union([roleSchema, z.literal('system')]) }),
  event: z.string(),
  /** The event's payload as sent (personal data masked). */
  payload: z.record(z.string(), z.unknown()),
  from: z.string(),
  to: z.string(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** `cases.history`: a page of a case's history in order, after the entry numbered `afterSeq` (0: from the start). */
export const caseHistoryInputSchema = z.object({
  id: objectIdSchema,
  afterSeq: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(200),
});
export type CaseHistoryInput = z.input<typeof caseHistoryInputSchema>;

export type HistoryPage = {
  entries: HistoryEntry[];
  /** Where the next page starts (pass as `afterSeq`); null when this page reached the end. */
  nextAfterSeq: number | null;
};

export const noteSchema = z.object({ id: z.string(), at: z.string(), author: userRefSchema, text: z.string() });
export type Note = z.infer<typeof noteSchema>;

export const caseDetailSchema = queueItemSchema.extend({
  /** Kind-specific machine context, projected for the client (quotes, passengers masked, resolution...). */
  data: z.record(z.string(), z.unknown()),
  /** Event types the case accepts now, for the caller's role: the console offers exactly these. */
  allowedEvents: z.array(z.string()),
  notes: z.array(noteSchema),
  customerId: z.string().nullable(),
  bookingId: z.string().nullable(),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const caseListInputSchema = z.object({
  kind: caseKindSchema.optional(),
  queue: queueNameSchema.optional(),
  state: z.string().max(60).optional(),
  status: caseStatusSchema.optional(),
  channel: channelSchema.optional(),
  assigneeId: z.union([objectIdSchema, z.literal('me'), z.literal('none')]).optional(),
  customerId: objectIdSchema.optional(),
  limit: z.number().int().min(1).max(10_000).default(200),
  cursor: z.string().max(200).optional(),
});
export type CaseListInput = z.input<typeof caseListInputSchema>;

export const createCaseInputSchema = z.object({
  kind: caseKindSchema,
  channel: channelSchema,
  customerId: objectIdSchema.nullable(),
  bookingId: objectIdSchema.nullable().default(null),
  subject: z.string().trim().min(1).max(200),
  priority: prioritySchema.default('normal'),
  idempotencyKey: idempotencyKeySchema,
});
export type CreateCaseInput = z.input<typeof createCaseInputSchema>;

/**
 * A case event as the client sends it. The payload is checked against the kind's event
 * schema (shared/case-events.ts) on the server; actor and time are added by the server.
 */
export const sendEventInputSchema = z.object({
  caseId: objectIdSchema,
  /** The version the agent was looking at: a stale one is a CONFLICT, never an overwrite. */
  expectedVersion: z.number().int().nonnegative(),
  idempotencyKey: idempotencyKeySchema,
  event: z
    // Checked before the loose object below: its copy would turn an own "__proto__" key (as
    // JSON.parse makes it) into a prototype and drop it, so the strict event schema never saw it.
    .custom<{ type: string } & Record<string, unknown>>(
      (value) => !(typeof value === 'object' && value !== null && Object.hasOwn(value, '__proto__')),
      {
        message: 'Unrecognized key: "__proto__"',
      },
    )
    .pipe(
      z.object({ type: z.string().regex(/^[A-Z][A-Z0-9_]{1,40}$/, 'an event name in UPPER_SNAKE_CASE') }).passthrough(),
    ),
});
export type SendEventInput = z.infer<typeof sendEventInputSchema>;
