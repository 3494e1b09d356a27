import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { useSessionUser } from './session';
import { useLiveQueueCache } from './live-queue';
import { useTRPC } from '../lib/trpc';
import { LanguageSwitch } from './LanguageSwitch';
import { useLiveStatus } from './live';
import { navItemsFor } from './navigation';
import { useHotkeys } from './hotkeys';
import { preloadScreens, ShortcutsDialog } from './screens';
import { IncomingCalls } from '../features/conversations/IncomingCalls';
import { SimulateCallButton } from '../features/conversations/SimulateCallButton';
import { caseWorkerRoles } from '../../../shared/role-vocabulary';
import { WorkNotices } from './WorkNotices';
import { NextCaseButton, PresenceControl } from '../features/presence/PresenceControl';

/** After the first screen is up, fetch the others while the agent reads it. */
const PRELOAD_DELAY_MS = 1500;

export function Layout() {
  const { t } = useTranslation();
  const user = useSessionUser();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const searchRef = useRef<HTMLInputElement>(null);
  const [search, setSearch] = useState('');
  const [helpOpen, setHelpOpen] = useState(false);
  // The dialog's code is loaded the first time it is asked for, then it stays mounted.
  const [helpLoaded, setHelpLoaded] = useState(false);
  useLiveQueueCache();
  useEffect(() => {
    const timer = setTimeout(preloadScreens, PRELOAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, []);

  function openHelp() {
    setHelpLoaded(true);
    setHelpOpen(true);
  }

  useHotkeys({
    '/': () => searchRef.current?.focus(),
    '?': openHelp,
  });

  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        queryClient.setQueryData(trpc.auth.me.queryKey(), null);
        void navigate('/login', { replace: true });
      },
    }),
  );

  return (
    <div className="shell">
      {/* First in the tab order: keyboard users go straight past the header to the screen. */}
      <a className="skip-link" href="#main" data-testid="skip-link">
        {t('shortcuts.skip')}
      </a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label={t('nav.main')} className="main-nav">
          {navItemsFor(user.role).map((item) => (
            <NavLink key={item.to} to={item.to} data-testid={item.testId}>
              {t(item.label)}
            </NavLink>
          ))}
        </nav>
        <form
          role="search"
          className="global-search"
          onSubmit={(event) => {
            event.preventDefault();
            const query = search.trim();
            if (query) void navigate(`/customers?q=${encodeURIComponent(query)}`);
            searchRef.current?.blur();
          }}
        >
          <input
            ref={searchRef}
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') event.currentTarget.blur();
            }}
            placeholder={t('search.placeholder')}
            aria-label={t('search.label')}
            data-testid="global-search"
          />
        </form>
        <div className="topbar-end">
          {user.role !== 'admin' && caseWorkerRoles.includes(user.role) && <NextCaseButton />}
          {caseWorkerRoles.includes(user.role) && <PresenceControl />}
          <button
            type="button"
            className="link-button"
            onClick={openHelp}
            aria-label={t('shortcuts.title')}
            title={t('shortcuts.title')}
          >
            ?
          </button>
          {(user.role === 'supervisor' || user.role === 'admin') && <SimulateCallButton />}
          <LanguageSwitch />
          <span className="who" data-testid="current-user">
            {user.name} · {t(`roles.${user.role}`)}
          </span>
          <button type="button" onClick={() => logout.mutate()} data-testid="logout">
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <LiveBanner />
      {caseWorkerRoles.includes(user.role) && <IncomingCalls />}
      <WorkNotices />
      <main className="content" id="main" tabIndex={-1}>
        <Suspense fallback={<ScreenLoading />}>
          <Outlet />
        </Suspense>
      </main>
      {helpLoaded && (
        <Suspense fallback={null}>
          <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}

/** While a screen's code loads: a quiet line that appears only if the wait is noticeable (CSS delay). */
function ScreenLoading() {
  const { t } = useTranslation();
  return (
    <p className="screen-loading" role="status" data-testid="screen-loading">
      {t('common.loading')}
    </p>
  );
}

/** Tells the agent the queue is no longer live; it goes away (and data resyncs) on reconnect. */
export function LiveBanner() {
  const { t } = useTranslation();
  const status = useLiveStatus();
  if (status !== 'offline') return null;
  return (
    <div className="live-banner" role="alert" data-testid="live-banner">
      {t('live.disconnected')}
    </div>
  );
}
