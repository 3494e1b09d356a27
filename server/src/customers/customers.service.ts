import mongoose, { Types } from 'mongoose';
import type { z } from 'zod';
import type { SessionUser } from '../../../shared/auth';
import type { BookingDTO } from '../../../shared/bookings';
import type { QueueItem } from '../../../shared/cases';
import type { CustomerDTO, customerSearchInputSchema, revealInputSchema, verifyIdentityInputSchema } from '../../../shared/customers';
import { DomainError } from '../../../shared/errors';
import { recordAudit } from '../audit/audit.service';
import { bookingsOfCustomer, findBookingByRef } from '../bookings/bookings.service';
import { listCases } from '../cases/cases.service';
import type { AppDeps } from '../deps';
import { CustomerModel, type Customer } from '../db/models/customer';
import { clientFilter, escapeRegex } from '../db/sanitize';
import { classifyCustomerQuery } from './customer-query';
import { toCustomerDTO } from './customers.dto';
import { idNumbersMatch } from './identity';

type CustomerRecord = Customer & { _id: Types.ObjectId };
type AuditContext = { actor: SessionUser; ip: string; now: Date };

export type CustomerSearch = z.output<typeof customerSearchInputSchema>;
export type RevealInput = z.output<typeof revealInputSchema>;
export type VerifyIdentityInput = z.output<typeof verifyIdentityInputSchema>;
export type CustomerOverview = { customer: CustomerDTO; bookings: BookingDTO[]; cases: QueueItem[] };

/** Exact matches first (ID, phone, booking), then name matches; never more than `limit`. */
export async function searchCustomers(input: CustomerSearch): Promise<CustomerDTO[]> {
  const query = classifyCustomerQuery(input.query);
  const found: CustomerRecord[] = [];
  const seen = new Set<string>();
  const add = (customers: CustomerRecord[]) => {
    for (const c of customers) {
      const id = c._id.toHexString();
      if (!seen.has(id) && found.length < input.limit) {
        seen.add(id);
        found.push(c);
      }
    }
  };
  const find = (filter: Record<string, unknown>, limit: number) =>
    CustomerModel.find(filter, null, clientFilter).sort({ nameLower: 1, _id: 1 }).limit(limit).lean();

  switch (query.kind) {
    case 'residentId':
      add(await find({ idNumber: query.idNumber }, input.limit));
      break;
    case 'digits':
      add(await find({ idNumber: query.digits }, input.limit));
      // A phone number, or its first digits while the caller is still reading it out (anchored: uses the index).
      add(await find({ phone: mongoose.trusted({ $regex: `^${query.digits}` }) }, input.limit));
      break;
    case 'code': {
      const booking = await findBookingByRef(query.code);
      if (booking) add(await find({ _id: booking.customerId }, 1));
      add(await find({ idNumber: query.code }, input.limit));
      // Latin names with digits are rare, but "Li2" typed by mistake should still find Li.
      if (found.length === 0) add(await find({ nameLower: mongoose.trusted({ $regex: `^${escapeRegex(query.code.toLowerCase())}` }) }, input.limit));
      break;
    }
    case 'name': {
      const text = escapeRegex(query.text);
      add(await find({ nameLower: mongoose.trusted({ $regex: `^${text}` }) }, input.limit));
      // Then names containing the text (a given name typed alone), when the prefix left room.
      if (found.length < input.limit) add(await find({ nameLower: mongoose.trusted({ $regex: text }) }, input.limit));
      break;
    }
    default: {
      const unreachable: never = query;
      throw new Error(`unhandled query kind ${JSON.stringify(unreachable)}`);
    }
  }
  return found.map(toCustomerDTO);
}

/** The customer page: the customer, their bookings and their cases (newest first). */
export async function getCustomerOverview(deps: AppDeps, user: SessionUser, customerId: string): Promise<CustomerOverview> {
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
export async function verifyCustomerIdentity(audit: AuditContext, input: VerifyIdentityInput): Promise<{ match: boolean }> {
  const customer = await findCustomer(input.customerId);
  const match = idNumbersMatch(customer.idNumber, input.idNumber);
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
