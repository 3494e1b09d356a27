import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format';
import { diffCases } from './case-diff';
import { useCaseLabels } from '../../lib/case-labels';
import { useTRPC } from '../../lib/trpc';
import type { Conflict } from './use-case-sender';

/** Someone else changed the case first: what they changed, and a way to go on from there. */
export function ConflictNotice({
  conflict,
  eventType,
  onRetry,
  onReview,
  pending,
}: {
  conflict: Conflict;
  eventType: string;
  onRetry: () => void;
  onReview: () => void;
  pending: boolean;
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const trpc = useTRPC();
  const { seen, fresh } = conflict;
  // Only the steps after the version the agent saw: one small page, whatever the case's age.
  const since = useQuery(trpc.cases.history.queryOptions({ id: fresh.id, afterSeq: seen.version }));
  const { changes, newEntries } = diffCases(seen, fresh, since.data?.entries ?? []);
  const kind = fresh.kind;
  const stillAllowed = fresh.allowedEvents.includes(eventType);
  return (
    <div className="conflict" role="alert" data-testid="conflict-notice">
      <p className="conflict-title">{t('conflict.title')}</p>
      {changes.length > 0 && (
        <ul className="conflict-changes" data-testid="conflict-changes">
          {changes.map((change) => (
            <li key={change.field}>
              <span className="muted">{t(`conflict.field.${change.field}`)}:</span>{' '}
              {change.field === 'state' ? (
                <>
                  {labels.state(kind, change.from)} → <strong>{labels.state(kind, change.to)}</strong>
                </>
              ) : change.field === 'assignee' ? (
                <>
                  {change.from ?? t('queue.unassigned')} → <strong>{change.to ?? t('queue.unassigned')}</strong>
                </>
              ) : change.field === 'priority' ? (
                <>
                  {t(`priority.${change.from}`)} → <strong>{t(`priority.${change.to}`)}</strong>
                </>
              ) : change.field === 'queue' ? (
                <>
                  {t(`queueName.${change.from}`)} → <strong>{t(`queueName.${change.to}`)}</strong>
                </>
              ) : (
                <>
                  {t(`caseStatus.${change.from}`)} → <strong>{t(`caseStatus.${change.to}`)}</strong>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {newEntries.length > 0 && (
        <ul className="conflict-entries" data-testid="conflict-entries">
          {newEntries.slice(-5).map((entry) => (
            <li key={entry.seq}>
              {formatDateTime(entry.at)} · {entry.actor.name} · <strong>{labels.event(kind, entry.event)}</strong>
            </li>
          ))}
        </ul>
      )}
      {!stillAllowed && (
        <p className="muted">{t('conflict.notAllowedNow', { action: labels.event(kind, eventType) })}</p>
      )}
      <div className="conflict-actions">
        {stillAllowed && (
          <button type="button" className="primary" onClick={onRetry} disabled={pending} data-testid="conflict-retry">
            {t('conflict.retry')}
          </button>
        )}
        <button type="button" onClick={onReview} data-testid="conflict-review">
          {t('conflict.review')}
        </button>
      </div>
    </div>
  );
}
