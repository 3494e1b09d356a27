import { createTRPCClient, httpBatchLink, httpLink, type TRPCClient } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../server/src/trpc/root';

export type { AppRouter };
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type ApiClient = TRPCClient<AppRouter>;

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export const TRPC_PATH = '/trpc';

export type ApiClientOptions = {
  /** Where the tRPC endpoint lives; same origin by default so the session cookie goes along. */
  url?: string;
  /**
   * 'batch' in the app; 'single' (one request per call) where msw-trpc intercepts requests,
   * since it does not understand batched calls.
   */
  transport?: 'batch' | 'single';
};

export function createApiClient({ url = TRPC_PATH, transport = 'batch' }: ApiClientOptions = {}): ApiClient {
  const link = transport === 'batch' ? httpBatchLink({ url, maxURLLength: 4000 }) : httpLink({ url });
  return createTRPCClient<AppRouter>({ links: [link] });
}

/** tRPC query keys start with the procedure path: this matches auth.me, whatever its input. */
export const SESSION_QUERY_KEY = [['auth', 'me']];
