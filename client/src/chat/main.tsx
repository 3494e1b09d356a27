import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { ChatApp } from './ChatApp';
import { createChatI18n } from './chat-i18n';
import './chat-page.css';

const root = document.getElementById('chat-root');
if (!root) throw new Error('chat.html has no #chat-root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={createChatI18n()}>
      <ChatApp />
    </I18nextProvider>
  </StrictMode>,
);
