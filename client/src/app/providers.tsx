import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { readApiError } from '../lib/api-errors';
import type { LiveSocket } from '../lib/socket';
import { SESSION_QUERY_KEY, TRPCProvider, type ApiClient } from '../lib/trpc';
import { LiveSocketFactoryContext } from './live';

/** Everything the console talks to, made once in main.tsx and replaced by fakes in tests. */
export type AppServices = {
  apiClient: ApiClient;
  queryClient: QueryClient;
  i18n: I18n;
  createLiveSocket: () => LiveSocket;
};

/** Client errors will not get better by asking again; network and server trouble might. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const { code } = readApiError(error);
  const transient =
    code === 'NETWORK' || code === 'TIMEOUT' || code === 'SERVICE_UNAVAILABLE' || code === 'INTERNAL_SERVER_ERROR';
  return transient && failureCount < 2;
}

export function createQueryClient(options: { retry?: boolean } = {}): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => (query.meta?.quiet ? undefined : onSessionLost(error)) }),
    mutationCache: new MutationCache({ onError: (error) => onSessionLost(error) }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: options.retry === false ? false : shouldRetry,
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
  // A session that expired mid-work: asking auth.me again sends the guard to the login page.
  function onSessionLost(error: unknown) {
    if (readApiError(error).code === 'UNAUTHORIZED') {
      void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    }
  }
  return queryClient;
}

export function AppProviders({ services, children }: { services: AppServices; children: ReactNode }) {
  return (
    <I18nextProvider i18n={services.i18n}>
      <QueryClientProvider client={services.queryClient}>
        <TRPCProvider trpcClient={services.apiClient} queryClient={services.queryClient}>
          <LiveSocketFactoryContext.Provider value={services.createLiveSocket}>
            {children}
          </LiveSocketFactoryContext.Provider>
        </TRPCProvider>
      </QueryClientProvider>
    </I18nextProvider>
  );
}
