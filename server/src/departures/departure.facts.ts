import { Types } from 'mongoose';
import { DomainError } from '../../../shared/errors';
import type { DepartureFacts } from '../../../workflows/machines/contract';
import { DepartureModel } from '../db/models/departure';
import { sellsByRealName } from '../../../workflows/machines/passengers';

/**
 * What the case engine needs to know about a departure and one of its classes, read from the
 * database (never from the client). NOT_FOUND names what is missing.
 */
export async function loadDepartureFacts(departureId: string, classCode: string): Promise<DepartureFacts> {
  const departure = Types.ObjectId.isValid(departureId) ? await DepartureModel.findById(departureId).lean() : null;
  if (!departure) throw new DomainError('NOT_FOUND', 'No departure with this id.', { departureId });
  const fareClass = departure.classes.find((c) => c.code === classCode);
  if (!fareClass) {
    throw new DomainError('NOT_FOUND', `Departure ${departure.code} has no class "${classCode}".`, {
      departureId,
      classCode,
      classes: departure.classes.map((c) => c.code),
    });
  }
  return {
    departureId: departure._id.toHexString(),
    code: departure.code,
    mode: departure.mode,
    ruleSet: departure.ruleSet,
    organizer: departure.organizer ?? null,
    departureAt: departure.departureAt.toISOString(),
    classCode: fareClass.code,
    className: fareClass.name,
    priceFen: fareClass.priceFen,
    taxes: fareClass.taxes
      ? { developmentFundFen: fareClass.taxes.developmentFundFen, fuelSurchargeFen: fareClass.taxes.fuelSurchargeFen }
      : null,
    seatsLeft: fareClass.seatsLeft,
    realName: sellsByRealName(departure),
    approvedCapacity: departure.approvedCapacity ?? null,
    origin: departure.origin,
  };
}
