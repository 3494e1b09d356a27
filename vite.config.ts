import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';

// One config for the console build and every test project.
// Projects: unit (pure code and server units), client (components in jsdom with msw),
// integration (server against MongoDB over a socket), browser (playwright-core on Chromium).
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // Two entries: the console (index.html) and the public chat page (chat.html, served at /chat),
    // which loads none of the console's code.
    rollupOptions: {
      input: {
        console: fileURLToPath(new URL('client/index.html', import.meta.url)),
        chat: fileURLToPath(new URL('client/chat.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/trpc': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/healthz': 'http://localhost:3000',
      '/api': 'http://localhost:3000',
    },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          environment: 'node',
          include: ['workflows/**/*.test.ts', 'shared/**/*.test.ts', 'server/**/*.test.ts', 'seed/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          root: '.',
          environment: 'jsdom',
          include: ['client/**/*.test.{ts,tsx}'],
          setupFiles: ['client/src/test/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          root: '.',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/mongo-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          root: '.',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/mongo-global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
