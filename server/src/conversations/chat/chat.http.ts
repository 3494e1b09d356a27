/**
 * The public side of web chat over HTTP: starting a conversation (POST /api/chat/conversations,
 * 5 a minute per address) and the page itself at /chat (client/chat.html, its own Vite entry).
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { DomainError } from '../../../../shared/errors';
import type { AppDeps } from '../../deps';
import { startChat } from './chat.service';

const STATUS: Partial<Record<DomainError['code'], number>> = { INVALID_INPUT: 400, RATE_LIMITED: 429 };

export function registerChatRoutes<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>,
  deps: AppDeps,
  hasPage: boolean,
): void {
  app.post('/api/chat/conversations', { bodyLimit: 4 * 1024 }, async (request, reply) => {
    try {
      const answer = await startChat(deps, request.body, request.ip);
      return reply.code(201).header('cache-control', 'no-store').send(answer);
    } catch (error) {
      const status = error instanceof DomainError ? STATUS[error.code] : undefined;
      if (error instanceof DomainError && status) {
        const retryAfterMs = error.details?.['retryAfterMs'];
        if (typeof retryAfterMs === 'number') reply.header('retry-after', String(Math.ceil(retryAfterMs / 1000)));
        return reply.code(status).send({ error: error.code, message: error.message });
      }
      throw error;
    }
  });
  if (hasPage) {
    app.get('/chat', (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('chat.html'));
  }
}
