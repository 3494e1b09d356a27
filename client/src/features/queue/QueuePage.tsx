import { useMemo, useRef, useState } from 'react';
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
import { useQueueSnapshot } from '../../app/live-queue';
import { filterQueue, sortQueue, visibleQueues, type QueueFilters } from '../../lib/queue-order';
import { QueueTable } from './QueueTable';

export type QueueTab = 'queue' | 'mine';

/** The first kind with a state of this name, to word a state from the URL that no listed case is in. */
function stateKind(state: string): CaseKind {
  return caseKinds.find((kind) => state in caseStateLabels[kind]) ?? 'booking';
}

function oneOf<T extends string>(value: string | null, options: readonly T[]): T | undefined {
  return value !== null && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The agent's worklist: their queues or their own cases, live, filtered by what the URL says. */
export function QueuePage() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const labels = useCaseLabels();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const queues = visibleQueues(user);
  const tab: QueueTab = params.get('tab') === 'mine' ? 'mine' : 'queue';
  const filters: QueueFilters = {
    kind: oneOf<CaseKind>(params.get('kind'), caseKinds),
    channel: oneOf<Channel>(params.get('channel'), channels),
    queue: oneOf<QueueName>(params.get('queue'), queues),
    state: params.get('state') || undefined,
  };

  const waiting = useQueueSnapshot({ queues });
  const mine = useQueueSnapshot({ mine: true });
  const active = tab === 'mine' ? mine : waiting;

  const sorted = useMemo(() => sortQueue(active.data?.items ?? []), [active.data]);
  const items = useMemo(
    () => filterQueue(sorted, filters),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `filters` is rebuilt on each render from the URL; its four fields are what it depends on.
    [sorted, filters.kind, filters.state, filters.channel, filters.queue],
  );
  // The states to filter by, worded and sorted in the current language (zh by pinyin, en by letter).
  const states = useMemo(() => {
    const seen = new Map<string, string>();
    for (const item of sorted) if (!seen.has(item.state)) seen.set(item.state, labels.state(item.kind, item.state));
    return [...seen]
      .map(([state, label]) => ({ state, label }))
      .sort((a, b) => a.label.localeCompare(b.label, labels.language));
  }, [sorted, labels]);

  // The selection lives in state, mirrored into the URL (which restores it on reload). Keys can
  // come faster than renders (J J Enter), so the shortcuts work from a ref updated at once.
  const [selectedId, setSelectedId] = useState<string | null>(() => params.get('selected'));
  const selectedIdRef = useRef(selectedId);
  const selectedIndex = selectedId ? items.findIndex((item) => item.id === selectedId) : -1;

  function update(changes: Record<string, string | null>) {
    if ('selected' in changes) {
      selectedIdRef.current = changes.selected ?? null;
      setSelectedId(changes.selected ?? null);
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

  function select(index: number) {
    const item = items[index];
    if (item) update({ selected: item.id });
  }

  function step(by: 1 | -1) {
    const current = selectedIdRef.current;
    const index = current ? items.findIndex((item) => item.id === current) : -1;
    select(Math.max(0, Math.min(items.length - 1, index + by)));
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
      const item = items.find((candidate) => candidate.id === selectedIdRef.current);
      if (item) open(item);
    },
  });

  const filtered = Boolean(filters.kind || filters.state || filters.channel || filters.queue);

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
            {t('queue.tabQueue')} <span className="count">{waiting.data?.items.length ?? '…'}</span>
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab === 'mine'}
            data-testid="queue-tab-mine"
            onClick={() => update({ tab: 'mine', selected: null })}
          >
            {t('queue.tabMine')} <span className="count">{mine.data?.items.length ?? '…'}</span>
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
        {filtered && (
          <button
            type="button"
            className="link-button"
            onClick={() => update({ kind: null, state: null, channel: null, queue: null })}
          >
            {t('queue.clearFilters')}
          </button>
        )}
        <span className="filters-count" data-testid="queue-count">
          {t('queue.showing', { count: items.length })}
        </span>
      </div>
      {active.isPending ? (
        <p className="empty" role="status">
          {t('common.loading')}
        </p>
      ) : active.isError ? (
        <p className="form-error" role="alert">
          {describeApiError(t, active.error)}{' '}
          <button type="button" onClick={() => void active.refetch()}>
            {t('common.retry')}
          </button>
        </p>
      ) : items.length === 0 ? (
        <p className="empty" data-testid="queue-empty">
          {filtered ? t('queue.emptyFiltered') : tab === 'mine' ? t('queue.emptyMine') : t('queue.empty')}
        </p>
      ) : (
        <QueueTable
          items={items}
          selectedIndex={selectedIndex}
          onSelect={select}
          onOpen={open}
          showQueue={queues.length > 1 || tab === 'mine'}
          label={tab === 'mine' ? t('queue.tabMine') : t('queue.tabQueue')}
        />
      )}
    </section>
  );
}
