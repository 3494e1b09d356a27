import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { SessionUser } from '../../../shared/auth';
import { useTRPC } from '../lib/trpc';

const SessionContext = createContext<SessionUser | null>(null);

/** The signed-in user; only usable under RequireSession. */
export function useSessionUser(): SessionUser {
  const user = useContext(SessionContext);
  if (!user) throw new Error('useSessionUser outside RequireSession');
  return user;
}

/** Renders its children for a signed-in user; sends anyone else to the login page and back. */
export function RequireSession({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const location = useLocation();
  const me = useQuery({ ...trpc.auth.me.queryOptions(), staleTime: 5 * 60_000 });
  if (me.isPending) {
    return (
      <div className="page-loading" role="status">
        {t('common.loading')}
      </div>
    );
  }
  if (me.isError) {
    return (
      <div className="page-error" role="alert">
        {t('errors.NETWORK')}{' '}
        <button type="button" onClick={() => void me.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <SessionContext.Provider value={me.data}>{children}</SessionContext.Provider>;
}

/** For tests of single screens: provides a user without asking the server. */
export function SessionProvider({ user, children }: { user: SessionUser; children: ReactNode }) {
  return <SessionContext.Provider value={user}>{children}</SessionContext.Provider>;
}
