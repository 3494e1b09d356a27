import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CHAT_MAX_CHARS, type ChatCustomerState, type ChatLocale, type ChatMessageDTO } from '../../../shared/chat';
import {
  forgetConversation,
  startConversation,
  storedToken,
  useCustomerChat,
  type ChatProblem,
  type Pending,
} from './customer-chat';

/** The public chat page at /chat: a start form, then the conversation (resumed from localStorage on reload). */
export function ChatApp() {
  const { t, i18n } = useTranslation();
  const [token, setToken] = useState<string | null>(() => storedToken());
  const [notice, setNotice] = useState<string | null>(null);
  const locale: ChatLocale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <div className="chat-page">
      <header className="chat-header">
        <div>
          <h1>{t('title')}</h1>
          <p>{t('subtitle')}</p>
        </div>
        <button
          type="button"
          className="chat-lang"
          data-testid="chat-language"
          onClick={() => void i18n.changeLanguage(locale === 'en' ? 'zh-CN' : 'en')}
        >
          {t('language')}
        </button>
      </header>
      {token ? (
        <Conversation
          token={token}
          onRefused={() => {
            forgetConversation();
            setToken(null);
            setNotice(t('start.resumeFailed'));
          }}
          onNewChat={() => {
            forgetConversation();
            setToken(null);
          }}
        />
      ) : (
        <StartForm locale={locale} notice={notice} onStarted={setToken} />
      )}
    </div>
  );
}

function problemText(t: (key: string, options?: Record<string, unknown>) => string, problem: ChatProblem): string {
  return t(`errors.${problem.code}`, { message: problem.message, max: CHAT_MAX_CHARS });
}

function StartForm({
  locale,
  notice,
  onStarted,
}: {
  locale: ChatLocale;
  notice: string | null;
  onStarted: (token: string) => void;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [bookingRef, setBookingRef] = useState('');
  const [problem, setProblem] = useState<ChatProblem | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="chat-start"
      data-testid="chat-start"
      onSubmit={(event) => {
        event.preventDefault();
        if (!name.trim() || busy) return;
        setBusy(true);
        void startConversation({
          name: name.trim(),
          phone: phone.trim() || undefined,
          bookingRef: bookingRef.trim() || undefined,
          locale,
        }).then((result) => {
          setBusy(false);
          if (result.ok) onStarted(result.answer.token);
          else setProblem(result.problem);
        });
      }}
    >
      {notice && <p className="chat-notice">{notice}</p>}
      <p>{t('start.intro')}</p>
      <label>
        {t('start.name')}
        <input
          value={name}
          maxLength={60}
          required
          autoComplete="name"
          data-testid="chat-name"
          onChange={(e) => setName(e.target.value)}
        />
      </label>
      <label>
        {t('start.phone')}
        <input
          value={phone}
          maxLength={30}
          inputMode="tel"
          autoComplete="tel"
          data-testid="chat-phone"
          onChange={(e) => setPhone(e.target.value)}
        />
      </label>
      <label>
        {t('start.bookingRef')}
        <input
          value={bookingRef}
          maxLength={20}
          data-testid="chat-booking"
          onChange={(e) => setBookingRef(e.target.value)}
        />
      </label>
      {problem && (
        <p className="chat-error" role="alert" data-testid="chat-error">
          {problemText(t, problem)}
        </p>
      )}
      <button type="submit" className="chat-primary" data-testid="chat-start-submit" disabled={busy || !name.trim()}>
        {t('start.submit')}
      </button>
    </form>
  );
}

function statusLine(t: (key: string, options?: Record<string, unknown>) => string, state: ChatCustomerState | null) {
  if (!state) return '';
  if (state.status === 'queued' || state.status === 'offered') {
    return state.place && state.place > 1 ? t('status.queued', { ahead: state.place - 1 }) : t('status.queuedFirst');
  }
  if (state.status === 'active' || state.status === 'wrap_up')
    return t('status.active', { agent: state.agentName ?? '' });
  return t(`status.${state.status === 'abandoned' ? 'abandoned' : 'ended'}`);
}

function Conversation({
  token,
  onRefused,
  onNewChat,
}: {
  token: string;
  onRefused: () => void;
  onNewChat: () => void;
}) {
  const { t } = useTranslation();
  const chat = useCustomerChat(token, onRefused);
  const [text, setText] = useState('');
  const typingAt = useRef(0);
  const stopTyping = useRef<ReturnType<typeof setTimeout> | null>(null);
  const end = useRef<HTMLDivElement>(null);
  const state = chat.state;
  const live = !state || ['queued', 'offered', 'active', 'wrap_up'].includes(state.status);
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'end' });
  }, [chat.messages.length, chat.pending.length, chat.agentTyping]);

  function submit() {
    const body = text.trim();
    if (!body) return;
    if (body.length > CHAT_MAX_CHARS) return;
    chat.send(body);
    setText('');
    chat.typing(false);
  }

  return (
    <main className="chat-main">
      <div className="chat-status" data-testid="chat-status" data-status={state?.status ?? 'connecting'}>
        {chat.connected ? statusLine(t, state) : t('status.offline')}
        {live && state && (
          <button type="button" className="chat-link" data-testid="chat-end" onClick={() => void chat.end()}>
            {t('composer.end')}
          </button>
        )}
      </div>
      {state?.status === 'queued' && state.noAgent && <LeaveMessage state={state} onLeave={chat.leaveMessage} />}
      <div className="chat-log" role="log" aria-live="polite" data-testid="chat-log">
        {chat.messages.map((message) => (
          <Line key={message.id} message={message} />
        ))}
        {chat.pending
          .filter((p) => !chat.messages.some((m) => m.clientId === p.clientId))
          .map((item) => (
            <PendingLine key={item.clientId} item={item} />
          ))}
        {chat.agentTyping !== null && (
          <p className="chat-typing" data-testid="chat-agent-typing">
            {t('agentTyping', { name: chat.agentTyping })}
          </p>
        )}
        <div ref={end} />
      </div>
      {chat.problem && (
        <p className="chat-error" role="alert" data-testid="chat-error">
          {problemText(t, chat.problem)}
        </p>
      )}
      {live ? (
        <form
          className="chat-composer"
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <textarea
            rows={2}
            value={text}
            placeholder={t('composer.placeholder')}
            aria-label={t('composer.placeholder')}
            data-testid="chat-input"
            onChange={(event) => {
              setText(event.target.value);
              const now = Date.now();
              if (now - typingAt.current > 2000) {
                typingAt.current = now;
                chat.typing(true);
              }
              if (stopTyping.current) clearTimeout(stopTyping.current);
              stopTyping.current = setTimeout(() => {
                typingAt.current = 0;
                chat.typing(false);
              }, 3000);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                event.preventDefault();
                submit();
              }
            }}
          />
          <div className="chat-composer-row">
            <span className={text.length > CHAT_MAX_CHARS ? 'chat-count over' : 'chat-count'}>
              {text.length > CHAT_MAX_CHARS - 200 &&
                (text.length > CHAT_MAX_CHARS
                  ? t('errors.tooLong', { max: CHAT_MAX_CHARS })
                  : t('composer.left', { count: CHAT_MAX_CHARS - text.length }))}
            </span>
            <button
              type="submit"
              className="chat-primary"
              data-testid="chat-send"
              disabled={!text.trim() || text.length > CHAT_MAX_CHARS}
            >
              {t('composer.send')}
            </button>
          </div>
        </form>
      ) : (
        <Rating rated={state?.rated ?? false} onRate={chat.rate} onNewChat={onNewChat} />
      )}
    </main>
  );
}

function Line({ message }: { message: ChatMessageDTO }) {
  const { t } = useTranslation();
  const mine = message.sender.kind === 'customer';
  const time = new Intl.DateTimeFormat('zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Shanghai',
  }).format(new Date(message.at));
  return (
    <div
      className={`chat-bubble chat-bubble-${message.sender.kind}`}
      data-testid="chat-line"
      data-seq={message.seq}
      data-client-id={message.clientId}
      data-sender={message.sender.kind}
    >
      {message.sender.kind === 'agent' && <div className="chat-who">{message.sender.name}</div>}
      <p className="chat-text" data-testid="chat-line-text">
        {message.text}
      </p>
      {message.sender.kind !== 'system' && (
        <div className="chat-when">
          {time}
          {mine && (
            <span className="chat-mark" data-testid="chat-mark">
              {' · '}
              {message.readAt ? t('mark.read') : message.deliveredAt ? t('mark.delivered') : t('mark.sent')}
            </span>
          )}
        </div>
      )}
    </div>
  );
}

function PendingLine({ item }: { item: Pending }) {
  const { t } = useTranslation();
  return (
    <div className="chat-bubble chat-bubble-customer pending" data-testid="chat-pending" data-client-id={item.clientId}>
      <p className="chat-text">{item.text}</p>
      <div className="chat-when">{t('mark.sending')}</div>
    </div>
  );
}

function LeaveMessage({
  state,
  onLeave,
}: {
  state: ChatCustomerState;
  onLeave: (input: { phone: string; text?: string }) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  if (state.callbackPhone) {
    return (
      <p className="chat-notice" data-testid="chat-callback-done">
        {t('noAgent.done', { phone: state.callbackPhone })}
      </p>
    );
  }
  return (
    <form
      className="chat-leave"
      data-testid="chat-no-agent"
      onSubmit={(event) => {
        event.preventDefault();
        if (!phone.trim() || busy) return;
        setBusy(true);
        void onLeave({ phone: phone.trim(), text: text.trim() || undefined }).finally(() => setBusy(false));
      }}
    >
      <strong>{t('noAgent.title')}</strong>
      <p>{t('noAgent.body')}</p>
      <label>
        {t('noAgent.phone')}
        <input
          value={phone}
          inputMode="tel"
          maxLength={30}
          required
          data-testid="chat-callback-phone"
          onChange={(e) => setPhone(e.target.value)}
        />
      </label>
      <label>
        {t('noAgent.message')}
        <textarea
          rows={2}
          value={text}
          maxLength={CHAT_MAX_CHARS}
          data-testid="chat-callback-message"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <button
        type="submit"
        className="chat-primary"
        data-testid="chat-callback-submit"
        disabled={busy || !phone.trim()}
      >
        {t('noAgent.submit')}
      </button>
    </form>
  );
}

function Rating({
  rated,
  onRate,
  onNewChat,
}: {
  rated: boolean;
  onRate: (input: { score: number; comment?: string }) => Promise<void>;
  onNewChat: () => void;
}) {
  const { t } = useTranslation();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  return (
    <div className="chat-rating" data-testid="chat-rating">
      {rated ? (
        <p data-testid="chat-rated">{t('rate.thanks')}</p>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (score !== null) void onRate({ score, comment: comment.trim() || undefined });
          }}
        >
          <strong>{t('rate.title')}</strong>
          <div className="chat-stars" role="radiogroup" aria-label={t('rate.title')}>
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                role="radio"
                aria-checked={score === n}
                aria-label={t('rate.score', { score: n })}
                data-testid={`chat-star-${n}`}
                className={score !== null && n <= score ? 'on' : ''}
                onClick={() => setScore(n)}
              >
                ★
              </button>
            ))}
          </div>
          <textarea
            rows={2}
            value={comment}
            maxLength={500}
            placeholder={t('rate.comment')}
            aria-label={t('rate.comment')}
            data-testid="chat-rate-comment"
            onChange={(e) => setComment(e.target.value)}
          />
          <button type="submit" className="chat-primary" data-testid="chat-rate-submit" disabled={score === null}>
            {t('rate.submit')}
          </button>
        </form>
      )}
      <button type="button" className="chat-link" data-testid="chat-new" onClick={onNewChat}>
        {t('rate.newChat')}
      </button>
    </div>
  );
}
