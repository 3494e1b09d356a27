/** The audit viewer (admins, QA): who revealed whose personal data, sign-ins, role and skill changes. */
import { Types } from 'mongoose';
import { auditListInputSchema, type AuditListInput } from '../../../shared/qa';
import { endOfShanghaiDay, shanghaiMidnight } from '../../../workflows/time/shanghai';
import { AuditModel, auditActions } from '../db/models/audit';

/** Actions by group; a group also takes actions other modules add later under the same prefix (user.skills_changed). */
const groupFilters = {
  reveals: {
    action: { $in: ['customer.revealed', 'customer.identity_checked', 'customer.searched', 'customer.lookup_limited'] },
  },
  signins: { action: { $regex: '^(login\\.|logout$)' } },
  user_changes: { action: { $regex: '^user\\.' } },
} as const;

type AuditDoc = {
  _id: Types.ObjectId;
  actor: { id: string; name: string; role: string } | null;
  action: string;
  target: string;
  reason: string | null;
  details: Record<string, unknown> | null;
  at: Date;
  ip: string;
};

function toAuditRow(doc: AuditDoc) {
  return {
    id: doc._id.toHexString(),
    at: doc.at.toISOString(),
    actor: doc.actor,
    action: doc.action,
    target: doc.target,
    reason: doc.reason,
    details: doc.details,
    ip: doc.ip,
  };
}
export type AuditRow = ReturnType<typeof toAuditRow>;

function auditFilter(input: ReturnType<typeof auditListInputSchema.parse>): Record<string, unknown>[] {
  const and: Record<string, unknown>[] = [];
  if (input.group) and.push(groupFilters[input.group]);
  if (input.action) and.push({ action: input.action });
  if (input.actorId) and.push({ 'actor.id': input.actorId });
  if (input.target) and.push({ target: input.target });
  if (input.from) and.push({ at: { $gte: new Date(shanghaiMidnight(input.from)) } });
  if (input.to) and.push({ at: { $lte: new Date(new Date(endOfShanghaiDay(input.to)).getTime() + 999) } });
  if (input.cursor) and.push({ _id: { $lt: new Types.ObjectId(input.cursor) } });
  return and;
}

export async function listAudit(rawInput: AuditListInput) {
  const input = auditListInputSchema.parse(rawInput);
  const and = auditFilter(input);
  const docs = await AuditModel.collection
    .find(and.length > 0 ? { $and: and } : {})
    .sort({ _id: -1 })
    .limit(input.limit + 1)
    .toArray();
  const page = (docs as unknown as AuditDoc[]).slice(0, input.limit);
  return {
    items: page.map(toAuditRow),
    nextCursor: docs.length > input.limit ? (page[page.length - 1]?._id.toHexString() ?? null) : null,
    actions: auditActions,
  };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The filtered audit as CSV (at most 10,000 rows, newest first). */
export async function auditCsv(rawInput: AuditListInput): Promise<{ filename: string; csv: string; rows: number }> {
  const input = auditListInputSchema.parse({ ...rawInput, limit: 500 });
  const and = auditFilter({ ...input, cursor: undefined });
  const docs = (await AuditModel.collection
    .find(and.length > 0 ? { $and: and } : {})
    .sort({ _id: -1 })
    .limit(10_000)
    .toArray()) as unknown as AuditDoc[];
  const header = ['at', 'actor', 'actor_role', 'action', 'target', 'reason', 'details', 'ip'];
  const lines = docs.map((d) =>
    [d.at.toISOString(), d.actor?.name ?? '', d.actor?.role ?? '', d.action, d.target, d.reason, d.details, d.ip]
      .map(csvCell)
      .join(','),
  );
  return { filename: 'audit.csv', csv: [header.join(','), ...lines].join('\r\n') + '\r\n', rows: docs.length };
}
