import type { SessionUser } from '../../../shared/auth';
import { AuditModel, type AuditAction } from '../db/models/audit';

export type AuditInput = {
  actor: Pick<SessionUser, 'id' | 'name' | 'role'> | null;
  action: AuditAction;
  target: string;
  reason?: string | null;
  details?: Record<string, unknown> | null;
  at: Date;
  ip: string;
};

/** Appends one audit entry. Audit is part of the action: if it cannot be written, the action fails. */
export async function recordAudit(entry: AuditInput): Promise<void> {
  await AuditModel.create({
    actor: entry.actor ? { id: entry.actor.id, name: entry.actor.name, role: entry.actor.role } : null,
    action: entry.action,
    target: entry.target.slice(0, 200),
    reason: entry.reason ?? null,
    details: entry.details ?? null,
    at: entry.at,
    ip: entry.ip.slice(0, 100),
  });
}
