import type { Mode } from '../../../../shared/departures';

/**
 * Where a departure goes, in words: a journey's "BJP → SHH", or for a show its title and venue
 * (shows keep the venue as origin and the title as destination).
 */
export function departureRoute(departure: { mode: Mode; origin: string; destination: string }): string {
  return departure.mode === 'event'
    ? `${departure.destination} · ${departure.origin}`
    : `${departure.origin} → ${departure.destination}`;
}
