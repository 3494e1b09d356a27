import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ChatTranscript } from '../../lib/chat/ChatTranscript';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';

/** The web chats this case was opened from or linked to, each with its transcript. Nothing when there are none. */
export function CaseChats({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const chats = useQuery(trpc.chat.forCase.queryOptions({ caseId }));
  if (!chats.data || chats.data.length === 0) return null;
  return (
    <section aria-labelledby="case-chats-title" data-testid="case-chats">
      <h2 id="case-chats-title">{t('chat.transcripts')}</h2>
      {chats.data.map(({ chat, messages }) => (
        <details key={chat.id} open data-testid="case-chat" data-conversation={chat.id}>
          <summary>
            {t('chat.transcriptOf', { name: chat.customerName, time: formatDateTime(chat.queuedAt) })}
            {chat.csat ? ` · ${t('chat.rated', { score: chat.csat.score })}` : ''}
          </summary>
          <ChatTranscript messages={messages} testId="case-chat-transcript" />
        </details>
      ))}
    </section>
  );
}
