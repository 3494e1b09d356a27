import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { AppProviders, createQueryClient, type AppServices } from './app/providers';
import { AppRoutes } from './app/routes';
import { createI18n } from './lib/i18n';
import { createSocketIoLiveSocket } from './lib/socket';
import { createApiClient } from './lib/trpc';
import './app/styles.css';

const services: AppServices = {
  apiClient: createApiClient(),
  queryClient: createQueryClient(),
  i18n: createI18n(),
  createLiveSocket: () => createSocketIoLiveSocket(),
};

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
