import { useQueries, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { QueueName } from '../../../shared/case-vocabulary';
import { rooms, type CasePush } from '../../../shared/realtime';
import { QUEUE_WINDOW_SIZE, type QueueListInput, type QueueWindowInput } from '../../../shared/queue-window';
import type { LiveHub } from '../lib/live';
import { useLiveHub, useLiveRooms } from './live';
import { useTRPC, type RouterOutputs } from '../lib/trpc';
import { useSessionUser } from './session';
import { applyQueueItem, type SnapshotScope } from '../lib/queue-order';
import { listKeyOf, patchQueueList, rowAt, type QueueWindowData, type WindowEntry } from '../lib/queue-windows';

export type QueueSnapshot = RouterOutputs['queue']['snapshot'];
export type QueueWindow = RouterOutputs['queue']['window'];
type Trpc = ReturnType<typeof useTRPC>;

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
      patchCachedWindows(queryClient, trpc, hub, message, me.id, seen !== undefined && seen > item.version);
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
      void queryClient.invalidateQueries({ queryKey: trpc.queue.window.pathKey() });
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

// ---------------------------------------------------------------------------------------------
// Queue windows

/** The input a cached queue.window query was made with. */
function windowInputOfKey(queryKey: QueryKey): QueueWindowInput {
  const meta = queryKey[1];
  if (typeof meta !== 'object' || meta === null || !('input' in meta)) return {};
  const input = (meta as { input?: unknown }).input;
  return typeof input === 'object' && input !== null ? (input as QueueWindowInput) : {};
}

type ListGroup = { list: QueueListInput; entries: WindowEntry<QueryKey>[] };

/** The cached windows (and counts) of every list, grouped by list. */
function cachedLists(queryClient: QueryClient, trpc: Trpc): Map<string, ListGroup> {
  const groups = new Map<string, ListGroup>();
  for (const query of queryClient.getQueryCache().findAll({ queryKey: trpc.queue.window.pathKey() })) {
    const data = query.state.data as QueueWindow | undefined;
    if (!data) continue;
    const input = windowInputOfKey(query.queryKey);
    const { offset: _offset, limit, ...list } = input;
    const key = listKeyOf(input);
    const group = groups.get(key) ?? { list, entries: [] };
    group.entries.push({ key: query.queryKey, limit: limit ?? QUEUE_WINDOW_SIZE, data });
    groups.set(key, group);
  }
  return groups;
}

function applyPatch(
  queryClient: QueryClient,
  trpc: Trpc,
  hub: LiveHub,
  group: ListGroup,
  patch: ReturnType<typeof patchQueueList<QueryKey>>,
): void {
  for (const update of patch.updates) queryClient.setQueryData<QueueWindowData>(update.key, update.data);
  for (const key of patch.stale)
    void queryClient.invalidateQueries({ queryKey: key, exact: true }, { cancelRefetch: false });
  if (patch.totalUnknown) scheduleRecount(queryClient, trpc, hub, group.list);
}

/** Every cached window of every list patched by one push (an outdated copy only advances the seqs). */
function patchCachedWindows(
  queryClient: QueryClient,
  trpc: Trpc,
  hub: LiveHub,
  message: CasePush,
  meId: string,
  outdated: boolean,
): void {
  for (const group of cachedLists(queryClient, trpc).values()) {
    const rooms = new Set(group.entries.flatMap((entry) => entry.data.seqs.map((s) => s.room)));
    if (!rooms.has(message.room)) continue;
    applyPatch(queryClient, trpc, hub, group, patchQueueList(group.entries, message, group.list, meId, { outdated }));
  }
}

const recounts = new WeakMap<QueryClient, Map<string, ReturnType<typeof setTimeout>>>();
const RECOUNT_AFTER_MS = 250;

/**
 * Asks the server for a list's total (queue.window with limit 0) when a push could not tell how
 * it changed; pushes coming close together share one count. A count older than pushes already
 * applied is asked for again (a few times at most).
 */
function scheduleRecount(queryClient: QueryClient, trpc: Trpc, hub: LiveHub, list: QueueListInput, attempt = 0) {
  const pending = recounts.get(queryClient) ?? new Map<string, ReturnType<typeof setTimeout>>();
  recounts.set(queryClient, pending);
  const key = listKeyOf(list);
  if (pending.has(key)) return;
  pending.set(
    key,
    setTimeout(() => {
      void (async () => {
        const options = trpc.queue.window.queryOptions({ ...list, limit: 0 });
        const counted = await queryClient.fetchQuery({ ...options, staleTime: 0 }).catch(() => null);
        pending.delete(key);
        if (!counted) return;
        const { replay, stale } = hub.reconcile(counted.seqs);
        if ((stale || replay.length > 0) && attempt < 3) {
          scheduleRecount(queryClient, trpc, hub, list, attempt + 1);
          return;
        }
        const group = cachedLists(queryClient, trpc).get(key);
        for (const entry of group?.entries ?? [])
          queryClient.setQueryData<QueueWindowData>(entry.key, (old) => (old ? { ...old, total: counted.total } : old));
      })();
    }, RECOUNT_AFTER_MS),
  );
}

export type QueueList = {
  /** Rows in the list (its filters included), kept current by pushes; undefined until the first window arrives. */
  total: number | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch(): void;
  /** The row at an index, or undefined while its window is loading. */
  rowAt(index: number): QueueWindow['items'][number] | undefined;
  /** The index of a loaded row, -1 when it is not loaded. */
  indexOf(id: string): number;
  /** The rows in view: the windows that cover them are fetched. */
  showRange(start: number, end: number): void;
};

/**
 * A live queue list in windows: the first window at once, further ones as the rows in view
 * reach them. Pushes patch the loaded windows and the total (useLiveQueueCache).
 */
export function useQueueList(list: QueueListInput, options: { enabled?: boolean } = {}): QueueList {
  const trpc = useTRPC();
  const me = useSessionUser();
  const hub = useLiveHub();
  const queryClient = useQueryClient();
  const listKey = listKeyOf(list);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the list's content (listKey), not its identity.
  const stableList = useMemo(() => list, [listKey]);
  const [range, setRange] = useState({ listKey, first: 0, last: 0 });
  const shown = range.listKey === listKey ? range : { listKey, first: 0, last: 0 };
  const indexes = useMemo(() => {
    const set = new Set<number>([0]);
    for (let w = shown.first; w <= shown.last; w++) set.add(w);
    return [...set];
  }, [shown.first, shown.last]);
  useLiveRooms(options.enabled === false ? [] : roomsForScope(stableList, me.id));
  const queries = useQueries({
    queries: indexes.map((w) => ({
      ...trpc.queue.window.queryOptions({ ...stableList, offset: w * QUEUE_WINDOW_SIZE, limit: QUEUE_WINDOW_SIZE }),
      enabled: options.enabled !== false,
    })),
  });
  const windows: (QueueWindow | undefined)[] = [];
  indexes.forEach((w, i) => {
    windows[w] = queries[i]?.data;
  });
  const head = queries[0];

  // A window that arrives older than pushes already seen gets them replayed over it.
  const reconciled = useRef(new WeakSet<object>());
  const updatedAt = queries.map((q) => q.dataUpdatedAt).join(',');
  useEffect(() => {
    if (!hub) return;
    indexes.forEach((w) => {
      const options = trpc.queue.window.queryOptions({
        ...stableList,
        offset: w * QUEUE_WINDOW_SIZE,
        limit: QUEUE_WINDOW_SIZE,
      });
      const data = queryClient.getQueryData<QueueWindowData>(options.queryKey);
      if (!data || reconciled.current.has(data)) return;
      reconciled.current.add(data);
      const { replay, stale } = hub.reconcile(data.seqs);
      if (stale) {
        void queryClient.invalidateQueries({ queryKey: options.queryKey, exact: true });
        return;
      }
      let entry: WindowEntry<QueryKey> = { key: options.queryKey, limit: QUEUE_WINDOW_SIZE, data };
      for (const message of replay) {
        const patch = patchQueueList([entry], message, stableList, me.id);
        const next = patch.updates[0]?.data;
        if (next) entry = { ...entry, data: next };
        for (const key of patch.stale)
          void queryClient.invalidateQueries({ queryKey: key, exact: true }, { cancelRefetch: false });
        if (patch.totalUnknown) scheduleRecount(queryClient, trpc, hub, stableList);
      }
      if (entry.data !== data) {
        reconciled.current.add(entry.data);
        queryClient.setQueryData<QueueWindowData>(options.queryKey, entry.data);
      }
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when a window's data changes (updatedAt), not on every render.
  }, [hub, updatedAt]);

  // Fetching follows the rows in view after a short pause, so a fast scroll does not fetch every window it passes.
  const rangeTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (rangeTimer.current) clearTimeout(rangeTimer.current);
    },
    [],
  );

  return {
    total: head?.data?.total,
    isPending: head?.isPending ?? true,
    isError: head?.isError ?? false,
    error: head?.error,
    refetch: () => void head?.refetch(),
    rowAt: (index) => rowAt(windows, QUEUE_WINDOW_SIZE, index),
    indexOf: (id) => {
      for (const data of windows) {
        const at = data?.items.findIndex((item) => item.id === id) ?? -1;
        if (data && at >= 0 && at < QUEUE_WINDOW_SIZE) return data.offset + at;
      }
      return -1;
    },
    showRange: (start, end) => {
      const first = Math.floor(Math.max(0, start) / QUEUE_WINDOW_SIZE);
      const last = Math.floor(Math.max(0, end) / QUEUE_WINDOW_SIZE);
      if (first === shown.first && last === shown.last) return;
      if (rangeTimer.current) clearTimeout(rangeTimer.current);
      rangeTimer.current = setTimeout(() => setRange({ listKey, first, last }), 60);
    },
  };
}

/** A list's total alone (a tab's count), kept current by pushes. */
export function useQueueCount(list: QueueListInput, options: { enabled?: boolean } = {}): number | undefined {
  const trpc = useTRPC();
  const me = useSessionUser();
  const enabled = options.enabled !== false;
  useLiveRooms(enabled ? roomsForScope(list, me.id) : []);
  return useQuery({ ...trpc.queue.window.queryOptions({ ...list, limit: 0 }), enabled }).data?.total;
}
