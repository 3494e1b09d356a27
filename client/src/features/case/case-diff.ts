import type { HistoryEntry } from '../../../../shared/cases';
import type { CaseDetail } from '../../lib/case-detail';

export type CaseChange =
  | { field: 'state'; from: string; to: string }
  | { field: 'assignee'; from: string | null; to: string | null }
  | { field: 'priority'; from: string; to: string }
  | { field: 'queue'; from: string; to: string }
  | { field: 'status'; from: string; to: string };

export type CaseDiff = { changes: CaseChange[]; newEntries: HistoryEntry[] };

/**
 * What someone else changed between the case the agent was looking at and the current one;
 * `history` is the fresh case's history after the version seen (from `cases.history`).
 */
export function diffCases(seen: CaseDetail, fresh: CaseDetail, history: readonly HistoryEntry[]): CaseDiff {
  const changes: CaseChange[] = [];
  if (seen.state !== fresh.state) changes.push({ field: 'state', from: seen.state, to: fresh.state });
  if ((seen.assignee?.id ?? null) !== (fresh.assignee?.id ?? null)) {
    changes.push({ field: 'assignee', from: seen.assignee?.name ?? null, to: fresh.assignee?.name ?? null });
  }
  if (seen.priority !== fresh.priority) changes.push({ field: 'priority', from: seen.priority, to: fresh.priority });
  if (seen.queue !== fresh.queue) changes.push({ field: 'queue', from: seen.queue, to: fresh.queue });
  if (seen.status !== fresh.status) changes.push({ field: 'status', from: seen.status, to: fresh.status });
  // Entry n is the step that made version n: what the agent had not seen is numbered after their version.
  const newEntries = history.filter((entry) => entry.seq > seen.version);
  return { changes, newEntries };
}
