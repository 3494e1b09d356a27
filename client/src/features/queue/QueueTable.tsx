import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueItem } from '../../../../shared/cases';
import { useSessionUser } from '../../app/session';
import { useCaseLabels } from '../../lib/case-labels';
import { DueCountdown, WaitingTime, shownDue } from '../../app/DueCountdown';

export const QUEUE_ROW_HEIGHT = 36;

/**
 * The queue as a dense grid. Only the rows in view are in the DOM, so ten thousand cases scroll
 * as smoothly as ten; a row whose window has not arrived yet shows as loading, and the rows in
 * view are reported (onRange) so their windows are fetched.
 */
export function QueueTable({
  count,
  rowAt,
  selectedIndex,
  onSelect,
  onOpen,
  onRange,
  showQueue = true,
  label,
}: {
  count: number;
  rowAt: (index: number) => QueueItem | undefined;
  selectedIndex: number;
  onSelect: (index: number) => void;
  onOpen: (item: QueueItem) => void;
  onRange: (first: number, last: number) => void;
  showQueue?: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const me = useSessionUser();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rowAt(index)?.id ?? `row-${index}`,
  });

  useEffect(() => {
    if (selectedIndex >= 0 && selectedIndex < count) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, count, virtualizer]);

  const virtualRows = virtualizer.getVirtualItems();
  const firstShown = virtualRows[0]?.index ?? 0;
  const lastShown = virtualRows[virtualRows.length - 1]?.index ?? 0;
  useEffect(() => onRange(firstShown, lastShown), [firstShown, lastShown, onRange]);

  const columns = showQueue ? 'queue-grid with-queue' : 'queue-grid';
  return (
    <div className="queue-table" role="grid" aria-label={label} aria-rowcount={count + 1} data-testid="queue-table">
      <div className={`queue-row queue-head ${columns}`} role="row" aria-rowindex={1}>
        <span role="columnheader">{t('queue.col.priority')}</span>
        <span role="columnheader">{t('queue.col.ref')}</span>
        <span role="columnheader">{t('queue.col.kind')}</span>
        <span role="columnheader">{t('queue.col.subject')}</span>
        <span role="columnheader">{t('queue.col.state')}</span>
        <span role="columnheader">{t('queue.col.customer')}</span>
        {showQueue && <span role="columnheader">{t('queue.col.queue')}</span>}
        <span role="columnheader">{t('queue.col.channel')}</span>
        <span role="columnheader">{t('queue.col.assignee')}</span>
        <span role="columnheader">{t('queue.col.waiting')}</span>
        <span role="columnheader">{t('queue.col.due')}</span>
      </div>
      <div className="queue-scroll" ref={scrollRef} data-testid="queue-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualRows.map((row) => {
            const item = rowAt(row.index);
            const selected = row.index === selectedIndex;
            const place = {
              position: 'absolute',
              top: 0,
              left: 0,
              right: 0,
              height: QUEUE_ROW_HEIGHT,
              transform: `translateY(${row.start}px)`,
            } as const;
            if (!item)
              return (
                <div
                  key={row.key}
                  role="row"
                  aria-rowindex={row.index + 2}
                  aria-selected={selected}
                  aria-busy="true"
                  data-testid="queue-row-loading"
                  className={`queue-row ${columns} loading${selected ? ' selected' : ''}`}
                  style={place}
                >
                  <span role="gridcell" className="muted">
                    {t('common.loading')}
                  </span>
                </div>
              );
            return (
              <div
                key={row.key}
                role="row"
                aria-rowindex={row.index + 2}
                aria-selected={selected}
                data-testid="queue-row"
                data-case-id={item.id}
                data-ref={item.ref}
                className={`queue-row ${columns} prio-${item.priority}${selected ? ' selected' : ''}`}
                style={place}
                onClick={() => {
                  onSelect(row.index);
                  onOpen(item);
                }}
              >
                <span role="gridcell">
                  <span className={`prio prio-${item.priority}`}>{t(`priority.${item.priority}`)}</span>
                </span>
                <span role="gridcell" className="mono">
                  {item.ref}
                </span>
                <span role="gridcell">{t(`kind.${item.kind}`)}</span>
                <span role="gridcell" className="ellipsis" title={item.subject}>
                  {item.subject}
                </span>
                <span role="gridcell" className="ellipsis" data-state={item.state}>
                  {labels.state(item.kind, item.state)}
                </span>
                <span role="gridcell" className="ellipsis">
                  {item.customer?.name ?? '—'}
                </span>
                {showQueue && <span role="gridcell">{t(`queueName.${item.queue}`)}</span>}
                <span role="gridcell">{t(`channel.${item.channel}`)}</span>
                <span role="gridcell" className="ellipsis">
                  {item.assignee?.name ?? <span className="muted">{t('queue.unassigned')}</span>}
                  {/* A case I escalated: someone else works it now, I follow it. */}
                  {item.assignee?.id !== me.id && item.watchers?.some((w) => w.id === me.id) && (
                    <span className="badge" data-testid="queue-watching">
                      {t('queue.watching')}
                    </span>
                  )}
                </span>
                <span role="gridcell">
                  <WaitingTime since={item.waitingSince} />
                </span>
                <span role="gridcell">
                  <DueCountdown {...shownDue(item)} />
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
