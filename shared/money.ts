import { z } from 'zod';

/** Money is integer fen everywhere (1 yuan = 100 fen). */
export const fenSchema = z.number().int().nonnegative().max(100_000_000_00);
export type Fen = number;
