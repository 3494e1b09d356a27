import { z } from 'zod';
import { idTypes } from './identity';

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
  /** Name, phone, ID number or booking reference: the server works out which. */
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
