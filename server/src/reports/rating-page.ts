/**
 * The customer's rating page for a closed case: `GET /api/ratings/:token` shows a small form (in
 * Chinese and English, no script), `POST` stores the rating once. The token is the signed link
 * the customer was sent (./case-ratings.ts); no session is needed or used.
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { z } from 'zod';
import { DomainError } from '../../../shared/errors';
import type { AppDeps } from '../deps';
import { rateCase, ratingPageCase } from './case-ratings';

const ratingFormSchema = z.object({
  score: z.coerce.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).optional(),
});

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>服务评价 · Rate our service</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2933}fieldset{border:0;padding:0;display:flex;gap:.75rem}label{display:block;margin:.75rem 0}textarea{width:100%;min-height:5rem}button{padding:.5rem 1.25rem}</style></head><body>${body}</body></html>`;
}

function form(ref: string, token: string): string {
  const stars = [1, 2, 3, 4, 5]
    .map((n) => `<label><input type="radio" name="score" value="${n}" required> ${n}</label>`)
    .join('');
  return page(`<h1>请为本次服务评分 · Please rate our service</h1>
<p>工单 Case ${escape(ref)}</p>
<form method="post" action="/api/ratings/${escape(token)}">
<p>1 = 很不满意 very dissatisfied … 5 = 非常满意 very satisfied</p>
<fieldset>${stars}</fieldset>
<label>意见（可选）· Comment (optional)<br><textarea name="comment" maxlength="1000"></textarea></label>
<button type="submit">提交 · Send</button>
</form>`);
}

function refusal(reply: FastifyReply, error: unknown) {
  if (!(error instanceof DomainError)) throw error;
  const status = error.code === 'CONFLICT' ? 409 : error.code === 'NOT_FOUND' ? 404 : 400;
  const zh =
    error.code === 'CONFLICT'
      ? '您已评价过，谢谢！'
      : error.code === 'NOT_FOUND'
        ? '找不到该工单。'
        : '评价链接无效或已过期。';
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .send(page(`<h1>${zh}</h1><p>${escape(error.message)}</p>`));
}

export async function registerRatingPage<Logger extends FastifyBaseLogger>(
  app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, Logger>,
  deps: AppDeps,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.get<{ Params: { token: string } }>('/api/ratings/:token', async (request, reply) => {
      try {
        const found = await ratingPageCase(request.params.token, deps.now());
        if (found.rated) throw new DomainError('CONFLICT', 'This case has been rated already.');
        return reply.type('text/html; charset=utf-8').send(form(found.ref, request.params.token));
      } catch (error) {
        return refusal(reply, error);
      }
    });
    scope.post<{ Params: { token: string } }>('/api/ratings/:token', async (request, reply) => {
      const parsed = ratingFormSchema.safeParse(request.body ?? {});
      if (!parsed.success) return refusal(reply, new DomainError('INVALID_INPUT', 'Choose a score from 1 to 5.'));
      try {
        await rateCase(
          request.params.token,
          { score: parsed.data.score, comment: parsed.data.comment || null },
          deps.now(),
        );
      } catch (error) {
        return refusal(reply, error);
      }
      return reply.type('text/html; charset=utf-8').send(page('<h1>感谢您的评价！· Thank you for your rating!</h1>'));
    });
  });
}
