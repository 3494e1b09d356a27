/**
 * The incoming-call card (screen pop), mounted in the layout: the agent's live calls and callbacks,
 * kept current from the pushes to their own room. Ringing: who is calling (name, masked number,
 * VIP tier, open cases, next departures) with one click to the customer 360 or the open case, or
 * a new customer for an unknown caller. Talking: duration, hold, hang-up, a case opened from the
 * call. Wrap-up: the countdown and the disposition.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ConversationView } from '../../../../shared/conversations';
import { dispositions } from '../../../../shared/conversation-vocabulary';
import { rooms } from '../../../../shared/realtime';
import { useLiveHub, useLiveRooms } from '../../app/live';
import { useSessionUser } from '../../app/session';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useTRPC } from '../../lib/trpc';
import { newIdempotencyKey } from '../../lib/idempotency';
import { formatCountdown, formatDateTime } from '../../lib/format';
import { useNow } from '../../lib/now';

const voiceChannels = new Set(['call', 'callback']);

/** The new-customer form (zod, react-hook-form) loads only when an unknown caller is turned into a customer. */
const NewCustomerForm = lazy(() =>
  import('../../lib/customers/NewCustomerForm').then((module) => ({ default: module.NewCustomerForm })),
);

export function IncomingCalls() {
  const trpc = useTRPC();
  const me = useSessionUser();
  const hub = useLiveHub();
  const queryClient = useQueryClient();
  useLiveRooms([rooms.agent(me.id)]);
  const mineKey = trpc.conversations.mine.queryKey();
  const mine = useQuery(trpc.conversations.mine.queryOptions());

  useEffect(() => {
    if (!hub) return;
    const offConversation = hub.onConversation(({ conversation }) => {
      queryClient.setQueryData<ConversationView[]>(mineKey, (list = []) => {
        const others = list.filter((c) => c.id !== conversation.id);
        const current = list.find((c) => c.id === conversation.id);
        if (current && current.version > conversation.version) return list;
        const live = conversation.agent?.id === me.id && ['offered', 'active', 'wrap_up'].includes(conversation.status);
        return live ? [...others, conversation] : others;
      });
    });
    const offResync = hub.onResync(() => void queryClient.invalidateQueries({ queryKey: mineKey }));
    return () => {
      offConversation();
      offResync();
    };
  }, [hub, queryClient, mineKey, me.id]);

  const calls = (mine.data ?? []).filter((c) => voiceChannels.has(c.channel));
  if (calls.length === 0) return null;
  return (
    <aside className="incoming-calls" aria-live="polite" data-testid="incoming-calls">
      {calls.map((call) => (
        <CallCard key={call.id} call={call} />
      ))}
    </aside>
  );
}

function CallCard({ call }: { call: ConversationView }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const now = useNow();
  const pop = useQuery(trpc.conversations.screenPop.queryOptions({ id: call.id }));
  const [creatingCustomer, setCreatingCustomer] = useState(false);
  const [chosen, setDisposition] = useState<(typeof dispositions)[number] | null>(null);
  // A call that produced a case is "case opened" unless the agent picks otherwise.
  const disposition = chosen ?? (call.caseIds.length > 0 ? 'case_opened' : 'resolved');
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.mine.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.conversations.screenPop.queryKey({ id: call.id }) });
  };
  const send = useMutation(trpc.conversations.send.mutationOptions({ onSuccess: refresh }));
  const linkCustomer = useMutation(trpc.conversations.linkCustomer.mutationOptions({ onSuccess: refresh }));
  const openCase = useMutation(
    trpc.conversations.openCase.mutationOptions({
      onSuccess: (result) => {
        refresh();
        void navigate(`/cases/${result.caseId}`);
      },
    }),
  );
  const command = (event: Parameters<typeof send.mutate>[0]['event']) =>
    send.mutate({ conversationId: call.id, expectedVersion: call.version, idempotencyKey: newIdempotencyKey(), event });

  const customer = call.customer;
  const openCases = pop.data?.openCases ?? [];
  const departures = pop.data?.nextDepartures ?? [];
  const talking = call.answeredAt ? now - Date.parse(call.answeredAt) : 0;
  const wrapLeft = call.wrapUpEndAt ? Math.max(0, Date.parse(call.wrapUpEndAt) - now) : 0;

  return (
    <article
      className={`panel call-card call-${call.status}`}
      data-testid="incoming-call"
      data-status={call.status}
      aria-label={t(`calls.status.${call.status}`)}
    >
      <header className="call-card-head">
        <strong data-testid="call-status">{t(`calls.status.${call.status}`)}</strong>
        {call.status === 'active' && (
          <span className="call-timer" data-testid="call-duration">
            {call.state === 'active.held' ? `${t('calls.onHold')} · ` : ''}
            {formatCountdown(t, talking)}
          </span>
        )}
        {call.status === 'wrap_up' && (
          <span className="call-timer" data-testid="wrap-up-countdown">
            {t('calls.wrapUpLeft', { time: formatCountdown(t, wrapLeft) })}
          </span>
        )}
      </header>
      <p className="call-caller">
        {customer ? (
          <>
            <Link to={`/customers/${customer.id}`} data-testid="call-customer">
              {customer.name}
            </Link>
            {customer.vipTier !== 'none' && (
              <span className={`vip vip-${customer.vipTier}`}>{t(`vip.${customer.vipTier}`)}</span>
            )}
          </>
        ) : (
          <span data-testid="call-unknown">{t('calls.unknownCaller')}</span>
        )}
        <span className="call-number" data-testid="call-number">
          {call.phone}
        </span>
      </p>
      {customer && (
        <div className="call-facts">
          <h3>{t('calls.openCases')}</h3>
          {openCases.length === 0 ? (
            <p className="muted">{t('calls.noOpenCases')}</p>
          ) : (
            <ul>
              {openCases.map((c) => (
                <li key={c.id}>
                  <Link to={`/cases/${c.id}`} data-testid="call-open-case">
                    {c.ref}
                  </Link>{' '}
                  {t(`kind.${c.kind}`)} · {c.subject}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('calls.nextDepartures')}</h3>
          {departures.length === 0 ? (
            <p className="muted">{t('calls.noDepartures')}</p>
          ) : (
            <ul>
              {departures.map((d) => (
                <li key={d.bookingId} data-testid="call-departure">
                  {d.code} {d.origin}→{d.destination} · {formatDateTime(d.departureAt)} · {d.bookingRef}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {!customer && !creatingCustomer && (
        <button type="button" onClick={() => setCreatingCustomer(true)} data-testid="call-new-customer">
          {t('calls.newCustomer')}
        </button>
      )}
      {!customer && creatingCustomer && (
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <NewCustomerForm
            onCancel={() => setCreatingCustomer(false)}
            onCreated={(created) => {
              setCreatingCustomer(false);
              linkCustomer.mutate({
                conversationId: call.id,
                customerId: created.id,
                idempotencyKey: newIdempotencyKey(),
              });
            }}
            renderExisting={(existing) => (
              <button
                type="button"
                onClick={() =>
                  linkCustomer.mutate({
                    conversationId: call.id,
                    customerId: existing.id,
                    idempotencyKey: newIdempotencyKey(),
                  })
                }
              >
                {t('calls.linkExisting', { name: existing.name })}
              </button>
            )}
          />
        </Suspense>
      )}
      <div className="call-actions">
        {call.status === 'offered' && (
          <>
            <button
              type="button"
              className="primary"
              onClick={() => command({ type: 'ACCEPT' })}
              data-testid="call-answer"
            >
              {t('calls.answer')}
            </button>
            <button type="button" onClick={() => command({ type: 'DECLINE' })}>
              {t('calls.decline')}
            </button>
          </>
        )}
        {call.status === 'active' && (
          <>
            {call.state === 'active.held' ? (
              <button type="button" onClick={() => command({ type: 'RESUME' })}>
                {t('calls.resume')}
              </button>
            ) : (
              <button type="button" onClick={() => command({ type: 'HOLD' })}>
                {t('calls.hold')}
              </button>
            )}
            <button type="button" onClick={() => command({ type: 'END' })} data-testid="call-hang-up">
              {t('calls.hangUp')}
            </button>
          </>
        )}
        {customer && call.status !== 'offered' && (
          <button
            type="button"
            onClick={() =>
              openCase.mutate({
                conversationId: call.id,
                kind: 'complaint',
                subject: t('calls.caseSubject', { phone: call.phone ?? '' }),
                bookingId: null,
                idempotencyKey: newIdempotencyKey(),
              })
            }
            data-testid="call-open-new-case"
          >
            {t('calls.openCase')}
          </button>
        )}
        {call.status === 'wrap_up' && (
          <>
            <label>
              {t('calls.disposition')}{' '}
              <select
                value={disposition}
                onChange={(e) => setDisposition(e.target.value as (typeof dispositions)[number])}
                data-testid="call-disposition"
              >
                {dispositions.map((d) => (
                  <option key={d} value={d}>
                    {t(`calls.dispositions.${d}`)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="primary"
              onClick={() => command({ type: 'WRAP_UP_DONE', disposition })}
              data-testid="call-wrap-up-done"
            >
              {t('calls.finishWrapUp')}
            </button>
          </>
        )}
      </div>
      {[send.error, linkCustomer.error, openCase.error].map((error, i) =>
        error ? <ApiErrorMessage key={i} error={error} /> : null,
      )}
    </article>
  );
}
