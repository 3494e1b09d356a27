import { useQuery } from '@tanstack/react-query';
import { ContactHistory } from '../../lib/conversations/ContactHistory';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { BookingDTO } from '../../../../shared/bookings';
import type { QueueItem } from '../../../../shared/cases';
import { caseWorkerRoles } from '../../../../shared/roles';
import { describeApiError } from '../../lib/api-errors';
import { formatDate, formatDateTime, formatFen } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { useSessionUser } from '../../app/session';
import { useCaseLabels } from '../../lib/case-labels';
import { FareClassLabel, useFareClassNames } from '../../lib/departures/FareClass';
import { IdentityCheck } from './IdentityCheck';
import { NewCaseDialog, type NewCaseTarget } from './NewCaseDialog';
import { RevealField } from './RevealField';
import { departureRoute } from '../../lib/departures/departure-route';

/** Customer 360: who is calling, what they booked, and every case they have had. */
export function CustomerPage() {
  const { customerId = '' } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useSessionUser();
  const overview = useQuery(trpc.customers.get.queryOptions({ id: customerId }));
  const [newCase, setNewCase] = useState<NewCaseTarget | null>(null);
  const mayCreate = caseWorkerRoles.includes(user.role);

  if (overview.isPending) {
    return (
      <p className="empty" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (overview.isError) {
    return (
      <p className="form-error" role="alert">
        {describeApiError(t, overview.error)}
      </p>
    );
  }
  const { customer, bookings, cases } = overview.data;

  return (
    <section className="page customer-page" aria-labelledby="customer-name">
      <header className="page-head">
        <div>
          <p className="breadcrumb">
            <Link to="/customers">{t('customers.title')}</Link>
          </p>
          <h1 id="customer-name" data-testid="customer-name">
            {customer.name}
            {customer.vipTier !== 'none' && (
              <span className={`vip vip-${customer.vipTier}`}>{t(`vip.${customer.vipTier}`)}</span>
            )}
          </h1>
        </div>
        {mayCreate && (
          <button
            type="button"
            className="primary"
            data-testid="customer-new-case"
            onClick={() => setNewCase({ customerId: customer.id, bookingId: null })}
          >
            {t('newCase.open')}
          </button>
        )}
      </header>

      <div className="panel">
        <dl className="facts">
          <dt>{t('customers.phone')}</dt>
          <dd>
            <RevealField customerId={customer.id} field="phone" masked={customer.phone} />
          </dd>
          <dt>{t('customers.idNumber')}</dt>
          <dd>
            {t(`idType.${customer.idType}`)}{' '}
            <RevealField customerId={customer.id} field="idNumber" masked={customer.idNumber} />
          </dd>
          <dt>{t('customers.email')}</dt>
          <dd className={customer.email ? 'mono' : undefined}>{customer.email ?? '—'}</dd>
          <dt>{t('customers.since')}</dt>
          <dd>{formatDate(customer.createdAt)}</dd>
        </dl>
        <IdentityCheck customerId={customer.id} />
      </div>

      <h2>{t('customers.bookings')}</h2>
      {bookings.length === 0 ? (
        <p className="empty">{t('customers.noBookings')}</p>
      ) : (
        bookings.map((booking) => (
          <BookingCard
            key={booking.id}
            booking={booking}
            onNewCase={
              mayCreate
                ? (kind) =>
                    setNewCase({
                      customerId: customer.id,
                      bookingId: booking.id,
                      bookingRef: booking.ref,
                      kinds: bookingCaseKinds(booking),
                      kind,
                    })
                : null
            }
          />
        ))
      )}

      <h2>{t('customers.cases')}</h2>
      <CaseList cases={cases} />
      <ContactHistory customerId={customerId} />
      <NewCaseDialog target={newCase} onClose={() => setNewCase(null)} />
    </section>
  );
}

type BookingCaseKind = 'change' | 'refund' | 'complaint';

/**
 * The cases a booking can start: a complaint always; a refund while a ticket is active; a change
 * while an active ticket has not been changed yet (a ticket is changed at most once, and the
 * change machine refuses a second one). A booking cancelled before payment never had tickets.
 */
function bookingCaseKinds(booking: BookingDTO): BookingCaseKind[] {
  const paid = booking.status !== 'cancelled' && booking.status !== 'held';
  const active = paid ? booking.tickets.filter((ticket) => ticket.status === 'active') : [];
  const kinds: BookingCaseKind[] = [];
  if (active.some((ticket) => !ticket.changed)) kinds.push('change');
  if (active.length > 0) kinds.push('refund');
  kinds.push('complaint');
  return kinds;
}

function BookingCard({
  booking,
  onNewCase,
}: {
  booking: BookingDTO;
  onNewCase: ((kind: BookingCaseKind) => void) | null;
}) {
  const { t } = useTranslation();
  const { departure } = booking;
  const classNameOf = useFareClassNames({ mode: departure.mode, departureId: departure.id });
  const kinds = bookingCaseKinds(booking);
  return (
    <article className="panel booking" data-testid="booking-card" data-booking-ref={booking.ref}>
      <header className="booking-head">
        <span className="mono strong">{booking.ref}</span>
        <span className={`badge status-${booking.status}`}>{t(`bookingStatus.${booking.status}`)}</span>
        <span>
          {t(`mode.${departure.mode}`)} <span className="mono">{departure.code}</span> {departureRoute(departure)}
        </span>
        <span>{formatDateTime(departure.departureAt)}</span>
        <span className="money">{formatFen(booking.totalFen)}</span>
        {onNewCase && (
          <span className="booking-actions">
            {kinds.map((kind) => (
              <button key={kind} type="button" data-testid={`booking-new-${kind}`} onClick={() => onNewCase(kind)}>
                {t(`kind.${kind}`)}
              </button>
            ))}
          </span>
        )}
      </header>
      <table className="data-table compact">
        <thead>
          <tr>
            <th>{t('tickets.passenger')}</th>
            <th>{t('tickets.type')}</th>
            <th>{t('tickets.id')}</th>
            <th>{t('tickets.number')}</th>
            <th>{t('tickets.class')}</th>
            <th>{t('tickets.seat')}</th>
            <th className="num">{t('tickets.fare')}</th>
            <th>{t('tickets.status')}</th>
          </tr>
        </thead>
        <tbody>
          {booking.tickets.map((ticket) => (
            <tr key={ticket.passengerId}>
              <td>{ticket.passengerName}</td>
              <td>{t(`passengerType.${ticket.passengerType}`)}</td>
              <td className="mono">{ticket.idNumber}</td>
              <td className="mono">{ticket.ticketNumber ?? '—'}</td>
              <td>
                <FareClassLabel code={ticket.classCode} name={classNameOf(ticket.classCode)} />
              </td>
              <td>{ticket.seat ?? '—'}</td>
              <td className="num">{formatFen(ticket.fareFen)}</td>
              <td>
                {t(`ticketStatus.${ticket.status}`)}
                {ticket.changed && <span className="badge">{t('tickets.changed')}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

export function CaseList({ cases }: { cases: readonly QueueItem[] }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  if (cases.length === 0) return <p className="empty">{t('customers.noCases')}</p>;
  return (
    <table className="data-table framed" data-testid="customer-cases">
      <thead>
        <tr>
          <th>{t('queue.col.ref')}</th>
          <th>{t('queue.col.kind')}</th>
          <th>{t('queue.col.subject')}</th>
          <th>{t('queue.col.state')}</th>
          <th>{t('queue.col.assignee')}</th>
          <th>{t('case.created')}</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((item) => (
          <tr key={item.id} className={item.status === 'closed' ? 'closed' : undefined}>
            <td>
              <Link to={`/cases/${item.id}`} className="mono">
                {item.ref}
              </Link>
            </td>
            <td>{t(`kind.${item.kind}`)}</td>
            <td>{item.subject}</td>
            <td>
              {labels.state(item.kind, item.state)}
              {/* The "closed" state already says so: the badge is for other endings (declined, refused...). */}
              {item.status === 'closed' && item.state !== 'closed' && <span className="badge">{t('case.closed')}</span>}
            </td>
            <td>{item.assignee?.name ?? '—'}</td>
            <td>{formatDateTime(item.createdAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
