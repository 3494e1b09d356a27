import type { HistoryEntry } from '../../../../shared/cases';
import type { CaseDetail } from '../../lib/case-detail';

export type CaseChange =
  | { field: 'state'; from: string; to: string }
  | { field: 'assignee'; from: string | null; to: string | null }
  | { field: 'priority'; from: string; to: string }
  | { field: 'queue'; from: string; to: string }
  | { field: 'status'; from: string; to: string };

export type CaseDiff = { changes: CaseChange[]; newEntries: HistoryEntry[] };

/** What someone else changed between the case the agent was looking at and the current one. */
export function diffCases(seen: CaseDetail, fresh: CaseDetail): CaseDiff {
  const changes: CaseChange[] = [];
  if (seen.state !== fresh.state) changes.push({ field: 'state', from: seen.state, to: fresh.state });
  if ((seen.assignee?.id ?? null) !== (fresh.assignee?.id ?? null)) {
    changes.push({ field: 'assignee', from: seen.assignee?.name ?? null, to: fresh.assignee?.name ?? null });
  }
  if (seen.priority !== fresh.priority) changes.push({ field: 'priority', from: seen.priority, to: fresh.priority });
  if (seen.queue !== fresh.queue) changes.push({ field: 'queue', from: seen.queue, to: fresh.queue });
  if (seen.status !== fresh.status) changes.push({ field: 'status', from: seen.status, to: fresh.status });
  const lastSeen = Math.max(-1, ...seen.history.map((entry) => entry.seq));
  const newEntries = fresh.history.filter((entry) => entry.seq > lastSeen);
  return { changes, newEntries };
}
