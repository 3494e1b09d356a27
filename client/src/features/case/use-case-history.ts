import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import type { HistoryEntry } from '../../../../shared/cases';
import { useTRPCClient, type ApiClient } from '../../lib/trpc';

/** Every entry after `afterSeq`, page by page (the server sends at most a few hundred at a time). */
async function historyAfter(client: ApiClient, caseId: string, afterSeq: number): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  let next: number | null = afterSeq;
  while (next !== null) {
    const page = await client.cases.history.query({ id: caseId, afterSeq: next });
    entries.push(...page.entries);
    next = page.nextAfterSeq;
  }
  return entries;
}

/**
 * A case's history for its workspace, through `cases.history` (the case itself carries none). Each
 * new version fetches only the entries after the last one this view already has, so an old case
 * costs one full read when opened and a small one per change.
 */
export function useCaseHistory(caseId: string, version: number) {
  const client = useTRPCClient();
  const known = useRef<{ caseId: string; entries: HistoryEntry[] }>({ caseId, entries: [] });
  return useQuery({
    queryKey: [['cases', 'history', 'workspace'], { id: caseId, version }],
    queryFn: async () => {
      const have = known.current.caseId === caseId ? known.current.entries : [];
      const lastSeq = have[have.length - 1]?.seq ?? 0;
      const entries = [...have, ...(await historyAfter(client, caseId, lastSeq))];
      known.current = { caseId, entries };
      return entries;
    },
    placeholderData: keepPreviousData,
  });
}
