import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { caseWorkerRoles } from '../../../../shared/roles';
import { rooms } from '../../../../shared/realtime';
import { clientEventSchemas } from '../../../../shared/case-events';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useHotkeys } from '../../app/hotkeys';
import { useLiveRooms } from '../../app/live';
import { describeApiError } from '../../lib/api-errors';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import type { CaseDetail } from '../../lib/case-detail';
import { useSessionUser } from '../../app/session';
import { fareClassName } from '../../lib/departures/fare-classes';
import { DueCountdown, shownDue } from '../../app/DueCountdown';
import { useCaseLabels } from '../../lib/case-labels';
import { CaseFacts } from './CaseFacts';
import { EventForm } from './EventForm';
import { classNameKey, HistoryTimeline } from './HistoryTimeline';
import { NotesPanel } from './NotesPanel';
import { CaseChats } from './CaseChats';
import { ContactHistory } from '../../lib/conversations/ContactHistory';
import { QuotePanel } from './QuotePanel';
import { StateDiagram } from '../../app/StateDiagram';
import { describeEventFields } from './event-form-spec';
import { useCaseSender } from './use-case-sender';
import { useCaseHistory } from './use-case-history';

/** Common events come after the kind's own, in this order; notes have their own panel. */
const commonOrder = ['ASSIGN', 'UNASSIGN', 'TRANSFER', 'SET_PRIORITY', 'LINK_CUSTOMER', 'LINK_BOOKING'];

/**
 * Steps that move money or cannot be undone: their form asks once more (and shows the quote)
 * before anything is sent. Other steps that need no input are sent with one click.
 */
export const confirmedEvents = new Set([
  'CUSTOMER_CONFIRMED',
  'APPROVE',
  'REJECT',
  'REQUEST_PAYMENT',
  'CUSTOMER_ACCEPTED',
  'RETRY',
  'RETRY_REFUND',
  'RETRY_COMPENSATION',
  'CUSTOMER_DECLINED',
  'CANCEL',
  'CLOSE',
]);

/** Whether clicking the action sends it at once: no confirmation needed and nothing to fill in. */
export function sendsAtOnce(kind: CaseDetail['kind'], type: string): boolean {
  if (confirmedEvents.has(type)) return false;
  const schema = clientEventSchemas[kind][type];
  return schema !== undefined && describeEventFields(schema).length === 0;
}

/** Keys 1–9 pick the offered actions in order. */
const actionKeys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function orderActions(allowed: readonly string[]): string[] {
  const own = allowed.filter((type) => type !== 'ADD_NOTE' && !commonOrder.includes(type));
  const common = commonOrder.filter((type) => allowed.includes(type));
  return [...own, ...common];
}

/**
 * Ids and codes that events carry (passengers, departures, bookings, fare classes) with the names
 * the case gives them, for the history.
 */
function knownNames(detail: CaseDetail, language: string): Map<string, string> {
  const booking = detail.kind === 'change' || detail.kind === 'refund' ? detail.data.booking : null;
  const issued = detail.kind === 'booking' ? detail.data.issued : null;
  const reissued = detail.kind === 'change' ? detail.data.reissued : null;
  // The older quote first, so the current one's names win; a refund quote names no departure.
  const departures =
    detail.kind === 'change'
      ? [detail.data.previousQuote?.departure, detail.data.quote?.departure]
      : detail.kind === 'booking'
        ? [detail.data.quote?.departure]
        : [];
  const names = new Map(
    (booking?.tickets ?? []).map((ticket): [string, string] => [ticket.passengerId, ticket.passengerName]),
  );
  if (detail.bookingId && detail.bookingRef) names.set(detail.bookingId, detail.bookingRef);
  if (booking?.bookingId && booking.ref) names.set(booking.bookingId, booking.ref);
  if (issued?.bookingId && issued.bookingRef) names.set(issued.bookingId, issued.bookingRef);
  if (reissued?.newBookingId && reissued.newBookingRef) names.set(reissued.newBookingId, reissued.newBookingRef);
  for (const departure of departures) {
    if (!departure) continue;
    names.set(departure.departureId, departure.code);
    if (departure.classCode) {
      const mode = departure.mode;
      const own = departure.className ? new Map([[departure.classCode, departure.className]]) : null;
      const name = fareClassName(departure.classCode, { mode, names: own, language });
      if (name) names.set(classNameKey(departure.classCode), name);
    }
  }
  return names;
}

/** The route: loads the case named in the URL and keeps its socket room joined. */
export function CaseWorkspacePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const query = useQuery(trpc.cases.get.queryOptions({ id: caseId }));
  useLiveRooms([rooms.caseRoom(caseId)]);
  if (query.isPending) {
    return (
      <p className="empty" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (query.isError) {
    return (
      <div className="page">
        <p className="form-error" role="alert">
          {describeApiError(t, query.error)}
        </p>
        <Link to="/queue">{t('nav.queue')}</Link>
      </div>
    );
  }
  return <CaseWorkspace key={caseId} latest={query.data} />;
}

/**
 * One case: where it stands, what can be done now (exactly the server's allowedEvents), its
 * history and notes. While an action form is open, the case shown stays the one the agent
 * started from (that is the version the action is sent with); newer data waits behind a notice.
 */
export function CaseWorkspace({ latest }: { latest: CaseDetail }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const me = useSessionUser();
  const [params, setParams] = useSearchParams();
  const action = params.get('action');
  // Opened from a URL that names an action: that form starts on the case as loaded.
  const [pinned, setPinned] = useState<CaseDetail | null>(() => (action ? latest : null));
  const viewed = action && pinned ? pinned : latest;
  const newer = latest.version > viewed.version;
  const actions = orderActions(viewed.allowedEvents);
  const openAction = action && (viewed.allowedEvents.includes(action) || pinned) ? action : null;
  const [preset, setPreset] = useState<Record<string, unknown> | undefined>(undefined);
  // QA reviews cases without acting on them: say so rather than leave an empty toolbar unexplained.
  const readOnly = !caseWorkerRoles.includes(me.role);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // Where focus goes once the open form closes: the actions after a send, the opener after cancel.
  const focusAfterClose = useRef<HTMLElement | 'actions' | null>(null);
  const instant = useCaseSender({ viewed: latest, onSent: () => headingRef.current?.focus() });
  const canAssignMe = !readOnly && latest.allowedEvents.includes('ASSIGN') && latest.assignee?.id !== me.id;
  const historyQuery = useCaseHistory(latest.id, latest.version);
  const history = historyQuery.data ?? [];
  // The history as of the version shown (a pinned form shows the case as it was when opened).
  const viewedHistory = history.filter((entry) => entry.seq <= viewed.version);
  const creator = history[0]?.event === 'CREATED' ? history[0].actor : null;
  const assignedElsewhere =
    !readOnly && viewed.status === 'open' && viewed.assignee !== null && viewed.assignee.id !== me.id;

  useEffect(() => {
    if (openAction !== null || focusAfterClose.current === null) return;
    const target = focusAfterClose.current;
    focusAfterClose.current = null;
    if (target === 'actions') headingRef.current?.focus();
    else if (target.isConnected) target.focus();
    else headingRef.current?.focus();
  }, [openAction]);

  function assignToMe() {
    if (!canAssignMe || instant.pending) return;
    void instant.submit({ type: 'ASSIGN', assigneeId: me.id });
  }

  function trigger(type: string, opener?: HTMLElement | null) {
    if (openAction === type) {
      focusAfterClose.current = opener ?? null;
      close();
    } else if (sendsAtOnce(viewed.kind, type)) {
      if (!instant.pending) void instant.submit({ type });
    } else {
      focusAfterClose.current = opener ?? null;
      open(type);
    }
  }

  useHotkeys(
    {
      a: assignToMe,
      A: assignToMe,
      n: () => document.querySelector<HTMLTextAreaElement>('[data-testid="note-text"]')?.focus(),
      N: () => document.querySelector<HTMLTextAreaElement>('[data-testid="note-text"]')?.focus(),
      ...Object.fromEntries(
        actions
          .slice(0, actionKeys.length)
          .map((type, index) => [
            String(index + 1),
            () => trigger(type, document.querySelector<HTMLElement>(`[data-testid="action-${type}"]`)),
          ]),
      ),
    },
    !readOnly,
  );

  function open(type: string, values?: Record<string, unknown>) {
    setPinned(latest);
    setPreset(values);
    const next = new URLSearchParams(params);
    next.set('action', type);
    setParams(next, { replace: true });
  }

  function close() {
    setPinned(null);
    setPreset(undefined);
    const next = new URLSearchParams(params);
    next.delete('action');
    setParams(next, { replace: true });
  }

  const showQuote = (viewed.kind === 'change' || viewed.kind === 'refund') && openAction !== 'CUSTOMER_CONFIRMED';

  return (
    <section
      className="page case-page"
      aria-labelledby="case-title"
      data-testid="case-workspace"
      data-case-kind={viewed.kind}
      data-version={viewed.version}
    >
      <header className="case-head">
        <p className="breadcrumb">
          <Link to="/queue">{t('nav.queue')}</Link>
          {viewed.customer && (
            <>
              {' / '}
              <Link to={`/customers/${viewed.customer.id}`}>{viewed.customer.name}</Link>
            </>
          )}
        </p>
        <h1 id="case-title">
          <span className="mono">{viewed.ref}</span> · {t(`kind.${viewed.kind}`)}
          <span className="subject">{viewed.subject}</span>
        </h1>
        <div className="case-badges">
          <span className={`state-badge status-${viewed.status}`} data-testid="case-state" data-state={viewed.state}>
            {labels.state(viewed.kind, viewed.state)}
          </span>
          <span className={`prio prio-${viewed.priority}`} data-testid="case-priority">
            {t(`priority.${viewed.priority}`)}
          </span>
          <span className="badge">{t(`queueName.${viewed.queue}`)}</span>
          <span className="badge">{t(`channel.${viewed.channel}`)}</span>
          {/* A case that ended elsewhere than in "closed" (declined, refused...) still says it is closed. */}
          {viewed.status === 'closed' && viewed.state !== 'closed' && <span className="badge">{t('case.closed')}</span>}
          {readOnly && (
            <span className="badge badge-info" data-testid="read-only">
              {t('case.readOnly')}
            </span>
          )}
        </div>
        <dl className="facts inline">
          <div>
            <dt>{t('queue.col.assignee')}</dt>
            <dd data-testid="case-assignee">{viewed.assignee?.name ?? t('queue.unassigned')}</dd>
          </div>
          <div>
            <dt>{t('queue.col.customer')}</dt>
            <dd>
              {viewed.customer ? <Link to={`/customers/${viewed.customer.id}`}>{viewed.customer.name}</Link> : '—'}
            </dd>
          </div>
          <div>
            <dt>{t('case.booking')}</dt>
            <dd className={viewed.bookingRef ? 'mono' : undefined}>{viewed.bookingRef ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('case.created')}</dt>
            <dd>{formatDateTime(viewed.createdAt)}</dd>
          </div>
          <div>
            <dt>{t('queue.col.due')}</dt>
            <dd>
              <DueCountdown {...shownDue(viewed)} />
            </dd>
          </div>
          <div>
            <dt>{t('case.version')}</dt>
            <dd data-testid="case-version">{viewed.version}</dd>
          </div>
        </dl>
        {/* The steps done come from the history: drawn once it is here, never "all to do" meanwhile. */}
        {historyQuery.isSuccess && <StateDiagram kind={viewed.kind} state={viewed.state} history={viewedHistory} />}
      </header>

      {assignedElsewhere && viewed.assignee && (
        <div className="notice notice-assignee" role="alert" data-testid="assigned-elsewhere">
          {creator && creator.id === me.id
            ? t('case.assignedToOther', { creator: creator.name, name: viewed.assignee.name })
            : t('case.assignedElsewhere', { name: viewed.assignee.name })}
          {canAssignMe && (
            <>
              {' '}
              <button type="button" className="link-button" onClick={assignToMe} data-testid="assigned-elsewhere-take">
                {t('case.assignToMe')}
              </button>
            </>
          )}
        </div>
      )}

      {newer && (
        <div className="notice" role="status" data-testid="case-updated">
          {t('case.updatedMeanwhile')}{' '}
          <button type="button" className="link-button" onClick={() => setPinned(latest)}>
            {t('case.showLatest')}
          </button>
        </div>
      )}

      <div className="case-grid">
        <div className="case-main">
          {showQuote && <QuotePanel detail={viewed} />}
          <section className="actions panel" aria-labelledby="actions-title">
            <h2 id="actions-title" tabIndex={-1} ref={headingRef}>
              {t('case.actions')}
            </h2>
            {actions.length === 0 ? (
              <p className="empty" data-testid="no-actions">
                {viewed.status === 'closed'
                  ? t('case.noActionsClosed')
                  : readOnly
                    ? t('case.noActionsReadOnly')
                    : t('case.noActions')}
              </p>
            ) : (
              <div className="action-bar" role="toolbar" aria-label={t('case.actions')} data-testid="action-bar">
                {actions.map((type, index) => (
                  <button
                    key={type}
                    type="button"
                    className={openAction === type ? 'action active' : 'action'}
                    data-testid={`action-${type}`}
                    aria-pressed={openAction === type}
                    aria-keyshortcuts={actionKeys[index]}
                    data-key={actionKeys[index]}
                    title={actionKeys[index] ? t('case.actionKey', { key: actionKeys[index] }) : undefined}
                    disabled={instant.pending && sendsAtOnce(viewed.kind, type)}
                    onClick={(event) => trigger(type, event.currentTarget)}
                  >
                    {labels.event(viewed.kind, type)}
                  </button>
                ))}
                {canAssignMe && (
                  <button
                    type="button"
                    className="action subtle"
                    data-testid="action-assign-me"
                    aria-keyshortcuts="A"
                    data-key="A"
                    disabled={instant.pending}
                    onClick={assignToMe}
                  >
                    {t('case.assignToMe')}
                  </button>
                )}
              </div>
            )}
          </section>
          {instant.error && <ApiErrorMessage error={instant.error} testId="instant-error" />}
          {openAction && (
            <EventForm
              key={`${openAction}:${JSON.stringify(preset ?? {})}`}
              viewed={viewed}
              type={openAction}
              preset={preset}
              onAdopt={(fresh) => setPinned(fresh)}
              onSent={() => {
                focusAfterClose.current = 'actions';
                close();
              }}
              onCancel={() => {
                focusAfterClose.current ??= 'actions';
                close();
              }}
            />
          )}
          <CaseFacts detail={viewed} />
        </div>
        <aside className="case-side">
          <NotesPanel
            viewed={viewed}
            canAdd={viewed.allowedEvents.includes('ADD_NOTE')}
            onAdopt={(fresh) => setPinned(fresh)}
          />
          <CaseChats caseId={viewed.id} />
          <section aria-labelledby="history-title">
            <h2 id="history-title">{t('case.history')}</h2>
            {historyQuery.isSuccess ? (
              <HistoryTimeline kind={viewed.kind} history={viewedHistory} names={knownNames(viewed, labels.language)} />
            ) : historyQuery.isError ? (
              <p className="form-error" role="alert">
                {describeApiError(t, historyQuery.error)}
              </p>
            ) : (
              <p className="empty" role="status">
                {t('common.loading')}
              </p>
            )}
          </section>
          <ContactHistory caseId={viewed.id} />
        </aside>
      </div>
    </section>
  );
}
