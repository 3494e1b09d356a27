import { useEffect, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatFen } from '../../lib/format';
import { pickLanguage } from '../../lib/i18n';
import { fareClassName } from '../../lib/departures/fare-classes';
import { FareClassLabel, useFareClassNames } from '../../lib/departures/FareClass';
import { useTRPC } from '../../lib/trpc';
import type { CaseDataOf, CaseDetail } from '../../lib/case-detail';
import { isJsonObject } from '../../lib/json-object';
import { readableEntries } from './readable-entries';

/** Keys shown elsewhere (quote panel, booking table) or not worth a line. */
const shownElsewhere = new Set(['quote', 'previousQuote', 'booking', 'passengers']);

/** Values that only restate the starting point (a draft's zero total, a hold that has not lapsed). */
const quietDefaults = new Map<string, unknown>([
  ['totalFen', 0],
  ['holdLapsed', false],
]);

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A record whose every field is empty (an identity check not done yet) says nothing. */
function hasContent(value: unknown): boolean {
  return !isJsonObject(value) || readableEntries(value).some(([, inner]) => hasContent(inner));
}

/**
 * Any projected value in readable form: money as ¥, instants in Beijing time, bilingual texts in
 * the current language, people by name, nested records as small definition lists.
 */
function DataValue({
  name,
  value,
  depth = 0,
  money = false,
}: {
  name: string;
  value: unknown;
  depth?: number;
  money?: boolean;
}): ReactNode {
  const { t, i18n } = useTranslation();
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return money || name.endsWith('Fen') ? formatFen(value) : String(value);
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  // Enum-like values (status, kind, level) have words in the catalogue; anything else is shown as is.
  if (typeof value === 'string')
    return isoInstant.test(value) ? formatDateTime(value) : t(`dataValue.${value}`, { defaultValue: value });
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item === 'string' || typeof item === 'number')) return value.join(', ');
    return (
      <ul className="data-list">
        {value.map((item, index) => (
          <li key={index}>
            <DataValue name={name} value={item} depth={depth + 1} />
          </li>
        ))}
      </ul>
    );
  }
  if (isJsonObject(value)) {
    if (typeof value['zh-CN'] === 'string' && typeof value.en === 'string')
      return pickLanguage({ 'zh-CN': value['zh-CN'], en: value.en }, i18n.language);
    if (typeof value.name === 'string' && typeof value.id === 'string' && Object.keys(value).length <= 3)
      return value.name;
    if (depth > 2) return JSON.stringify(value);
    const entries = readableEntries(value).filter(([, inner]) => hasContent(inner));
    return (
      <dl className="facts nested">
        {entries.map(([key, v]) => (
          <div key={key}>
            <dt>{t(`data.${key}`, { defaultValue: t(`fields.${key}`, { defaultValue: key }) })}</dt>
            <dd>
              <DataValue name={key} value={v} depth={depth + 1} money={name.endsWith('Fen')} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return String(value);
}

/** The booking a change or refund case is about, as the case copied it. */
type CaseBooking = NonNullable<CaseDataOf<'change' | 'refund'>['booking']>;
type TicketRow = Pick<
  CaseBooking['tickets'][number],
  'passengerId' | 'passengerName' | 'passengerType' | 'classCode' | 'fareFen' | 'taxes' | 'status' | 'changed'
>;

const taxesOf = (ticket: TicketRow) =>
  ticket.taxes ? ticket.taxes.developmentFundFen + ticket.taxes.fuelSurchargeFen : 0;

/**
 * The case's booking as it is now: the case keeps a copy from when it was linked, but refunds and
 * changes (this case's or another's) move the tickets on, so the table reads the booking live and
 * shows the copy only until that answer comes.
 */
function BookingFactsTable({ booking }: { booking: CaseBooking }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { bookingId } = booking;
  const live = useQuery(trpc.bookings.get.queryOptions({ id: bookingId }));
  // Each case change may have moved the tickets (refund settled, reissued): read the booking again.
  const { refetch } = live;
  useEffect(() => {
    void refetch();
  }, [booking, refetch]);
  const tickets: readonly TicketRow[] = live.data?.tickets ?? booking.tickets;
  const mode = live.data?.departure.mode ?? booking.mode;
  const departureAt = live.data?.departure.departureAt ?? booking.departureAt;
  const classNameOf = useFareClassNames({
    mode,
    departureId: live.data?.departure.id ?? booking.departureId,
    bookingId,
  });
  const withTaxes = tickets.some((ticket) => taxesOf(ticket) > 0);
  return (
    <div className="case-booking" data-testid="case-booking" data-live={live.data ? 'true' : 'false'}>
      <p>
        {t('case.booking')}: <span className="mono strong">{live.data?.ref ?? booking.ref}</span>
        {mode && <> · {t(`mode.${mode}`)}</>}
        {departureAt && <> · {formatDateTime(departureAt)}</>}
      </p>
      {tickets.length > 0 && (
        <table className="data-table compact">
          <thead>
            <tr>
              <th>{t('tickets.passenger')}</th>
              <th>{t('tickets.type')}</th>
              <th>{t('tickets.class')}</th>
              <th className="num">{t('tickets.fare')}</th>
              {withTaxes && <th className="num">{t('tickets.taxes')}</th>}
              <th>{t('tickets.status')}</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.passengerId}>
                <td>{ticket.passengerName}</td>
                <td>{t(`passengerType.${ticket.passengerType}`)}</td>
                <td>
                  <FareClassLabel code={ticket.classCode} name={classNameOf(ticket.classCode)} />
                </td>
                <td className="num">{formatFen(ticket.fareFen)}</td>
                {withTaxes && <td className="num">{formatFen(taxesOf(ticket))}</td>}
                <td>
                  {t(`ticketStatus.${ticket.status}`)}
                  {/* "已改签" once: the badge marks an earlier change on a ticket whose status now says something else. */}
                  {ticket.changed && ticket.status !== 'changed' && (
                    <span className="badge">{t('tickets.changed')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * The booking kind's quote: the departure and class chosen, and the price for the party. One
 * total: the adult-fare estimate until passengers are entered, then what their fares add up to
 * (child and student fares are lower), which is what the payment collects.
 */
function BookingQuoteView({
  quote,
  totalFen,
}: {
  quote: NonNullable<CaseDataOf<'booking'>['quote']>;
  totalFen: number | null;
}) {
  const { t, i18n } = useTranslation();
  const { departure } = quote;
  const classCode = departure.classCode || null;
  const className =
    classCode &&
    fareClassName(classCode, {
      mode: departure.mode,
      names: departure.className ? new Map([[classCode, departure.className]]) : null,
      language: i18n.language,
    });
  return (
    <div className="booking-quote" data-testid="booking-quote">
      <h3>{t('case.bookingQuote')}</h3>
      <dl className="facts">
        <dt>{t('fields.departure')}</dt>
        <dd>
          <span className="mono">{departure.code}</span>
          {departure.departureAt && <> · {formatDateTime(departure.departureAt)}</>}
          {classCode && (
            <>
              {' · '}
              <FareClassLabel code={classCode} name={className} />
            </>
          )}
        </dd>
        <dt>{t('fields.passengerCount')}</dt>
        <dd>{quote.passengerCount}</dd>
        <dt>{t('quote.unitPrice')}</dt>
        <dd>{formatFen(quote.unitPriceFen)}</dd>
        {totalFen !== null ? (
          <>
            <dt>{t('quote.bookingTotal')}</dt>
            <dd className="strong" data-testid="booking-total">
              {formatFen(totalFen)}
            </dd>
          </>
        ) : (
          <>
            <dt>{t('quote.estimatedTotal')}</dt>
            <dd className="strong" data-testid="booking-total">
              {formatFen(quote.estimatedTotalFen)}
            </dd>
          </>
        )}
      </dl>
    </div>
  );
}

/** What a case kind keeps about itself (CaseDetail.data), beyond the quote. */
export function CaseFacts({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const booking = detail.kind === 'change' || detail.kind === 'refund' ? detail.data.booking : null;
  const passengers = detail.kind === 'booking' ? detail.data.passengers : [];
  const rest = readableEntries(detail.data).filter(
    ([key, value]) =>
      !shownElsewhere.has(key) && !(quietDefaults.has(key) && quietDefaults.get(key) === value) && hasContent(value),
  );
  const bookingQuote = detail.kind === 'booking' ? detail.data.quote : null;
  // The booking's total is shown once, in its quote (see BookingQuoteView).
  const enteredTotal = detail.kind === 'booking' && passengers.length > 0 ? detail.data.totalFen : null;
  const restShown = bookingQuote ? rest.filter(([key]) => key !== 'totalFen') : rest;
  return (
    <section className="case-facts panel" aria-label={t('case.details')} data-testid="case-facts">
      {booking && <BookingFactsTable booking={booking} />}
      {bookingQuote && <BookingQuoteView quote={bookingQuote} totalFen={enteredTotal} />}
      {passengers.length > 0 && (
        <table className="data-table compact" data-testid="case-passengers">
          <thead>
            <tr>
              <th>{t('tickets.passenger')}</th>
              <th>{t('tickets.id')}</th>
              <th>{t('tickets.type')}</th>
              <th className="num">{t('tickets.fare')}</th>
            </tr>
          </thead>
          <tbody>
            {passengers.map((passenger) => (
              <tr key={passenger.passengerId}>
                <td>{passenger.name}</td>
                <td className="mono">{passenger.idNumber}</td>
                <td>{t(`passengerType.${passenger.passengerType}`)}</td>
                <td className="num">{formatFen(passenger.fareFen)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {restShown.length > 0 && (
        <dl className="facts">
          {restShown.map(([key, value]) => (
            <div key={key}>
              <dt>{t(`data.${key}`, { defaultValue: key })}</dt>
              <dd>
                <DataValue name={key} value={value} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      {!booking && !bookingQuote && passengers.length === 0 && restShown.length === 0 && (
        <p className="empty">{t('case.noDetails')}</p>
      )}
    </section>
  );
}
