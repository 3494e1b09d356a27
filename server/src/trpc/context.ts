import type { SessionUser } from '../../../shared/auth';
import type { AppDeps } from '../deps';

/** How a procedure sets or clears the session cookie without knowing the HTTP framework. */
export type SessionCookieJar = {
  set(token: string, expires: Date): void;
  clear(): void;
};

export type Context = {
  deps: AppDeps;
  user: SessionUser | null;
  sessionId: string | null;
  cookies: SessionCookieJar;
  /** Client address, for audit entries and login throttling. */
  ip: string;
};
