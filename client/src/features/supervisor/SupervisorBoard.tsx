import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { queueNames, type QueueItem, type QueueName } from '../../../../shared/cases';
import { rooms } from '../../../../shared/realtime';
import { describeApiError } from '../../lib/api-errors';
import { dueLevel } from '../../lib/format';
import { useNow } from '../../lib/now';
import { useCaseLabels } from '../../lib/case-labels';
import { useQueueSnapshot } from '../../app/live-queue';
import { DueCountdown, WaitingTime, shownDue } from '../../app/DueCountdown';
import { sortQueue } from '../../lib/queue-order';
import { startCaseDrag, useCaseSelection, Wallboard } from './Wallboard';

export type QueueStats = {
  total: number;
  unassigned: number;
  overdue: number;
  soon: number;
  urgent: number;
  high: number;
};

export function queueStats(items: readonly QueueItem[], now: number): QueueStats {
  const stats: QueueStats = { total: 0, unassigned: 0, overdue: 0, soon: 0, urgent: 0, high: 0 };
  for (const item of items) {
    stats.total += 1;
    if (!item.assignee) stats.unassigned += 1;
    const level = dueLevel(shownDue(item).at, now);
    if (level === 'overdue') stats.overdue += 1;
    if (level === 'soon') stats.soon += 1;
    if (item.priority === 'urgent') stats.urgent += 1;
    if (item.priority === 'high') stats.high += 1;
  }
  return stats;
}

const TOP_ITEMS = 8;

/** " · 首次回复时限 超时 3小时0分": the due time a board item shows, missed ones included. */
function BoardItemDue({ item }: { item: QueueItem }) {
  const { t } = useTranslation();
  const due = shownDue(item);
  if (!due.at) return null;
  return (
    <>
      {' · '}
      {due.event ? t(`timers.${due.event}`, { defaultValue: t('queue.col.due') }) : t('queue.col.due')}{' '}
      <DueCountdown {...due} />
    </>
  );
}

/** Every queue at a glance, live: counts, what is late, and the cases at the head of each queue. */
export function SupervisorBoard() {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const focus = params.get('queue');
  const selection = useCaseSelection();
  const snapshot = useQueueSnapshot({ queues: [...queueNames] }, [rooms.supervisors]);
  const byQueue = useMemo(() => {
    const groups = new Map<QueueName, QueueItem[]>(queueNames.map((name) => [name, []]));
    for (const item of sortQueue(snapshot.data?.items ?? [])) groups.get(item.queue)?.push(item);
    return groups;
  }, [snapshot.data]);
  const load = useMemo(() => {
    const counts = new Map<string, { name: string; count: number }>();
    for (const item of snapshot.data?.items ?? []) {
      if (!item.assignee) continue;
      const entry = counts.get(item.assignee.id) ?? { name: item.assignee.name, count: 0 };
      entry.count += 1;
      counts.set(item.assignee.id, entry);
    }
    return [...counts.values()].sort((a, b) => b.count - a.count);
  }, [snapshot.data]);

  if (snapshot.isPending) {
    return (
      <p className="empty" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (snapshot.isError) {
    return (
      <p className="form-error" role="alert">
        {describeApiError(t, snapshot.error)}
      </p>
    );
  }

  const shown = focus && queueNames.includes(focus as QueueName) ? [focus as QueueName] : queueNames;
  return (
    <section className="page supervisor-page" aria-labelledby="board-title">
      <header className="page-head">
        <h1 id="board-title">{t('board.title')}</h1>
        <span className="muted" data-testid="board-total">
          {t('board.totalOpen', { count: snapshot.data.items.length })}
        </span>
        {focus && (
          <button type="button" className="link-button" onClick={() => setParams({})}>
            {t('board.allQueues')}
          </button>
        )}
      </header>
      <Wallboard selection={selection} />
      <div className="board">
        {shown.map((name) => {
          const items = byQueue.get(name) ?? [];
          const stats = queueStats(items, now);
          return (
            <article
              key={name}
              className="board-column panel"
              data-testid={`board-queue-${name}`}
              aria-labelledby={`board-${name}`}
            >
              <header>
                <h2 id={`board-${name}`}>
                  <button type="button" className="link-button" onClick={() => setParams({ queue: name })}>
                    {t(`queueName.${name}`)}
                  </button>
                </h2>
                <span className="count big" data-testid={`board-count-${name}`}>
                  {stats.total}
                </span>
                {focus && items.length > 0 && (
                  <button
                    type="button"
                    className="link-button"
                    data-testid={`board-select-all-${name}`}
                    onClick={() => selection.selectAll(items)}
                  >
                    {t('wallboard.selectAll', { count: items.length })}
                  </button>
                )}
              </header>
              <dl className="stats">
                <div>
                  <dt>{t('board.unassigned')}</dt>
                  <dd data-testid={`board-unassigned-${name}`}>{stats.unassigned}</dd>
                </div>
                <div className={stats.overdue > 0 ? 'stat-bad' : undefined}>
                  <dt>{t('board.overdue')}</dt>
                  <dd data-testid={`board-overdue-${name}`}>{stats.overdue}</dd>
                </div>
                <div className={stats.soon > 0 ? 'stat-warn' : undefined}>
                  <dt>{t('board.dueSoon')}</dt>
                  <dd>{stats.soon}</dd>
                </div>
                <div>
                  <dt>{t('priority.urgent')}</dt>
                  <dd>{stats.urgent}</dd>
                </div>
              </dl>
              {items.length === 0 ? (
                <p className="empty">{t('board.empty')}</p>
              ) : (
                <ul className="board-items">
                  {items.slice(0, focus ? 200 : TOP_ITEMS).map((item) => (
                    <li
                      key={item.id}
                      className={`prio-${item.priority}`}
                      data-testid="board-item"
                      data-case-id={item.id}
                      draggable
                      onDragStart={(event) => startCaseDrag(event, item, selection)}
                    >
                      <input
                        type="checkbox"
                        checked={selection.selected.has(item.id)}
                        aria-label={t('wallboard.selectCase', { ref: item.ref })}
                        onChange={() => undefined}
                        onClick={(event) => selection.toggle(item, items, event.shiftKey)}
                      />
                      <Link to={`/cases/${item.id}`}>
                        <span className={`prio prio-${item.priority}`}>{t(`priority.${item.priority}`)}</span>
                        <span className="mono">{item.ref}</span>
                        <span className="ellipsis">{labels.state(item.kind, item.state)}</span>
                      </Link>
                      <span className="board-item-meta">
                        {item.assignee?.name ?? t('queue.unassigned')} · {t('queue.col.waiting')}{' '}
                        <WaitingTime since={item.waitingSince} />
                        <BoardItemDue item={item} />
                      </span>
                    </li>
                  ))}
                  {!focus && items.length > TOP_ITEMS && (
                    <li className="muted">
                      <button type="button" className="link-button" onClick={() => setParams({ queue: name })}>
                        {t('board.more', { count: items.length - TOP_ITEMS })}
                      </button>
                    </li>
                  )}
                </ul>
              )}
            </article>
          );
        })}
      </div>
      <section className="panel" aria-labelledby="load-title">
        <h2 id="load-title">{t('board.load')}</h2>
        {load.length === 0 ? (
          <p className="empty">{t('board.noLoad')}</p>
        ) : (
          <table className="data-table compact load-table" data-testid="board-load">
            <tbody>
              {load.map((entry) => (
                <tr key={entry.name}>
                  <td>{entry.name}</td>
                  <td className="num">{entry.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}
