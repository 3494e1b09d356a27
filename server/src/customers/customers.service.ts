import mongoose, { Types } from 'mongoose';
import type { z } from 'zod';
import type { SessionUser } from '../../../shared/auth';
import type { BookingDTO } from '../../../shared/bookings';
import type { QueueItem } from '../../../shared/cases';
import type {
  createCustomerInputSchema,
  CustomerDTO,
  customerSearchInputSchema,
  revealInputSchema,
  verifyIdentityInputSchema,
} from '../../../shared/customers';
import { DomainError } from '../../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { bookingsOfCustomer, findBookingByRef } from '../bookings/bookings.service';
import { listCases } from '../cases/cases.service';
import type { AppDeps } from '../deps';
import { CustomerModel, type Customer } from '../db/models/customer';
import { clientFilter, escapeRegex } from '../db/sanitize';
import { BookingModel } from '../db/models/booking';
import { classifyCustomerQuery, type CustomerQuery, type CustomerQueryKind } from './customer-query';
import { countLookup, giveBackAttempt, searchLimits } from './search-limits';
import { toCustomerDTO } from './customers.dto';
import { idNumbersMatch } from './identity';

type CustomerRecord = Customer & { _id: Types.ObjectId };
type AuditContext = { actor: SessionUser; ip: string; now: Date };

export type CustomerSearch = z.output<typeof customerSearchInputSchema>;
export type RevealInput = z.output<typeof revealInputSchema>;
export type VerifyIdentityInput = z.output<typeof verifyIdentityInputSchema>;
export type CreateCustomerInput = z.output<typeof createCustomerInputSchema>;
export type CustomerOverview = { customer: CustomerDTO; bookings: BookingDTO[]; cases: QueueItem[] };

/** How a search looked: every kind but a plain name is a lookup by an identifier, counted and audited. */
const identifierKinds: Record<CustomerQueryKind, boolean> = {
  residentId: true,
  digits: true,
  nameAndLastFour: true,
  code: true,
  name: false,
};

/**
 * Exact matches first (ID, phone, booking, ticket), then name matches (customers, then passengers on
 * their bookings); never more than `limit`. Phone and ID numbers match only whole, and searches by
 * them are rate limited per user and audited before the answer leaves, like a reveal.
 */
export async function searchCustomers(audit: AuditContext, input: CustomerSearch): Promise<CustomerDTO[]> {
  const query = classifyCustomerQuery(input.query);
  const byIdentifier = identifierKinds[query.kind];
  await countLookup(audit, searchLimits.anySearch, audit.actor.id, 'searches', `user:${audit.actor.id}`);
  if (byIdentifier)
    await countLookup(
      audit,
      searchLimits.identifierSearch,
      audit.actor.id,
      'searches by phone or ID number',
      `user:${audit.actor.id}`,
    );

  const found = await findCustomers(query, input.limit);
  if (byIdentifier) {
    const ids = found.map((c) => c._id.toHexString());
    await recordAudit({
      actor: audit.actor,
      action: 'customer.searched',
      target: ids.length === 1 ? `customer:${ids[0]}` : 'customers',
      // The kind of search and what it found, never the typed number itself.
      details: { by: query.kind, found: ids },
      at: audit.now,
      ip: audit.ip,
    });
  }
  return found.map(toCustomerDTO);
}

async function findCustomers(query: CustomerQuery, limit: number): Promise<CustomerRecord[]> {
  const found: CustomerRecord[] = [];
  const seen = new Set<string>();
  const add = (customers: CustomerRecord[]) => {
    for (const c of customers) {
      const id = c._id.toHexString();
      if (!seen.has(id) && found.length < limit) {
        seen.add(id);
        found.push(c);
      }
    }
  };
  const find = (filter: Record<string, unknown>, max: number) =>
    CustomerModel.find(filter, null, clientFilter).sort({ nameLower: 1, _id: 1 }).limit(max).lean();
  /** The holders of bookings that match (a passenger's ID number or name, a ticket number). */
  const holdersOf = async (filter: Record<string, unknown>) => {
    const bookings = await BookingModel.find(filter, { customerId: 1 }, clientFilter)
      .sort({ purchasedAt: -1, _id: -1 })
      .limit(limit * 5)
      .lean();
    const ids = [...new Set(bookings.map((b) => b.customerId.toHexString()))].map((id) => new Types.ObjectId(id));
    return ids.length === 0 ? [] : find({ _id: mongoose.trusted({ $in: ids }) }, limit);
  };

  switch (query.kind) {
    case 'residentId':
      add(await find({ idNumber: query.idNumber }, limit));
      add(await holdersOf({ 'passengers.idNumber': query.idNumber }));
      break;
    case 'digits':
      // Whole values only: a prefix would read a masked phone out digit by digit.
      add(await find({ phone: query.digits }, limit));
      add(await find({ idNumber: query.digits }, limit));
      break;
    case 'nameAndLastFour': {
      // The last four digits are shown in the mask already; with a name they narrow a common name down.
      const text = escapeRegex(query.text);
      const phone = mongoose.trusted({ $regex: `${query.lastFour}$` });
      add(await find({ nameLower: mongoose.trusted({ $regex: `^${text}` }), phone }, limit));
      if (found.length < limit) add(await find({ nameLower: mongoose.trusted({ $regex: text }), phone }, limit));
      break;
    }
    case 'code': {
      const booking = await findBookingByRef(query.code);
      if (booking) add(await find({ _id: booking.customerId }, 1));
      add(await holdersOf({ 'passengers.ticketNumber': query.code }));
      add(await find({ idNumber: query.code }, limit));
      add(await holdersOf({ 'passengers.idNumber': query.code }));
      break;
    }
    case 'name': {
      const text = escapeRegex(query.text);
      add(await find({ nameLower: mongoose.trusted({ $regex: `^${text}` }) }, limit));
      // Then names containing the text (a given name typed alone), when the prefix left room.
      if (found.length < limit) add(await find({ nameLower: mongoose.trusted({ $regex: text }) }, limit));
      // Then the holders of bookings with a passenger of that name (a parent booking for a child).
      if (found.length < limit)
        add(await holdersOf({ 'passengers.name': mongoose.trusted({ $regex: text, $options: 'i' }) }));
      break;
    }
    default: {
      const unreachable: never = query;
      throw new Error(`unhandled query kind ${JSON.stringify(unreachable)}`);
    }
  }
  return found;
}

/** A new customer taken down by an agent; an ID number already on file is refused, naming its holder. */
export async function createCustomer(audit: AuditContext, input: CreateCustomerInput): Promise<CustomerDTO> {
  // "Already exists: 张伟" answers a lookup by ID number: the same budget as a search by one, or
  // creating customers with guessed birth dates would read a masked ID out.
  await countLookup(
    audit,
    searchLimits.identifierSearch,
    audit.actor.id,
    'searches by phone or ID number',
    `user:${audit.actor.id}`,
  );
  const existing = await CustomerModel.findOne({ idType: input.idType, idNumber: input.idNumber }, { name: 1 }).lean();
  if (existing) throw await duplicateIdError(audit, existing);
  let created;
  try {
    created = await CustomerModel.create({
      name: input.name,
      phone: input.phone,
      email: input.email,
      idType: input.idType,
      idNumber: input.idNumber,
    });
  } catch (error) {
    // Two agents creating the same person at once: the unique index lets one through.
    if ((error as { code?: number }).code !== 11000) throw error;
    const winner = await CustomerModel.findOne({ idType: input.idType, idNumber: input.idNumber }, { name: 1 }).lean();
    if (!winner) throw error;
    throw await duplicateIdError(audit, winner);
  }
  await recordAudit({
    actor: audit.actor,
    action: 'customer.created',
    target: `customer:${created._id.toHexString()}`,
    details: { idType: input.idType },
    at: audit.now,
    ip: audit.ip,
  });
  return toCustomerDTO(created.toObject());
}

/** The refusal names the holder, so it is audited like a search that found them. */
async function duplicateIdError(
  audit: AuditContext,
  existing: { _id: Types.ObjectId; name: string },
): Promise<DomainError> {
  const id = existing._id.toHexString();
  await recordAudit({
    actor: audit.actor,
    action: 'customer.searched',
    target: `customer:${id}`,
    details: { by: 'create', found: [id] },
    at: audit.now,
    ip: audit.ip,
  });
  return new DomainError('CONFLICT', `A customer with this ID number already exists: ${existing.name}.`, {
    customerId: existing._id.toHexString(),
    name: existing.name,
  });
}

/** The customer page: the customer, their bookings and their cases (newest first). */
export async function getCustomerOverview(
  deps: AppDeps,
  user: SessionUser,
  customerId: string,
): Promise<CustomerOverview> {
  const customer = await findCustomer(customerId);
  const [bookings, cases] = await Promise.all([
    bookingsOfCustomer(customer._id),
    listCases(deps, user, { customerId: customer._id.toHexString(), limit: 100 }),
  ]);
  return { customer: toCustomerDTO(customer), bookings, cases: cases.items };
}

/** The clear phone or ID number, for roles allowed to see it; the audit entry is written before the value leaves. */
export async function revealCustomerField(audit: AuditContext, input: RevealInput): Promise<{ value: string }> {
  const customer = await findCustomer(input.customerId);
  await recordAudit({
    actor: audit.actor,
    action: 'customer.revealed',
    target: `customer:${customer._id.toHexString()}`,
    reason: input.reason,
    details: { field: input.field },
    at: audit.now,
    ip: audit.ip,
  });
  return { value: input.field === 'phone' ? customer.phone : customer.idNumber };
}

/** Whether the ID number the caller reads out is on file, without sending the stored one back. */
export async function verifyCustomerIdentity(
  audit: AuditContext,
  input: VerifyIdentityInput,
): Promise<{ match: boolean }> {
  const customer = await findCustomer(input.customerId);
  // A few tries per customer: a resident ID hides only its birth date, which guessing would find.
  const subject = `${audit.actor.id}:${customer._id.toHexString()}`;
  await countLookup(
    audit,
    searchLimits.identityCheck,
    subject,
    'ID number checks for this customer',
    `customer:${customer._id.toHexString()}`,
  );
  const match = idNumbersMatch(customer.idNumber, input.idNumber);
  // Only wrong numbers use the budget up (a case's VERIFY counts the same way).
  if (match) await giveBackAttempt(searchLimits.identityCheck, subject, audit.now);
  // Audited too: repeated guesses against one customer show up.
  await recordAudit({
    actor: audit.actor,
    action: 'customer.identity_checked',
    target: `customer:${customer._id.toHexString()}`,
    details: { match },
    at: audit.now,
    ip: audit.ip,
  });
  return { match };
}

async function findCustomer(customerId: string): Promise<CustomerRecord> {
  const customer = Types.ObjectId.isValid(customerId) ? await CustomerModel.findById(customerId).lean() : null;
  if (!customer) throw new DomainError('NOT_FOUND', 'No customer with this id.', { customerId });
  return customer;
}
