import mongoose, { Types } from 'mongoose';
import type { z } from 'zod';
import type { DepartureDTO, departureSearchInputSchema } from '../../../shared/departures';
import { DomainError } from '../../../shared/errors';
import { DepartureModel } from '../db/models/departure';
import { clientFilter, escapeRegex } from '../db/sanitize';
import { toDepartureDTO } from './departures.dto';
import { shanghaiInstant } from '../../../workflows/time/shanghai';

export type DepartureSearch = z.output<typeof departureSearchInputSchema>;

/** A Shanghai calendar day is [00:00+08:00, next 00:00+08:00) (no daylight saving; see workflows/time/shanghai.ts). */
export function shanghaiDayRange(date: string): { start: Date; end: Date } {
  const startMs = Date.parse(shanghaiInstant(date));
  if (Number.isNaN(startMs)) throw new DomainError('INVALID_INPUT', `"${date}" is not a calendar date.`);
  return { start: new Date(startMs), end: new Date(startMs + 86_400_000) };
}

/**
 * Departures matching the filters, soonest first. Without a date or a start time only departures
 * still ahead are listed: agents sell and change to future trains.
 */
export async function searchDepartures(input: DepartureSearch, now: Date): Promise<DepartureDTO[]> {
  let from = input.from ? new Date(input.from) : input.date ? null : now;
  let until: Date | null = null;
  if (input.date) {
    const day = shanghaiDayRange(input.date);
    from = from && from > day.start ? from : day.start;
    until = day.end;
  }
  const filter: Record<string, unknown> = {};
  if (input.mode) filter.mode = input.mode;
  // Station codes and venue names match from the start, whatever the case ("bjp" finds "BJP").
  if (input.origin) filter.origin = mongoose.trusted({ $regex: `^${escapeRegex(input.origin)}`, $options: 'i' });
  if (input.destination)
    filter.destination = mongoose.trusted({ $regex: `^${escapeRegex(input.destination)}`, $options: 'i' });
  const range: Record<string, Date> = {};
  if (from) range.$gte = from;
  if (until) range.$lt = until;
  if (Object.keys(range).length > 0) filter.departureAt = mongoose.trusted(range);

  const departures = await DepartureModel.find(filter, null, clientFilter)
    .sort({ departureAt: 1, _id: 1 })
    .limit(input.limit)
    .lean();
  return departures.map(toDepartureDTO);
}

export async function getDeparture(id: string): Promise<DepartureDTO> {
  const departure = Types.ObjectId.isValid(id) ? await DepartureModel.findById(id).lean() : null;
  if (!departure) throw new DomainError('NOT_FOUND', 'No departure with this id.', { departureId: id });
  return toDepartureDTO(departure);
}
