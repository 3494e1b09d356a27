import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { SessionUser } from '../../../shared/auth';
import { LiveProvider } from '../app/live';
import { AppProviders, createQueryClient, type AppServices } from '../app/providers';
import { AppRoutes } from '../app/routes';
import { SessionProvider } from '../app/session';
import { useLiveQueueCache } from '../app/live-queue';
import { createI18n, type Language } from '../lib/i18n';
import { createApiClient } from '../lib/trpc';
import { FakeLiveSocket } from './fake-socket';
import { TEST_API_URL } from './msw';

/** Shows where the router is, so tests can see navigation. */
function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

export type TestApp = { services: AppServices; socket: FakeLiveSocket };

/** Language: as remembered in localStorage (zh-CN when nothing is) unless given. */
export function testServices(language?: Language, socket = new FakeLiveSocket()): TestApp {
  return {
    socket,
    services: {
      apiClient: createApiClient({ url: TEST_API_URL, transport: 'single' }),
      queryClient: createQueryClient({ retry: false }),
      i18n: createI18n(language),
      createLiveSocket: () => socket,
    },
  };
}

/** The whole console at a URL (login, guard, layout and all); auth.me must be mocked. */
export function renderApp(url: string, options: { language?: Language; socket?: FakeLiveSocket } = {}) {
  const app = testServices(options.language, options.socket);
  const view = render(
    <AppProviders services={app.services}>
      <MemoryRouter initialEntries={[url]}>
        <AppRoutes />
        <LocationProbe />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...view, ...app };
}

function LiveCache() {
  useLiveQueueCache();
  return null;
}

/** One screen at a route pattern, for a given signed-in user, without the layout. */
export function renderScreen(
  element: ReactElement,
  {
    path,
    url,
    user,
    language,
    socket,
  }: { path: string; url: string; user: SessionUser; language?: Language; socket?: FakeLiveSocket },
) {
  const app = testServices(language, socket);
  const view = render(
    <AppProviders services={app.services}>
      <SessionProvider user={user}>
        <LiveProvider>
          <LiveCache />
          <MemoryRouter initialEntries={[url]}>
            <Routes>
              <Route path={path} element={element} />
              <Route path="*" element={null} />
            </Routes>
            <LocationProbe />
          </MemoryRouter>
        </LiveProvider>
      </SessionProvider>
    </AppProviders>,
  );
  return { ...view, ...app };
}
