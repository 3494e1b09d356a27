import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { QueueItem } from '../../../../shared/cases';
import {
  caseKinds,
  caseStateLabels,
  channels,
  type CaseKind,
  type Channel,
  type QueueName,
} from '../../../../shared/case-vocabulary';
import { useHotkeys } from '../../app/hotkeys';
import { describeApiError } from '../../lib/api-errors';
import { useSessionUser } from '../../app/session';
import { useCaseLabels } from '../../lib/case-labels';
import { useQueueCount, useQueueList } from '../../app/live-queue';
import { visibleQueues } from '../../lib/queue-order';
import { QUEUE_SEARCH_MAX, type QueueAssigneeFilter, type QueueListInput } from '../../../../shared/queue-window';
import { QueueTable } from './QueueTable';

export type QueueTab = 'queue' | 'mine';

/** The first kind with a state of this name, to word a state from the URL that no listed case is in. */
function stateKind(state: string): CaseKind {
  return caseKinds.find((kind) => state in caseStateLabels[kind]) ?? 'booking';
}

function oneOf<T extends string>(value: string | null, options: readonly T[]): T | undefined {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The states a filter can name: the kind's when one is chosen, otherwise every kind's (each worded once). */
function stateOptions(kind: CaseKind | undefined): { state: string; kind: CaseKind }[] {
  const seen = new Map<string, CaseKind>();
  for (const k of kind ? [kind] : caseKinds)
    for (const state of Object.keys(caseStateLabels[k])) if (!seen.has(state)) seen.set(state, k);
  return [...seen].map(([state, k]) => ({ state, kind: k }));
}

const assigneeFilters = ['me', 'none'] as const satisfies readonly QueueAssigneeFilter[];
const SEARCH_PAUSE_MS = 300;

/**
 * The agent's worklist: their queues or their own cases, live, filtered by what the URL says.
 * The server filters and sorts; the page holds the windows in view and the totals.
 */
export function QueuePage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const labels = useCaseLabels();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const queues = visibleQueues(user);
  const tab: QueueTab = params.get('tab') === 'mine' ? 'mine' : 'queue';
  const filters = {
    kind: oneOf<CaseKind>(params.get('kind'), caseKinds),
    channel: oneOf<Channel>(params.get('channel'), channels),
    queue: oneOf<QueueName>(params.get('queue'), queues),
    state: params.get('state') || undefined,
    assignee: oneOf<QueueAssigneeFilter>(params.get('assignee'), assigneeFilters),
    search: (params.get('q') ?? '').trim().slice(0, QUEUE_SEARCH_MAX) || undefined,
  } satisfies QueueListInput;
  const scope: QueueListInput = tab === 'mine' ? { mine: true } : { queues };
  const list = useQueueList({ ...scope, ...filters });
  // A tab's count is its unfiltered total: the list's own when the tab shows it unfiltered.
  const unfiltered = Object.values(filters).every((value) => value === undefined);
  const waitingCount = useQueueCount({ queues }, { enabled: !(unfiltered && tab === 'queue') });
  const mineCount = useQueueCount({ mine: true }, { enabled: !(unfiltered && tab === 'mine') });

  // The states to filter by, worded and sorted in the current language (zh by pinyin, en by letter).
  const states = stateOptions(filters.kind)
    .map(({ state, kind }) => ({ state, label: labels.state(kind, state) }))
    .sort((a, b) => a.label.localeCompare(b.label, labels.language));

  // What is typed in the search box reaches the URL (and the server) after a short pause.
  const [searchText, setSearchText] = useState(() => params.get('q') ?? '');
  const searchTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (searchTimer.current) clearTimeout(searchTimer.current);
    },
    [],
  );

  // The selection lives in state, mirrored into the URL (which restores it on reload). Keys can
  // come faster than renders (J J Enter), so the shortcuts work from a ref updated at once. A row
  // whose window is still loading is selected by its index until it arrives.
  const [selection, setSelection] = useState<{ id: string | null; index: number }>(() => ({
    id: params.get('selected'),
    index: -1,
  }));
  const selectionRef = useRef(selection);
  const loadedIndex = selection.id ? list.indexOf(selection.id) : -1;
  const selectedIndex = loadedIndex >= 0 ? loadedIndex : selection.id ? -1 : selection.index;

  function update(changes: Record<string, string | null>) {
    if ('selected' in changes) {
      const next = { id: changes.selected ?? null, index: -1 };
      selectionRef.current = next;
      setSelection(next);
    }
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  }

  // setParams merges into the URL of the render it came from: a later timer must use the latest one.
  const latestUpdate = useRef(update);
  useEffect(() => {
    latestUpdate.current = update;
  });

  function select(index: number) {
    const item = list.rowAt(index);
    if (item) {
      update({ selected: item.id });
      selectionRef.current = { id: item.id, index };
      return;
    }
    const next = { id: null, index };
    selectionRef.current = next;
    setSelection(next);
  }

  // A row selected by index while loading takes its case's id once its window is in.
  const pending = selection.id === null && selection.index >= 0 ? list.rowAt(selection.index) : undefined;
  useEffect(() => {
    if (pending && selectionRef.current.id === null) update({ selected: pending.id });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the pending row arrives.
  }, [pending?.id]);

  function step(by: 1 | -1) {
    const total = list.total ?? 0;
    if (total === 0) return;
    const current = selectionRef.current;
    const found = current.id ? list.indexOf(current.id) : -1;
    const index = found >= 0 ? found : current.id ? -1 : current.index;
    select(Math.max(0, Math.min(total - 1, index + by)));
  }

  function open(item: QueueItem) {
    void navigate(`/cases/${item.id}`);
  }

  useHotkeys({
    j: () => step(1),
    J: () => step(1),
    k: () => step(-1),
    K: () => step(-1),
    Enter: () => {
      const current = selectionRef.current;
      const found = current.id ? list.indexOf(current.id) : current.index;
      const item = found >= 0 ? list.rowAt(found) : undefined;
      if (item) open(item);
    },
  });

  const filtered = Boolean(
    filters.kind || filters.state || filters.channel || filters.queue || filters.assignee || filters.search,
  );
  const total = list.total ?? 0;

  return (
    <section className="page queue-page" aria-labelledby="queue-title">
      <header className="page-head">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <div className="tabs" role="tablist" aria-label={t('queue.title')}>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'queue'}
            data-testid="queue-tab-queue"
            onClick={() => update({ tab: null, selected: null })}
          >
            {t('queue.tabQueue')}{' '}
            <span className="count">{(unfiltered && tab === 'queue' ? list.total : waitingCount) ?? '…'}</span>
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'mine'}
            data-testid="queue-tab-mine"
            onClick={() => update({ tab: 'mine', selected: null })}
          >
            {t('queue.tabMine')}{' '}
            <span className="count">{(unfiltered && tab === 'mine' ? list.total : mineCount) ?? '…'}</span>
          </button>
        </div>
      </header>
      <div className="filters" role="group" aria-label={t('queue.filters')}>
        <label>
          <span>{t('queue.col.kind')}</span>
          <select
            data-testid="filter-kind"
            value={filters.kind ?? ''}
            onChange={(e) => update({ kind: e.target.value, selected: null })}
          >
            <option value="">{t('common.all')}</option>
            {caseKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('queue.col.state')}</span>
          <select
            data-testid="filter-state"
            value={filters.state ?? ''}
            onChange={(e) => update({ state: e.target.value, selected: null })}
          >
            <option value="">{t('common.all')}</option>
            {filters.state && !states.some((item) => item.state === filters.state) && (
              <option value={filters.state}>
                {labels.state(filters.kind ?? stateKind(filters.state), filters.state)}
              </option>
            )}
            {states.map((item) => (
              <option key={item.state} value={item.state}>
                {item.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('queue.col.channel')}</span>
          <select
            data-testid="filter-channel"
            value={filters.channel ?? ''}
            onChange={(e) => update({ channel: e.target.value, selected: null })}
          >
            <option value="">{t('common.all')}</option>
            {channels.map((channel) => (
              <option key={channel} value={channel}>
                {t(`channel.${channel}`)}
              </option>
            ))}
          </select>
        </label>
        {queues.length > 1 && (
          <label>
            <span>{t('queue.col.queue')}</span>
            <select
              data-testid="filter-queue"
              value={filters.queue ?? ''}
              onChange={(e) => update({ queue: e.target.value, selected: null })}
            >
              <option value="">{t('common.all')}</option>
              {queues.map((name) => (
                <option key={name} value={name}>
                  {t(`queueName.${name}`)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <span>{t('queue.col.assignee')}</span>
          <select
            data-testid="filter-assignee"
            value={filters.assignee ?? ''}
            onChange={(e) => update({ assignee: e.target.value, selected: null })}
          >
            <option value="">{t('common.all')}</option>
            <option value="me">{t('queue.assigneeMe')}</option>
            <option value="none">{t('queue.unassigned')}</option>
          </select>
        </label>
        <label>
          <span>{t('queue.search')}</span>
          <input
            type="search"
            data-testid="filter-search"
            value={searchText}
            maxLength={QUEUE_SEARCH_MAX}
            placeholder={t('queue.searchPlaceholder')}
            onChange={(e) => {
              const text = e.target.value;
              setSearchText(text);
              if (searchTimer.current) clearTimeout(searchTimer.current);
              searchTimer.current = setTimeout(
                () => latestUpdate.current({ q: text.trim(), selected: null }),
                SEARCH_PAUSE_MS,
              );
            }}
          />
        </label>
        {filtered && (
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setSearchText('');
              update({ kind: null, state: null, channel: null, queue: null, assignee: null, q: null });
            }}
          >
            {t('queue.clearFilters')}
          </button>
        )}
        <span className="filters-count" data-testid="queue-count">
          {list.total === undefined ? '…' : t('queue.showing', { count: total })}
        </span>
      </div>
      {list.isPending ? (
        <p className="empty" role="status">
          {t('common.loading')}
        </p>
      ) : list.isError ? (
        <p className="form-error" role="alert">
          {describeApiError(t, list.error)}{' '}
          <button type="button" onClick={() => list.refetch()}>
            {t('common.retry')}
          </button>
        </p>
      ) : total === 0 ? (
        <p className="empty" data-testid="queue-empty">
          {filtered ? t('queue.emptyFiltered') : tab === 'mine' ? t('queue.emptyMine') : t('queue.empty')}
        </p>
      ) : (
        <QueueTable
          count={total}
          rowAt={list.rowAt}
          selectedIndex={selectedIndex}
          onSelect={select}
          onOpen={open}
          onRange={list.showRange}
          showQueue={queues.length > 1 || tab === 'mine'}
          label={tab === 'mine' ? t('queue.tabMine') : t('queue.tabQueue')}
        />
      )}
    </section>
  );
}
