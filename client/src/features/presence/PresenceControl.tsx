import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PresenceView } from '../../../../shared/presence';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useTRPC } from '../../lib/trpc';
import { useHotkeys } from '../../app/hotkeys';
import { useLiveHub, useLiveRooms } from '../../app/live';
import { useSessionUser } from '../../app/session';
import { rooms } from '../../../../shared/realtime';

/** What the select offers; on_contact and wrap_up are shown but follow from live work. */
const choices = ['available', 'break:meal', 'break:training', 'break:meeting', 'offline'] as const;
type Choice = (typeof choices)[number];

/** How often the top bar looks again (the router may have put the agent on a missed-offer break). */
/** A fallback only: the server pushes every change of the user's presence to their own room. */
const REFRESH_MS = 60_000;

function currentChoice(view: PresenceView): string {
  if (view.status === 'break') return `break:${view.reason ?? 'meal'}`;
  return view.status;
}

/** The agent's status in the top bar: shows it (with live work and missed offers) and sets it. */
export function PresenceControl() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  const hub = useLiveHub();
  useLiveRooms([rooms.agent(me.id)]);
  const presence = useQuery({ ...trpc.presence.mine.queryOptions(), refetchInterval: REFRESH_MS });
  useEffect(() => {
    if (!hub) return;
    const key = trpc.presence.mine.queryKey();
    const offPresence = hub.onPresence((view) => {
      if (view.userId === me.id) queryClient.setQueryData(key, view);
    });
    // Opening the console signs the agent in when its socket connects, and after a reconnect what
    // changed meanwhile (a sweep, a supervisor) is read again: both when the live link comes up.
    const offStatus = hub.onStatus(() => {
      if (hub.status() === 'online') void queryClient.invalidateQueries({ queryKey: key });
    });
    return () => {
      offPresence();
      offStatus();
    };
  }, [hub, me.id, queryClient, trpc]);
  const set = useMutation(
    trpc.presence.set.mutationOptions({
      onSuccess: (view) => queryClient.setQueryData(trpc.presence.mine.queryKey(), view),
    }),
  );
  const view = presence.data;
  if (!view) return null;
  const value = currentChoice(view);
  const derived = !(choices as readonly string[]).includes(value);
  return (
    <label className={`presence-control presence-${view.status}`} data-testid="presence-control">
      <span className="presence-dot" aria-hidden="true" />
      <span className="visually-hidden">{t('presence.label')}</span>
      <select
        value={value}
        aria-label={t('presence.label')}
        data-testid="presence-select"
        disabled={set.isPending}
        onChange={(event) => {
          const [status, reason] = (event.target.value as Choice).split(':') as [
            'available' | 'break' | 'offline',
            'meal' | 'training' | 'meeting' | undefined,
          ];
          set.mutate(reason ? { status, reason } : { status });
        }}
      >
        {derived && <option value={value}>{t(`presence.status.${value.replace(':', '_')}`)}</option>}
        {choices.map((choice) => (
          <option key={choice} value={choice}>
            {t(`presence.status.${choice.replace(':', '_')}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "Next case" (key W): the best case this agent may work, assigned to them, opened. */
export function NextCaseButton() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const next = useMutation(
    trpc.routing.next.mutationOptions({
      onSuccess: (item) => {
        if (item) void navigate(`/cases/${item.id}`);
      },
    }),
  );
  const take = () => {
    if (!next.isPending) next.mutate({ idempotencyKey: newIdempotencyKey() });
  };
  useHotkeys({ w: take, W: take });
  const message = next.isError ? next.error.message : next.isSuccess && !next.data ? t('presence.noCase') : null;
  return (
    <>
      <button
        type="button"
        onClick={take}
        disabled={next.isPending}
        title={t('presence.nextCaseHint')}
        data-testid="next-case"
      >
        {t('presence.nextCase')}
      </button>
      {message && (
        <span className="next-case-message" role="status" data-testid="next-case-message">
          {message}
        </span>
      )}
    </>
  );
}
