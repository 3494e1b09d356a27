import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { departureRoute } from '../../../lib/departures/departure-route';

/** The case customer's bookings to pick from, or a booking looked up by its reference. */
/** The customer's bookings (or one found by reference) to link; the one already linked cannot be picked again. */
export function BookingPicker({
  customerId,
  value,
  onChange,
  linked = null,
}: {
  customerId: string | null;
  value: string | undefined;
  onChange: (id: string) => void;
  linked?: string | null;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const [ref, setRef] = useState('');
  const [lookup, setLookup] = useState('');
  const overview = useQuery({
    ...trpc.customers.get.queryOptions({ id: customerId ?? '' }),
    enabled: customerId !== null,
  });
  const byRef = useQuery({
    ...trpc.bookings.byRef.queryOptions({ ref: lookup }),
    enabled: lookup.length > 0,
    retry: false,
  });
  const bookings = [...(overview.data?.bookings ?? [])];
  if (byRef.data && !bookings.some((b) => b.id === byRef.data.id)) bookings.unshift(byRef.data);
  return (
    <div className="picker" data-testid="field-booking">
      <div className="inline-form">
        <input
          value={ref}
          onChange={(event) => setRef(event.target.value)}
          placeholder={t('fields.bookingRef')}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              setLookup(ref.trim());
            }
          }}
        />
        <button type="button" onClick={() => setLookup(ref.trim())}>
          {t('customers.search')}
        </button>
        {byRef.isError && <span className="field-error">{t('errors.NOT_FOUND')}</span>}
      </div>
      <ul className="pick-list">
        {bookings.length === 0 && <li className="muted">{t('customers.noBookings')}</li>}
        {bookings.map((booking) => (
          <li key={booking.id}>
            <label>
              <input
                type="radio"
                name="booking-pick"
                checked={value === booking.id}
                disabled={booking.id === linked}
                onChange={() => onChange(booking.id)}
              />
              <span className="mono">{booking.ref}</span> {booking.departure.code} {departureRoute(booking.departure)} ·{' '}
              {formatDateTime(booking.departure.departureAt)}
              {booking.id === linked && <span className="badge">{t('fields.linked')}</span>}
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}
