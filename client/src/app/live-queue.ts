import { useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { QueueName } from '../../../shared/case-vocabulary';
import { rooms, type CasePush } from '../../../shared/realtime';
import { useLiveHub, useLiveRooms } from './live';
import { useTRPC, type RouterOutputs } from '../lib/trpc';
import { useSessionUser } from './session';
import { applyQueueItem, type SnapshotScope } from '../lib/queue-order';

export type QueueSnapshot = RouterOutputs['queue']['snapshot'];

/** The input a cached queue.snapshot query was made with (tRPC keys: [path, { input, type }]). */
function scopeOfKey(queryKey: QueryKey): SnapshotScope {
  const meta = queryKey[1];
  if (typeof meta !== 'object' || meta === null || !('input' in meta)) return {};
  const input = (meta as { input?: unknown }).input;
  if (typeof input !== 'object' || input === null) return {};
  const { queues, mine } = input as { queues?: QueueName[]; mine?: boolean };
  return { queues, mine };
}

/**
 * A push applied to a cached snapshot. The snapshot's seqs advance with it, so they always say
 * which pushes the cached list already includes.
 */
function applyToSnapshot(
  snapshot: QueueSnapshot | undefined,
  message: CasePush,
  scope: SnapshotScope,
  meId: string,
): QueueSnapshot | undefined {
  if (!snapshot) return snapshot;
  const items = applyQueueItem(snapshot.items, message.item, scope, meId);
  const covers = snapshot.seqs.some(({ room, seq }) => room === message.room && seq < message.seq);
  if (items === snapshot.items && !covers) return snapshot;
  return {
    items: [...items],
    seqs: covers
      ? snapshot.seqs.map((entry) => (entry.room === message.room ? { room: entry.room, seq: message.seq } : entry))
      : snapshot.seqs,
  };
}

/**
 * Keeps every cached queue snapshot live: each push patches the cached lists in place
 * (setQueryData), an open case workspace refetches when its case moved on, and a gap or a
 * reconnect refetches the snapshots. Mounted once, in the layout.
 */
export function useLiveQueueCache(): void {
  const hub = useLiveHub();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  useEffect(() => {
    if (!hub) return;
    // A case can reach us through several rooms; never let an older copy replace a newer one.
    const latestVersion = new Map<string, number>();
    const snapshotKey = trpc.queue.snapshot.pathKey();
    const offPush = hub.onPush((message) => {
      const { item } = message;
      const seen = latestVersion.get(item.id);
      if (seen !== undefined && seen > item.version) return;
      latestVersion.set(item.id, item.version);
      for (const query of queryClient.getQueryCache().findAll({ queryKey: snapshotKey })) {
        const scope = scopeOfKey(query.queryKey);
        queryClient.setQueryData<QueueSnapshot>(query.queryKey, (old) => applyToSnapshot(old, message, scope, me.id));
      }
      const caseKey = trpc.cases.get.queryKey({ id: item.id });
      const cached = queryClient.getQueryData<{ version: number }>(caseKey);
      if (cached && cached.version < item.version) void queryClient.invalidateQueries({ queryKey: caseKey });
      if (item.customer)
        void queryClient.invalidateQueries({ queryKey: trpc.customers.get.queryKey({ id: item.customer.id }) });
    });
    const offResync = hub.onResync(() => {
      void queryClient.invalidateQueries({ queryKey: snapshotKey });
    });
    return () => {
      offPush();
      offResync();
    };
  }, [hub, trpc, queryClient, me.id]);
}

/** Socket rooms that carry the pushes for a snapshot scope. */
export function roomsForScope(scope: SnapshotScope, meId: string, extra: readonly string[] = []): string[] {
  const list: string[] = [...extra];
  if (scope.mine) list.push(rooms.agent(meId));
  if (scope.queues) list.push(...scope.queues.map((name) => rooms.queue(name)));
  return list;
}

/**
 * A live queue snapshot: fetched through tRPC, kept current by pushes. When the snapshot turns
 * out older than pushes already seen, those pushes are replayed over it (or it is fetched again).
 */
export function useQueueSnapshot(scope: { queues?: QueueName[]; mine?: boolean }, extraRooms: readonly string[] = []) {
  const trpc = useTRPC();
  const me = useSessionUser();
  const hub = useLiveHub();
  const queryClient = useQueryClient();
  const input = useMemo(
    () => ({ ...(scope.queues ? { queues: scope.queues } : {}), ...(scope.mine ? { mine: true } : {}) }),
    // The scope is rebuilt on each render by callers; its content is what matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps, react-hooks/use-memo -- keyed on the scope's content, not its identity (see above).
    [scope.queues?.join(','), scope.mine],
  );
  useLiveRooms(roomsForScope(scope, me.id, extraRooms));
  const queryOptions = trpc.queue.snapshot.queryOptions(input);
  const query = useQuery(queryOptions);
  const { data, dataUpdatedAt } = query;
  useEffect(() => {
    if (!hub || !data) return;
    const { replay, stale } = hub.reconcile(data.seqs);
    if (stale) {
      void queryClient.invalidateQueries({ queryKey: queryOptions.queryKey, exact: true });
      return;
    }
    if (replay.length === 0) return;
    queryClient.setQueryData<QueueSnapshot>(queryOptions.queryKey, (old) =>
      replay.reduce<QueueSnapshot | undefined>(
        (snapshot, message) => applyToSnapshot(snapshot, message, input, me.id),
        old,
      ),
    );
    // Patches keep the cached seqs current, so re-running after them finds nothing to do.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once per fetched snapshot (dataUpdatedAt), not on every patch of it.
  }, [hub, dataUpdatedAt]);
  return query;
}
