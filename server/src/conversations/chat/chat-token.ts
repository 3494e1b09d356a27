/**
 * The web chat's conversation token: `v1.<conversation id>.<issued ms>.<HMAC-SHA256>` (base64url),
 * kept in the customer's localStorage. It is the only thing the customer namespace accepts: the
 * agents' session cookie means nothing there.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A token older than this no longer resumes its chat. */
export const CHAT_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;

function signature(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
}

export function signChatToken(secret: string, conversationId: string, issuedAt: Date): string {
  const body = `v1.${conversationId}.${issuedAt.getTime()}`;
  return `${body}.${signature(secret, body)}`;
}

/** The conversation id a genuine, unexpired token names; null for anything else. */
export function verifyChatToken(secret: string, token: unknown, now: Date): string | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const match = /^(v1\.([0-9a-f]{24})\.(\d{1,15}))\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, body = '', conversationId = '', issued = '', given = ''] = match;
  const expected = Buffer.from(signature(secret, body));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const age = now.getTime() - Number(issued);
  if (age < -60_000 || age > CHAT_TOKEN_TTL_MS) return null;
  return conversationId;
}
