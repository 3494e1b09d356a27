/** Signing in over HTTP as the console does, and a typed tRPC client that carries the session cookie. */
import { createTRPCClient, httpLink, type TRPCClient } from '@trpc/client';
import { SESSION_COOKIE } from '../../shared/auth';
import type { AppRouter } from '../../server/src/trpc/root';

/** `auth.login` over HTTP; returns the `td_session=<token>` pair for a Cookie header. */
export async function signIn(
  baseUrl: string,
  username: string,
  password: string,
): Promise<{ cookie: string; token: string }> {
  const response = await fetch(`${baseUrl}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`auth.login as ${username} answered ${response.status}: ${await response.text()}`);
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(';')[0] ?? '';
    const [name, token] = pair.split('=');
    if (name === SESSION_COOKIE && token) return { cookie: pair, token };
  }
  throw new Error(`auth.login as ${username} set no ${SESSION_COOKIE} cookie`);
}

export function apiClient(baseUrl: string, cookie: string): TRPCClient<AppRouter> {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseUrl}/trpc`, headers: () => ({ cookie }) })] });
}
