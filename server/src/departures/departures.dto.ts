import { z } from 'zod';
import type { DepartureDTO } from '../../../shared/departures';
import { objectIdSchema } from '../../../shared/cases';
import type { Departure } from '../db/models/departure';
import type { Types } from 'mongoose';
import { sellsByRealName } from '../../../workflows/machines/passengers';

export const departureByIdInputSchema = z.object({ id: objectIdSchema }).strict();

export function toDepartureDTO(departure: Departure & { _id: Types.ObjectId }): DepartureDTO {
  return {
    id: departure._id.toHexString(),
    mode: departure.mode,
    code: departure.code,
    origin: departure.origin,
    destination: departure.destination,
    departureAt: departure.departureAt.toISOString(),
    arrivalAt: departure.arrivalAt ? departure.arrivalAt.toISOString() : null,
    ruleSet: departure.ruleSet,
    organizer: departure.organizer ?? null,
    realName: sellsByRealName(departure),
    classes: departure.classes.map((c) => ({
      code: c.code,
      name: c.name,
      priceFen: c.priceFen,
      seatsLeft: c.seatsLeft,
    })),
  };
}
