/**
 * `POST /api/telephony/events`: the phone system's CTI webhook, signed the Standard Webhooks way
 * (webhook-id, webhook-timestamp, webhook-signature) with TELEPHONY_WEBHOOK_SECRET. Unsigned,
 * wrongly signed, tampered or older than five minutes: 401 and nothing stored. A webhook-id seen
 * before: 200 and nothing done again.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { telephonyEventSchema } from '../../../shared/conversations';
import type { AppDeps } from '../deps';
import { DomainError } from '../../../shared/errors';
import { isDatabaseUnreachable } from '../db/connection';
import { TelephonyReceiptModel } from '../db/models/telephony-receipt';
import { handleTelephonyEvent } from './telephony.service';

export const TELEPHONY_EVENTS_PATH = '/api/telephony/events';

export async function registerTelephonyRoutes<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>,
  deps: AppDeps,
): Promise<void> {
  const secret = deps.config.telephony.webhookSecret;
  const webhook = secret ? new Webhook(secret) : null;
  // Encapsulated: the signature is over the exact bytes sent, so this route keeps the raw body.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.post(TELEPHONY_EVENTS_PATH, async (request, reply) => {
      if (!webhook)
        return reply.code(503).send({ error: 'UNAVAILABLE', message: 'TELEPHONY_WEBHOOK_SECRET is not configured.' });
      const body = typeof request.body === 'string' ? request.body : '';
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      };
      let payload: unknown;
      try {
        payload = webhook.verify(body, headers);
      } catch (error) {
        if (error instanceof WebhookVerificationError)
          return reply.code(401).send({ error: 'UNAUTHENTICATED', message: `Webhook refused: ${error.message}.` });
        return reply.code(400).send({ error: 'INVALID_INPUT', message: 'The body is not JSON.' });
      }
      const parsed = telephonyEventSchema.safeParse(payload);
      if (!parsed.success)
        return reply.code(400).send({
          error: 'INVALID_INPUT',
          message: `Invalid event: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        });
      const webhookId = headers['webhook-id'];
      try {
        const seen = await TelephonyReceiptModel.findById(webhookId, { outcome: 1, conversationId: 1 }).lean();
        if (seen)
          return reply.code(200).send({ duplicate: true, outcome: seen.outcome, conversationId: seen.conversationId });
        const result = await handleTelephonyEvent(deps, parsed.data, webhookId);
        await TelephonyReceiptModel.create({
          _id: webhookId,
          type: parsed.data.type,
          callId: parsed.data.callId,
          outcome: result.outcome,
          conversationId: result.conversationId,
          receivedAt: deps.now(),
        }).catch((error: unknown) => {
          // A concurrent delivery of the same id recorded it first; the engine's keys kept the work single.
          if ((error as { code?: unknown }).code !== 11000) throw error;
        });
        return reply.code(200).send({ duplicate: false, ...result });
      } catch (error) {
        if (isDatabaseUnreachable(error))
          return reply.code(503).send({ error: 'UNAVAILABLE', message: 'The database is not reachable; retry later.' });
        // An event our rules refuse (unknown record, invalid for the call's state) fails the same way
        // on every retry: say so (4xx) instead of inviting the phone system to retry it forever.
        if (error instanceof DomainError && error.code !== 'UNAVAILABLE') {
          deps.logger.warn({ err: error, webhookId }, 'telephony event refused');
          return reply.code(422).send({ error: error.code, message: error.message });
        }
        deps.logger.error({ err: error, webhookId }, 'telephony event failed');
        // The phone system retries a non-2xx delivery; a retry of the same id is safe.
        return reply.code(503).send({ error: 'UNAVAILABLE', message: 'The event could not be handled now; retry it.' });
      }
    });
  });
}
