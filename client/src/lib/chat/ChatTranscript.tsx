import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatMessageDTO } from '../../../../shared/chat';
import { formatTime } from '../format';
import './chat.css';

/**
 * A chat's messages in order, the agent's on the right. Text is rendered as text (React escapes
 * it): a customer's markup is shown, never run. Agent messages carry their delivered/read mark.
 */
export function ChatTranscript({
  messages,
  typing = false,
  testId = 'chat-transcript',
}: {
  messages: readonly ChatMessageDTO[];
  typing?: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [messages.length, typing]);
  return (
    <div className="chat-transcript" data-testid={testId} role="log" aria-live="polite">
      {messages.length === 0 && <p className="empty">{t('chat.noMessages')}</p>}
      {messages.map((message) => (
        <div
          key={message.id}
          className={`chat-line chat-line-${message.sender.kind}`}
          data-testid="chat-message"
          data-seq={message.seq}
          data-sender={message.sender.kind}
        >
          {message.sender.kind !== 'system' && (
            <div className="chat-meta">
              {message.sender.name} · {formatTime(message.at)}
              {message.sender.kind === 'agent' && (
                <span className="chat-mark" data-testid="chat-mark">
                  {' '}
                  {message.readAt ? t('chat.read') : message.deliveredAt ? t('chat.delivered') : t('chat.sent')}
                </span>
              )}
            </div>
          )}
          <p className="chat-text" data-testid="chat-text">
            {message.text}
          </p>
        </div>
      ))}
      {typing && (
        <p className="chat-typing" data-testid="chat-typing">
          {t('chat.customerTyping')}
        </p>
      )}
      <div ref={end} />
    </div>
  );
}
