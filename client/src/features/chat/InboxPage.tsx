import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { caseKinds, type CaseKind } from '../../../../shared/case-vocabulary';
import type { ChatMessageDTO, ChatSummaryDTO } from '../../../../shared/chat';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useSessionUser } from '../../app/session';
import { ChatTranscript } from '../../lib/chat/ChatTranscript';
import { formatDateTime, formatTime } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { MacroTextarea } from '../../lib/macros/MacroTextarea';
import { useTRPC } from '../../lib/trpc';
import { mergeMessages, useChatSocket, type ChatLive } from './use-chat-socket';
import './inbox.css';

const unreadOf = (messages: readonly ChatMessageDTO[] | undefined) =>
  (messages ?? []).filter((m) => m.sender.kind === 'customer' && m.readAt === null).length;

/**
 * The agent's chats: waiting chats of their queues (any agent may take one until routing offers
 * them), their open chats in tabs with unread counts, and the open chat's transcript, reply box
 * with standard phrases and customer panel. The open tab is in the URL (?chat=<id>).
 */
export function InboxPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const user = useSessionUser();
  const live = useChatSocket(user);
  const [params, setParams] = useSearchParams();
  const waiting = useQuery(trpc.chat.waiting.queryOptions());
  const mine = useQuery(trpc.chat.mine.queryOptions());
  const chats = mine.data ?? [];
  const transcripts = useQueries({
    queries: chats.map((chat) => trpc.chat.messages.queryOptions({ conversationId: chat.id, afterSeq: 0 })),
  });
  const openId = params.get('chat') ?? chats[0]?.id ?? null;
  const open = chats.find((c) => c.id === openId) ?? null;
  const take = useMutation(
    trpc.chat.take.mutationOptions({
      onSuccess: (chat) => {
        void mine.refetch();
        void waiting.refetch();
        setParams({ chat: chat.id });
      },
    }),
  );

  return (
    <section className="page inbox" data-testid="inbox">
      <aside className="inbox-waiting" aria-labelledby="waiting-title">
        <h2 id="waiting-title">
          {t('chat.waiting')} <span className="count">{waiting.data?.length ?? 0}</span>
        </h2>
        {take.error && <ApiErrorMessage error={take.error} />}
        {waiting.data?.length === 0 && <p className="empty">{t('chat.noneWaiting')}</p>}
        <ul className="inbox-list">
          {waiting.data?.map((chat) => (
            <li key={chat.id} data-testid="waiting-chat" data-conversation={chat.id}>
              <div>
                <strong>{chat.customerName}</strong>
                {chat.customer && <span className="tag">{t('chat.matched')}</span>}
                {chat.callbackPhone && (
                  <span className="tag warn" data-testid="waiting-callback">
                    {t('chat.callbackLeft', { phone: chat.callbackPhone })}
                  </span>
                )}
              </div>
              <div className="timeline-meta">
                {t('chat.waitingSince', { time: formatTime(chat.queuedAt) })}
                {chat.bookingRef ? ` · ${chat.bookingRef}` : ''}
              </div>
              <button
                type="button"
                className="primary"
                data-testid="take-chat"
                disabled={take.isPending}
                onClick={() => take.mutate({ conversationId: chat.id })}
              >
                {t('chat.take')}
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div className="inbox-main">
        <div className="chat-tabs" role="tablist" aria-label={t('chat.myChats')}>
          {chats.length === 0 && <p className="empty">{t('chat.noOpenChats')}</p>}
          {chats.map((chat, index) => {
            const unread = unreadOf(transcripts[index]?.data);
            return (
              <button
                key={chat.id}
                type="button"
                role="tab"
                aria-selected={chat.id === open?.id}
                className="chat-tab"
                data-testid="chat-tab"
                data-conversation={chat.id}
                onClick={() => setParams({ chat: chat.id })}
              >
                {chat.customerName}
                {live.typing.has(chat.id) && <span className="typing-dot" aria-hidden="true" />}
                {unread > 0 && chat.id !== open?.id && (
                  <span className="unread" data-testid="chat-unread" aria-label={t('chat.unread', { count: unread })}>
                    {unread}
                  </span>
                )}
              </button>
            );
          })}
        </div>
        {open && (
          <ChatPane
            key={open.id}
            chat={open}
            messages={transcripts[chats.indexOf(open)]?.data ?? []}
            live={live}
            onClosed={() => {
              void mine.refetch();
              setParams({});
            }}
          />
        )}
      </div>
    </section>
  );
}

function ChatPane({
  chat,
  messages,
  live,
  onClosed,
}: {
  chat: ChatSummaryDTO;
  messages: readonly ChatMessageDTO[];
  live: ChatLive;
  onClosed: () => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const typingSince = useRef(0);
  const messagesKey = trpc.chat.messages.queryKey({ conversationId: chat.id, afterSeq: 0 });
  const send = useMutation(
    trpc.chat.send.mutationOptions({
      onSuccess: (message) => {
        queryClient.setQueryData(messagesKey, (old: ChatMessageDTO[] | undefined) =>
          mergeMessages(old ?? [], [message]),
        );
      },
    }),
  );
  const markRead = useMutation(trpc.chat.markRead.mutationOptions());
  const close = useMutation(trpc.chat.close.mutationOptions({ onSuccess: onClosed }));
  const openCase = useMutation(
    trpc.chat.openCase.mutationOptions({
      onSuccess: ({ caseId }) => {
        void queryClient.invalidateQueries({ queryKey: trpc.chat.mine.queryKey() });
        void navigate(`/cases/${caseId}`);
      },
    }),
  );
  const [kind, setKind] = useState<CaseKind>(chat.bookingId ? 'refund' : 'complaint');
  // One client id per message until it is accepted: a retry after a lost answer is not a second message.
  const pendingId = useRef<string | null>(null);

  // What is on screen is read: mark the customer's messages up to the newest.
  const lastCustomerUnread = messages.filter((m) => m.sender.kind === 'customer' && m.readAt === null).at(-1)?.seq;
  const { mutate: markReadMutate } = markRead;
  useEffect(() => {
    if (lastCustomerUnread === undefined || document.visibilityState === 'hidden') return;
    markReadMutate(
      { conversationId: chat.id, upToSeq: lastCustomerUnread },
      {
        onSuccess: () =>
          queryClient.setQueryData(messagesKey, (old: ChatMessageDTO[] | undefined) =>
            old?.map((m) =>
              m.sender.kind === 'customer' && m.seq <= lastCustomerUnread && !m.readAt
                ? { ...m, readAt: new Date().toISOString() }
                : m,
            ),
          ),
      },
    );
    // messagesKey is derived from chat.id.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [chat.id, lastCustomerUnread, markReadMutate, queryClient]);

  function submit() {
    const body = text.trim();
    if (!body || send.isPending) return;
    pendingId.current ??= newIdempotencyKey();
    send.mutate(
      { conversationId: chat.id, clientId: pendingId.current, text: body },
      {
        onSuccess: () => {
          pendingId.current = null;
          setText('');
          live.sendTyping(chat.id, false);
        },
      },
    );
  }

  return (
    <div className="chat-pane" data-testid="chat-pane" data-conversation={chat.id}>
      <div className="chat-column">
        <ChatTranscript messages={messages} typing={live.typing.has(chat.id)} />
        <form
          className="chat-reply"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <MacroTextarea
            rows={3}
            value={text}
            maxLength={2000}
            placeholder={t('chat.replyPlaceholder')}
            aria-label={t('chat.replyPlaceholder')}
            testId="chat-reply"
            language={chat.locale}
            values={{ 'customer.name': chat.customerName, 'booking.ref': chat.bookingRef }}
            onChange={(next) => {
              setText(next);
              pendingId.current = null;
              const nowMs = Date.now();
              if (nowMs - typingSince.current > 2000) {
                typingSince.current = nowMs;
                live.sendTyping(chat.id, next.length > 0);
              }
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
          />
          {send.error && <ApiErrorMessage error={send.error} />}
          <div className="form-actions">
            <button type="submit" className="primary" data-testid="chat-send" disabled={send.isPending || !text.trim()}>
              {t('chat.send')}
            </button>
          </div>
        </form>
      </div>
      <aside className="chat-customer" data-testid="chat-customer" aria-label={t('chat.customerPanel')}>
        <h3>{chat.customerName}</h3>
        <dl className="facts">
          <dt>{t('chat.customer')}</dt>
          <dd data-testid="chat-matched">
            {chat.customer ? (
              <Link to={`/customers/${chat.customer.id}`}>
                {chat.customer.name} · {t(`vip.${chat.customer.vipTier}`)}
              </Link>
            ) : (
              t('chat.unmatched')
            )}
          </dd>
          <dt>{t('chat.phone')}</dt>
          <dd>{chat.phone ?? '—'}</dd>
          <dt>{t('chat.booking')}</dt>
          <dd>{chat.bookingRef ?? '—'}</dd>
          <dt>{t('chat.started')}</dt>
          <dd>{formatDateTime(chat.queuedAt)}</dd>
          <dt>{t('chat.language')}</dt>
          <dd>{chat.locale}</dd>
        </dl>
        <h4>{t('chat.cases')}</h4>
        {chat.caseIds.length === 0 ? (
          <div className="inline-form">
            <select
              value={kind}
              aria-label={t('chat.caseKind')}
              data-testid="chat-case-kind"
              onChange={(event) => setKind(event.target.value as CaseKind)}
            >
              {caseKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`kind.${k}`)}
                </option>
              ))}
            </select>
            <button
              type="button"
              data-testid="chat-create-case"
              disabled={openCase.isPending}
              onClick={() => openCase.mutate({ conversationId: chat.id, kind, idempotencyKey: newIdempotencyKey() })}
            >
              {t('chat.createCase')}
            </button>
          </div>
        ) : (
          <ul>
            {chat.caseIds.map((id) => (
              <li key={id}>
                <Link to={`/cases/${id}`} data-testid="chat-case-link">
                  {t('chat.openCase')}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {openCase.error && <ApiErrorMessage error={openCase.error} />}
        <div className="form-actions">
          <button
            type="button"
            className="danger"
            data-testid="chat-close"
            disabled={close.isPending}
            onClick={() => close.mutate({ conversationId: chat.id })}
          >
            {t('chat.close')}
          </button>
        </div>
        {close.error && <ApiErrorMessage error={close.error} />}
      </aside>
    </div>
  );
}
