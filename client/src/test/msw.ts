import { setupServer } from 'msw/node';
import { createTRPCMsw, httpLink } from 'msw-trpc';
import type { AppRouter } from '../lib/trpc';

/** Where the console's tRPC client points in tests (jsdom's origin + /trpc), unbatched for msw-trpc. */
export const TEST_API_URL = 'http://localhost:3000/trpc';

export const trpcMsw = createTRPCMsw<AppRouter>({ links: [httpLink({ url: TEST_API_URL })] });

/** Answers every screen asks for in passing (the layout's call cards, contact lists): none by default. */
const defaultHandlers = [
  trpcMsw.conversations.mine.query(() => []),
  trpcMsw.conversations.byCustomer.query(() => []),
  trpcMsw.conversations.byCase.query(() => []),
];

export const server = setupServer(...defaultHandlers);
