import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../../shared/errors';
import { roleProcedure, router } from '../trpc/init';
import type { AppDeps } from '../deps';
import { handleTelephonyEvent } from './telephony.service';

export const simulateCallInputSchema = z.strictObject({
  from: z.string().trim().min(5).max(40),
  extension: z
    .string()
    .regex(/^\d{3,8}$/)
    .optional(),
});

/** The demo's "simulate a call": a ringing event as the phone system would send it (demo secret only). */
export async function simulateCall(deps: AppDeps, input: z.infer<typeof simulateCallInputSchema>) {
  if (!deps.config.telephony.demoSecret)
    throw new DomainError(
      'FORBIDDEN',
      'Simulated calls exist in the demo build only (no TELEPHONY_WEBHOOK_SECRET set).',
    );
  const callId = `console-sim-${randomUUID()}`;
  return handleTelephonyEvent(
    deps,
    {
      type: 'call.ringing',
      callId,
      from: input.from,
      to: '95105',
      ...(input.extension ? { agentExtension: input.extension } : {}),
      at: deps.now().toISOString(),
    },
    `console-${callId}`,
  );
}

/** | simulate | supervisor, admin (demo build) | */
export const telephonyRouter = router({
  simulate: roleProcedure('supervisor', 'admin')
    .input(simulateCallInputSchema)
    .mutation(({ ctx, input }) => simulateCall(ctx.deps, input)),
});
