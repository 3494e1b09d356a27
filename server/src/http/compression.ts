/**
 * Compressed responses (br, gzip) for tRPC JSON and the built console. A 10,000-case
 * queue.snapshot is about 5 MB of JSON; compressed it is a small fraction of that.
 */
import fastifyCompress from '@fastify/compress';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/** Smaller bodies are sent as they are: compressing them saves a few bytes for real work. */
const COMPRESSION_THRESHOLD_BYTES = 2048;

/**
 * Must be registered before the routes it should compress (tRPC, static files): the plugin hooks
 * into each route as it is declared.
 *
 * tRPC's Fastify adapter answers with a fetch `Response`. @fastify/compress (9.2 or later: older
 * versions dropped the Response's status and headers, so every error became a 200) always streams
 * a Response, ignoring the threshold and sending it chunked. A whole JSON answer is taken out of
 * its Response here first, with the status and headers Fastify would have copied from it, so
 * small answers stay uncompressed and big ones get a content-length. Streamed answers (jsonl with
 * transfer-encoding: chunked, server-sent events) are left as Responses.
 */
export async function registerCompression<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>,
): Promise<void> {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!(payload instanceof Response) || !isWholeJson(payload)) return payload;
    reply.code(payload.status);
    for (const [name, value] of payload.headers) reply.header(name, value);
    return payload.text();
  });
  await app.register(fastifyCompress, { threshold: COMPRESSION_THRESHOLD_BYTES, encodings: ['br', 'gzip'] });
}

function isWholeJson(response: Response): boolean {
  const contentType = response.headers.get('content-type') ?? '';
  return (
    response.body !== null && contentType.startsWith('application/json') && !response.headers.has('transfer-encoding')
  );
}
