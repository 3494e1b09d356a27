import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Mode } from '../../../../shared/departures';
import { useTRPC } from '../trpc';
import { fareClassName } from './fare-classes';

const DEPARTURE_STALE_MS = 5 * 60_000;

/**
 * Names fare class codes for one departure: from the departure's own class list (loaded by id,
 * or through the booking when only that is known), else from the known names. Rows of one
 * booking share the one cached query.
 */
export function useFareClassNames({
  mode,
  departureId,
  bookingId,
}: {
  mode: Mode | null | undefined;
  departureId?: string | null;
  bookingId?: string | null;
}) {
  const { i18n } = useTranslation();
  const trpc = useTRPC();
  const booking = useQuery({
    ...trpc.bookings.get.queryOptions({ id: bookingId ?? '' }),
    enabled: !departureId && Boolean(bookingId),
    staleTime: DEPARTURE_STALE_MS,
  });
  const id = departureId ?? booking.data?.departure.id ?? null;
  const departure = useQuery({
    ...trpc.departures.get.queryOptions({ id: id ?? '' }),
    enabled: id !== null,
    staleTime: DEPARTURE_STALE_MS,
  });
  const names = departure.data
    ? new Map(departure.data.classes.map((fareClass) => [fareClass.code, fareClass.name]))
    : null;
  const language = i18n.language;
  return (code: string) => fareClassName(code, { mode: mode ?? departure.data?.mode, names, language });
}

/** "经济舱 D 舱" and "Economy (D)" already say their code. */
function namesItsCode(name: string, code: string): boolean {
  return name.split(/[^A-Za-z0-9]+/).includes(code);
}

/** A class as the agent reads it out: its name, with the code in small print after it. */
export function FareClassLabel({ code, name }: { code: string; name: string | null }) {
  if (!name || name === code) return <span className="mono">{code}</span>;
  if (namesItsCode(name, code)) return <span className="fare-class">{name}</span>;
  return (
    <span className="fare-class">
      {name} <small className="class-code">{code}</small>
    </span>
  );
}
