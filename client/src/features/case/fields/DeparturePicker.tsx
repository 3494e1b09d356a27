import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { modes, type Mode } from '../../../../../shared/departures';
import { formatDateTime, formatFen } from '../../../lib/format';
import { useTRPC } from '../../../lib/trpc';
import { fareClassName } from '../../../lib/departures/fare-classes';
import { FareClassLabel } from '../../../lib/departures/FareClass';
import { departureRoute } from '../../../lib/departures/departure-route';

type Criteria = { mode?: Mode; origin?: string; destination?: string; date?: string };

/** Search departures and pick one fare class: sets both departureId and classCode. */
export function DeparturePicker({
  departureId,
  classCode,
  onChange,
  bookingId,
}: {
  departureId: string | undefined;
  classCode: string | undefined;
  onChange: (departureId: string, classCode: string) => void;
  /** A change case's booking: the search starts on its route. */
  bookingId: string | null;
}) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const [draft, setDraft] = useState<Criteria>({});
  const [criteria, setCriteria] = useState<Criteria | null>(null);
  const booking = useQuery({ ...trpc.bookings.get.queryOptions({ id: bookingId ?? '' }), enabled: bookingId !== null });
  const route = booking.data?.departure;
  useEffect(() => {
    if (!route) return;
    const start: Criteria = { mode: route.mode, origin: route.origin, destination: route.destination };
    setDraft((current) => (current.mode || current.origin || current.destination ? current : start));
    setCriteria((current) => current ?? start);
  }, [route]);
  const search = useQuery({
    ...trpc.departures.search.queryOptions({ ...(criteria ?? {}), limit: 30 }),
    enabled: criteria !== null,
  });
  const chosenDeparture = search.data?.find((d) => d.id === departureId);

  return (
    <div className="departure-picker" data-testid="field-departure">
      <div className="inline-form">
        <label>
          <span>{t('departures.mode')}</span>
          <select
            value={draft.mode ?? ''}
            onChange={(e) => setDraft({ ...draft, mode: modes.find((mode) => mode === e.target.value) })}
          >
            <option value="">{t('common.all')}</option>
            {modes.map((mode) => (
              <option key={mode} value={mode}>
                {t(`mode.${mode}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('departures.origin')}</span>
          <input
            value={draft.origin ?? ''}
            onChange={(e) => setDraft({ ...draft, origin: e.target.value || undefined })}
            data-testid="departure-origin"
          />
        </label>
        <label>
          <span>{t('departures.destination')}</span>
          <input
            value={draft.destination ?? ''}
            onChange={(e) => setDraft({ ...draft, destination: e.target.value || undefined })}
            data-testid="departure-destination"
          />
        </label>
        <label>
          <span>{t('departures.date')}</span>
          <input
            type="date"
            value={draft.date ?? ''}
            onChange={(e) => setDraft({ ...draft, date: e.target.value || undefined })}
            data-testid="departure-date"
          />
        </label>
        <button type="button" onClick={() => setCriteria({ ...draft })} data-testid="departure-search">
          {t('departures.search')}
        </button>
      </div>
      {criteria !== null &&
        (search.isPending ? (
          <p className="muted">{t('common.loading')}</p>
        ) : search.isError ? (
          <p className="field-error">{t('errors.UNKNOWN')}</p>
        ) : search.data.length === 0 ? (
          <p className="muted">{t('departures.none')}</p>
        ) : (
          <table className="data-table compact">
            <thead>
              <tr>
                <th>{t('departures.code')}</th>
                <th>{t('departures.route')}</th>
                <th>{t('departures.departs')}</th>
                <th>{t('departures.classes')}</th>
              </tr>
            </thead>
            <tbody>
              {search.data.map((departure) => (
                <tr key={departure.id}>
                  <td className="mono nowrap">{departure.code}</td>
                  <td className="nowrap">{departureRoute(departure)}</td>
                  <td className="nowrap">{formatDateTime(departure.departureAt)}</td>
                  <td className="class-choices">
                    {departure.classes.map((fareClass) => {
                      const name = fareClassName(fareClass.code, {
                        mode: departure.mode,
                        names: new Map([[fareClass.code, fareClass.name]]),
                        language: i18n.language,
                      });
                      const chosen = departure.id === departureId && fareClass.code === classCode;
                      return (
                        <button
                          key={fareClass.code}
                          type="button"
                          className={chosen ? 'chip chosen' : 'chip'}
                          aria-pressed={chosen}
                          disabled={fareClass.seatsLeft <= 0}
                          data-testid="departure-class"
                          onClick={() => onChange(departure.id, fareClass.code)}
                        >
                          {name ?? fareClass.code} {formatFen(fareClass.priceFen)} ·{' '}
                          {t('departures.seatsLeft', { count: fareClass.seatsLeft })}
                        </button>
                      );
                    })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {departureId && classCode && (
        <p className="muted" data-testid="departure-chosen">
          {t('departures.chosen')}: <span className="mono">{chosenDeparture?.code ?? departureId}</span> ·{' '}
          <FareClassLabel
            code={classCode}
            name={fareClassName(classCode, {
              mode: chosenDeparture?.mode,
              names: chosenDeparture ? new Map(chosenDeparture.classes.map((c) => [c.code, c.name])) : null,
              language: i18n.language,
            })}
          />
        </p>
      )}
    </div>
  );
}
