import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders, createQueryClient, type AppServices } from './app/providers';
import { AppRoutes } from './app/routes';
import { createI18n } from './lib/i18n';
import { createSocketIoLiveSocket } from './lib/socket';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { createApiClient, type AppRouter } from './lib/trpc';
import { QUEUE_LANDING_WINDOW } from './app/live-queue';
import './app/styles.css';

const services: AppServices = {
  apiClient: createApiClient(),
  queryClient: createQueryClient(),
  i18n: createI18n(),
  createLiveSocket: () => createSocketIoLiveSocket(),
};

// The queue page opened without filters (where agents land) asks for its first window together
// with the session check instead of after it: one round trip less before the first rows. Signed
// out, the answer is an error nobody reads (quiet: it does not count as a lost session).
if (
  window.location.pathname === '/queue' &&
  !/[?&](tab|kind|state|channel|queue|assignee|q)=/.test(window.location.search)
) {
  const trpc = createTRPCOptionsProxy<AppRouter>({ client: services.apiClient, queryClient: services.queryClient });
  void services.queryClient.prefetchQuery({
    ...trpc.queue.window.queryOptions(QUEUE_LANDING_WINDOW),
    retry: false,
    meta: { quiet: true },
  });
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppProviders services={services}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  </StrictMode>,
);
