import { z } from 'zod';
import type { Types } from 'mongoose';
import type { CustomerDTO } from '../../../shared/customers';
import { objectIdSchema } from '../../../shared/cases';
import { maskEmail, maskIdNumber, maskPhone } from '../../../shared/identity';
import type { Customer } from '../db/models/customer';

export const customerByIdInputSchema = z.object({ id: objectIdSchema }).strict();

/** Always masked: the clear phone or ID number only leaves through customers.reveal, which is audited. */
export function toCustomerDTO(customer: Customer & { _id: Types.ObjectId; createdAt?: Date }): CustomerDTO {
  return {
    id: customer._id.toHexString(),
    name: customer.name,
    phone: maskPhone(customer.phone),
    email: customer.email ? maskEmail(customer.email) : null,
    idType: customer.idType,
    idNumber: maskIdNumber(customer.idNumber),
    vipTier: customer.vipTier,
    createdAt: (customer.createdAt ?? customer._id.getTimestamp()).toISOString(),
    masked: true,
  };
}
