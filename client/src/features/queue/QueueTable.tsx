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
 * as smoothly as ten.
 */
export function QueueTable({
  items,
  selectedIndex,
  onSelect,
  onOpen,
  showQueue = true,
  label,
}: {
  items: readonly QueueItem[];
  selectedIndex: number;
  onSelect: (index: number) => void;
  onOpen: (item: QueueItem) => void;
  showQueue?: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const me = useSessionUser();
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => QUEUE_ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => items[index]?.id ?? index,
  });

  useEffect(() => {
    if (selectedIndex >= 0 && selectedIndex < items.length) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, items.length, virtualizer]);

  const columns = showQueue ? 'queue-grid with-queue' : 'queue-grid';
  return (
    <div
      className="queue-table"
      role="grid"
      aria-label={label}
      aria-rowcount={items.length + 1}
      data-testid="queue-table"
    >
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
          {virtualizer.getVirtualItems().map((row) => {
            const item = items[row.index];
            if (!item) return null;
            const selected = row.index === selectedIndex;
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
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: QUEUE_ROW_HEIGHT,
                  transform: `translateY(${row.start}px)`,
                }}
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
