import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { useFareClassNames } from '../../../lib/departures/FareClass';

/**
 * Tickets of the case's booking to tick; tickets that are no longer active cannot be chosen, nor,
 * for a change, tickets that were changed once already (a ticket is changed at most once). A case
 * is about its whole booking until the agent says otherwise: with `startWithAll`, every ticket that
 * can be chosen starts ticked (once, when the booking has loaded and nothing is ticked yet).
 */
export function PassengerChecklist({
  bookingId,
  value,
  onChange,
  unchangedOnly = false,
  startWithAll = false,
}: {
  bookingId: string | null;
  value: readonly string[];
  onChange: (value: string[]) => void;
  unchangedOnly?: boolean;
  startWithAll?: boolean;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const booking = useQuery({ ...trpc.bookings.get.queryOptions({ id: bookingId ?? '' }), enabled: bookingId !== null });
  const classNameOf = useFareClassNames({
    mode: booking.data?.departure.mode,
    departureId: booking.data?.departure.id,
  });
  const started = useRef(false);
  const tickets = booking.data?.tickets;
  useEffect(() => {
    if (!startWithAll || started.current || !tickets) return;
    started.current = true;
    const selectable = tickets
      .filter((t) => t.status === 'active' && !(unchangedOnly && t.changed))
      .map((t) => t.passengerId);
    if (value.length === 0 && selectable.length > 0) onChange(selectable);
  }, [startWithAll, tickets, unchangedOnly, value.length, onChange]);
  if (!bookingId) return <p className="muted">{t('fields.noBooking')}</p>;
  if (booking.isPending) return <p className="muted">{t('common.loading')}</p>;
  if (booking.isError) return <p className="field-error">{t('errors.UNKNOWN')}</p>;
  return (
    <fieldset className="checklist" data-testid="field-passengers">
      <legend className="visually-hidden">{t('fields.passengerIds')}</legend>
      {booking.data.tickets.map((ticket) => {
        const active = ticket.status === 'active';
        const selectable = active && !(unchangedOnly && ticket.changed);
        const checked = value.includes(ticket.passengerId);
        return (
          <label key={ticket.passengerId} className={selectable ? '' : 'disabled'}>
            <input
              type="checkbox"
              checked={checked}
              disabled={!selectable}
              onChange={() =>
                onChange(checked ? value.filter((id) => id !== ticket.passengerId) : [...value, ticket.passengerId])
              }
            />
            <span>{ticket.passengerName}</span>
            <span className="muted">
              {t(`passengerType.${ticket.passengerType}`)} · {classNameOf(ticket.classCode) ?? ticket.classCode} ·{' '}
              {formatFen(ticket.fareFen)}
            </span>
            {!active && <span className="badge">{t(`ticketStatus.${ticket.status}`)}</span>}
            {ticket.changed && <span className="badge">{t('tickets.changed')}</span>}
          </label>
        );
      })}
    </fieldset>
  );
}
