import { z } from 'zod';
import { checkResidentId, idTypes, type ResidentIdProblem } from './identity';

export const vipTiers = ['none', 'silver', 'gold', 'platinum'] as const;
export type VipTier = (typeof vipTiers)[number];

/** A customer as the console sees it: ID and phone masked unless revealed (audited). */
export type CustomerDTO = {
  id: string;
  name: string;
  phone: string;
  email: string | null;
  idType: (typeof idTypes)[number];
  idNumber: string;
  vipTier: VipTier;
  createdAt: string;
  masked: boolean;
};

export const customerSearchInputSchema = z.object({
  /**
   * Name, whole phone or ID number, name with the phone's last four digits, booking reference or
   * ticket number: the server works out which.
   */
  query: z.string().trim().min(1).max(64),
  limit: z.number().int().min(1).max(50).default(20),
});

export const revealInputSchema = z.object({
  customerId: z.string().regex(/^[0-9a-f]{24}$/),
  field: z.enum(['phone', 'idNumber']),
  reason: z.string().trim().min(3).max(200),
});

/** The agent types what the caller reads out; the server says whether it matches, without revealing it. */
export const verifyIdentityInputSchema = z.object({
  customerId: z.string().regex(/^[0-9a-f]{24}$/),
  idNumber: z.string().trim().min(4).max(32),
});

/** How an agent types a phone number: spaces, dashes and a +86 prefix are dropped. */
export function normalizePhone(phone: string): string {
  return phone.replace(/[\s-]/g, '').replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
}

/** A new customer, as an agent takes it down on the phone. A resident ID is checked with GB 11643. */
export const createCustomerInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    phone: z
      .string()
      .trim()
      .transform(normalizePhone)
      .pipe(z.string().regex(/^\d{5,20}$/, 'a phone number of 5 to 20 digits')),
    email: z
      .union([z.literal(''), z.email().max(200)])
      .transform((v) => (v === '' ? null : v))
      .nullable()
      .default(null),
    idType: z.enum(idTypes),
    idNumber: z
      .string()
      .transform((v) => v.replace(/\s+/g, '').toUpperCase())
      .pipe(
        z
          .string()
          .min(4)
          .max(32)
          .regex(/^[A-Z0-9]+$/, 'letters and digits only'),
      ),
  })
  .superRefine((value, ctx) => {
    if (value.idType !== 'resident_id') return;
    const checked = checkResidentId(value.idNumber);
    if (!checked.ok)
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: residentIdMessages[checked.problem],
        params: { problem: checked.problem },
      });
  });
export type CreateCustomerInput = z.input<typeof createCustomerInputSchema>;

const residentIdMessages: Record<ResidentIdProblem, string> = {
  length: 'a resident ID has 18 characters',
  format: 'a resident ID is 17 digits and a digit or X',
  birthDate: 'the birth date in this resident ID does not exist',
  checksum: 'the check character of this resident ID is wrong (GB 11643)',
};
