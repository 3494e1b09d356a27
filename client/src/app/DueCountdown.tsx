import { useTranslation } from 'react-i18next';
import type { QueueItem } from '../../../shared/cases';
import { dueLevel, formatCountdown, formatDateTime, formatSpan } from '../lib/format';
import { useNow } from '../lib/now';

/**
 * The due time a case shows: the first one it missed while it stays breached (that timer has fired
 * and left the case's due times), otherwise its next due time.
 */
export function shownDue(item: Pick<QueueItem, 'nextDueAt' | 'nextDueEvent' | 'breach'>): {
  at: string | null;
  event: string | null;
} {
  return item.breach
    ? { at: item.breach.dueAt, event: item.breach.event }
    : { at: item.nextDueAt, event: item.nextDueEvent };
}

/** Time left until a case's next due time: amber under 15 minutes, red once overdue. */
export function DueCountdown({ at, event }: { at: string | null; event?: string | null }) {
  const { t } = useTranslation();
  const now = useNow();
  if (!at) return <span className="due due-none">—</span>;
  const level = dueLevel(at, now);
  const left = new Date(at).getTime() - now;
  const what = event ? t(`timers.${event}`, { defaultValue: event }) : '';
  const title = `${what ? `${what} · ` : ''}${formatDateTime(at)}`;
  return (
    <span className={`due due-${level}`} title={title} data-due={level}>
      {level === 'overdue' ? t('due.overdue', { span: formatSpan(t, -left) }) : formatCountdown(t, left)}
    </span>
  );
}

/** How long a case has waited in its queue. */
export function WaitingTime({ since }: { since: string }) {
  const { t } = useTranslation();
  const now = useNow();
  return <span className="waiting">{formatSpan(t, now - new Date(since).getTime())}</span>;
}
