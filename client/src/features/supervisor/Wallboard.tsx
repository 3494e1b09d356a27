import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { queueNames, queuesByRole, type QueueName } from '../../../../shared/case-vocabulary';
import { rooms } from '../../../../shared/realtime';
import type { BoardAgent, BoardCase, BoardQueue, MoveCasesResult } from '../../../../shared/wallboard';
import { useLiveHub, useLiveRooms } from '../../app/live';
import { describeApiError } from '../../lib/api-errors';
import { formatSpan } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotency';
import { useNow } from '../../lib/now';
import { useTRPC } from '../../lib/trpc';

/** Cases a supervisor has ticked, with the version they saw (a case changed since is not moved over). */
export type CaseSelection = {
  selected: ReadonlyMap<string, number>;
  /** Toggle one case; with shift, every case between the last one ticked in `list` and this one. */
  toggle(item: { id: string; version: number }, list: readonly { id: string; version: number }[], shift: boolean): void;
  selectAll(items: readonly { id: string; version: number }[]): void;
  clear(): void;
};

export function useCaseSelection(): CaseSelection {
  const [selected, setSelected] = useState<ReadonlyMap<string, number>>(new Map());
  const anchor = useRef<string | null>(null);
  return {
    selected,
    toggle(item, list, shift) {
      // Read now: the updater runs later, after the anchor has moved on to this item.
      const previous = anchor.current;
      const from = shift && previous ? list.findIndex((c) => c.id === previous) : -1;
      const to = list.findIndex((c) => c.id === item.id);
      setSelected((old) => {
        const next = new Map(old);
        if (from >= 0 && to >= 0) {
          const on = !old.has(item.id);
          for (const c of list.slice(Math.min(from, to), Math.max(from, to) + 1)) {
            if (on) next.set(c.id, c.version);
            else next.delete(c.id);
          }
        } else if (next.has(item.id)) next.delete(item.id);
        else next.set(item.id, item.version);
        return next;
      });
      anchor.current = item.id;
    },
    selectAll(items) {
      setSelected((old) => new Map([...old, ...items.map((c) => [c.id, c.version] as const)]));
    },
    clear() {
      setSelected(new Map());
      anchor.current = null;
    },
  };
}

const CASE_DRAG_TYPE = 'application/x-ticket-desk-cases';

/** What a drag of `item` carries: the whole selection when the item is part of it, else the item alone. */
function dragPayload(item: { id: string; version: number }, selection: CaseSelection): Record<string, number> {
  return selection.selected.has(item.id) ? Object.fromEntries(selection.selected) : { [item.id]: item.version };
}

export function startCaseDrag(event: DragEvent, item: { id: string; version: number }, selection: CaseSelection) {
  event.dataTransfer.setData(CASE_DRAG_TYPE, JSON.stringify(dragPayload(item, selection)));
  event.dataTransfer.effectAllowed = 'move';
}

/**
 * The live wallboard: per queue and per agent, from `presence.board()` and the `board` pushes to
 * the supervisors' room (never polled); select or drag cases and move them in one operation.
 */
export function Wallboard({ selection }: { selection: CaseSelection }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hub = useLiveHub();
  useLiveRooms([rooms.supervisors]);
  const boardOptions = trpc.presence.board.queryOptions(undefined, {
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const board = useQuery(boardOptions);
  useEffect(() => {
    if (!hub) return;
    const offBoard = hub.onBoard(({ board: next }) => queryClient.setQueryData(boardOptions.queryKey, next));
    // Pushes sent while the connection was down are lost: fetch the board again.
    const offResync = hub.onResync(() => void queryClient.invalidateQueries({ queryKey: boardOptions.queryKey }));
    return () => {
      offBoard();
      offResync();
    };
  }, [hub, queryClient, boardOptions.queryKey]);

  const [result, setResult] = useState<MoveCasesResult | null>(null);
  const move = useMutation(trpc.supervisor.moveCases.mutationOptions());
  const [target, setTarget] = useState('');

  async function moveTo(to: { agentId: string } | { queue: QueueName }, versions: Record<string, number>) {
    const caseIds = Object.keys(versions);
    if (caseIds.length === 0) return;
    const answer = await move.mutateAsync({
      caseIds,
      to,
      expectedVersions: versions,
      idempotencyKey: newIdempotencyKey(),
    });
    setResult(answer);
    selection.clear();
  }

  if (board.isPending) return <p className="empty">{t('common.loading')}</p>;
  if (board.isError)
    return (
      <p className="form-error" role="alert">
        {describeApiError(t, board.error)}
      </p>
    );

  const { agents, queues } = board.data;
  const onDrop = (agent: BoardAgent) => (event: DragEvent) => {
    event.preventDefault();
    const raw = event.dataTransfer.getData(CASE_DRAG_TYPE);
    if (raw) void moveTo({ agentId: agent.id }, JSON.parse(raw) as Record<string, number>);
  };
  return (
    <section className="wallboard" aria-labelledby="wallboard-title" data-testid="wallboard">
      <h2 id="wallboard-title">{t('wallboard.title')}</h2>
      <QueueAlerts queues={queues} />
      <QueueFigures queues={queues} />
      <div className="move-bar panel" data-testid="move-bar">
        <span data-testid="selected-count">{t('wallboard.selected', { count: selection.selected.size })}</span>
        <label>
          {t('wallboard.moveTo')}{' '}
          <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="move-target">
            <option value="">{t('wallboard.chooseTarget')}</option>
            <optgroup label={t('wallboard.toAgent')}>
              {agents.map((a) => (
                <option key={a.id} value={`agent:${a.id}`}>
                  {a.name}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('wallboard.toQueue')}>
              {queueNames.map((q) => (
                <option key={q} value={`queue:${q}`}>
                  {t(`queueName.${q}`)}
                </option>
              ))}
            </optgroup>
          </select>
        </label>
        <button
          type="button"
          data-testid="move-submit"
          disabled={selection.selected.size === 0 || target === '' || move.isPending}
          onClick={() => {
            const [kind, value = ''] = target.split(':');
            void moveTo(
              kind === 'agent' ? { agentId: value } : { queue: value as QueueName },
              Object.fromEntries(selection.selected),
            );
          }}
        >
          {move.isPending ? t('wallboard.moving') : t('wallboard.move')}
        </button>
        {selection.selected.size > 0 && (
          <button type="button" className="link-button" onClick={selection.clear}>
            {t('wallboard.clear')}
          </button>
        )}
        <span className="muted">{t('wallboard.dragHint')}</span>
      </div>
      {move.isError && (
        <p className="form-error" role="alert">
          {describeApiError(t, move.error)}
        </p>
      )}
      {result && <MoveResult result={result} />}
      <AgentTable agents={agents} selection={selection} onDrop={onDrop} />
    </section>
  );
}

function QueueAlerts({ queues }: { queues: BoardQueue[] }) {
  const { t } = useTranslation();
  const now = useNow();
  const alerting = queues.filter((q) => q.oldestWaitingSince && waitedSec(q, now) > q.alertAfterSec);
  if (alerting.length === 0) return null;
  return (
    <div className="wallboard-alerts" role="alert" data-testid="wait-alerts">
      {alerting.map((q) => (
        <p key={q.name}>
          {t('wallboard.alert', {
            queue: t(`queueName.${q.name}`),
            wait: formatSpan(t, waitedSec(q, now) * 1000),
            limit: formatSpan(t, q.alertAfterSec * 1000),
          })}
        </p>
      ))}
    </div>
  );
}

/** The longest wait now: counted on from when the oldest waiting contact was queued. */
function waitedSec(queue: BoardQueue, now: number): number {
  return queue.oldestWaitingSince ? Math.max(0, Math.floor((now - Date.parse(queue.oldestWaitingSince)) / 1000)) : 0;
}

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)}%`);

function QueueFigures({ queues }: { queues: BoardQueue[] }) {
  const { t } = useTranslation();
  const now = useNow();
  return (
    <table className="data-table compact wallboard-queues" data-testid="wallboard-queues">
      <thead>
        <tr>
          <th>{t('wallboard.col.queue')}</th>
          <th className="num">{t('wallboard.col.waiting')}</th>
          <th className="num">{t('wallboard.col.longestWait')}</th>
          <th className="num">{t('wallboard.col.serviceLevel')}</th>
          <th className="num">{t('wallboard.col.abandoned')}</th>
          <th className="num">{t('wallboard.col.averageWait')}</th>
          <th className="num">{t('wallboard.col.openCases')}</th>
          <th className="num">{t('wallboard.col.overdue')}</th>
          <th className="num">{t('wallboard.col.dueSoon')}</th>
        </tr>
      </thead>
      <tbody>
        {queues.map((q) => {
          const wait = waitedSec(q, now);
          return (
            <tr
              key={q.name}
              data-testid={`wb-queue-${q.name}`}
              className={wait > q.alertAfterSec ? 'row-alert' : undefined}
            >
              <td>{t(`queueName.${q.name}`)}</td>
              <td className="num" data-testid={`wb-waiting-${q.name}`}>
                {q.waiting}
              </td>
              <td className="num">{q.oldestWaitingSince ? formatSpan(t, wait * 1000) : '—'}</td>
              <td className="num" data-testid={`wb-sl-${q.name}`}>
                {percent(q.serviceLevel)}
              </td>
              <td className="num">{q.abandonedToday}</td>
              <td className="num">{q.averageWaitSec === null ? '—' : formatSpan(t, q.averageWaitSec * 1000)}</td>
              <td className="num" data-testid={`wb-open-${q.name}`}>
                {q.openCases}
              </td>
              <td className={`num${q.overdue > 0 ? ' stat-bad' : ''}`} data-testid={`wb-overdue-${q.name}`}>
                {q.overdue}
              </td>
              <td className={`num${q.dueSoon > 0 ? ' stat-warn' : ''}`}>{q.dueSoon}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function AgentTable({
  agents,
  selection,
  onDrop,
}: {
  agents: BoardAgent[];
  selection: CaseSelection;
  onDrop: (agent: BoardAgent) => (event: DragEvent) => void;
}) {
  const { t } = useTranslation();
  const now = useNow();
  const [over, setOver] = useState<string | null>(null);
  return (
    <table className="data-table compact wallboard-agents" data-testid="wallboard-agents">
      <thead>
        <tr>
          <th>{t('wallboard.col.agent')}</th>
          <th>{t('wallboard.col.status')}</th>
          <th className="num">{t('wallboard.col.timeInStatus')}</th>
          <th>{t('wallboard.col.liveContacts')}</th>
          <th className="num">{t('wallboard.col.openCases')}</th>
          <th className="num">{t('wallboard.col.capacity')}</th>
          <th>{t('wallboard.col.queuesToday')}</th>
          <th>{t('wallboard.col.cases')}</th>
        </tr>
      </thead>
      <tbody>
        {agents.map((agent) => (
          <tr
            key={agent.id}
            data-testid={`wb-agent-${agent.id}`}
            data-agent-name={agent.name}
            className={over === agent.id ? 'drop-over' : undefined}
            aria-label={t('wallboard.dropOn', { name: agent.name })}
            onDragOver={(event) => {
              event.preventDefault();
              setOver(agent.id);
            }}
            onDragLeave={() => setOver(null)}
            onDrop={(event) => {
              setOver(null);
              onDrop(agent)(event);
            }}
          >
            <td>{agent.name}</td>
            <td>
              <span className={`presence presence-${agent.status}`} data-testid="wb-agent-status">
                {t(`wallboard.status.${agent.status}`)}
                {agent.reason ? ` · ${t(`wallboard.reason.${agent.reason}`)}` : ''}
              </span>{' '}
              <AgentStatusPicker agent={agent} />
            </td>
            <td className="num">{agent.since ? formatSpan(t, now - Date.parse(agent.since)) : t('wallboard.never')}</td>
            <td>{t('wallboard.live', agent.liveContacts)}</td>
            <td className="num" data-testid="wb-agent-open">
              {agent.openCases}
            </td>
            <td className="num">{percent(agent.capacityUsed)}</td>
            <td>
              <AgentQueues agent={agent} />
            </td>
            <td>
              <AgentCases cases={agent.cases} selection={selection} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const statusChoices = ['available', 'break:meal', 'break:training', 'break:meeting', 'offline'] as const;

/** A supervisor sets an agent's status (refused by the server while the agent is on a call). */
function AgentStatusPicker({ agent }: { agent: BoardAgent }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const set = useMutation(trpc.supervisor.setAgentStatus.mutationOptions());
  const onCall = agent.liveContacts.call + agent.liveContacts.callback > 0;
  return (
    <>
      <select
        aria-label={t('wallboard.setStatus')}
        title={onCall ? t('wallboard.statusOnCall') : t('wallboard.setStatus')}
        data-testid="wb-set-status"
        value=""
        disabled={onCall || set.isPending}
        onChange={(event) => {
          const [status, reason] = event.target.value.split(':') as ['available' | 'break' | 'offline', string?];
          if (!status) return;
          set.mutate({
            agentId: agent.id,
            status,
            ...(reason ? { reason: reason as 'meal' | 'training' | 'meeting' } : {}),
          });
        }}
      >
        <option value="">{t('wallboard.setStatus')}</option>
        {statusChoices.map((choice) => {
          const [status, reason] = choice.split(':');
          return (
            <option key={choice} value={choice}>
              {t(`wallboard.status.${status}`)}
              {reason ? ` · ${t(`wallboard.reason.${reason}`)}` : ''}
            </option>
          );
        })}
      </select>
      {set.isError && (
        <span className="form-error" role="alert">
          {describeApiError(t, set.error)}
        </span>
      )}
    </>
  );
}

/** The queues an agent works today, changed for the day by a supervisor. */
function AgentQueues({ agent }: { agent: BoardAgent }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const save = useMutation(trpc.supervisor.setAgentQueues.mutationOptions());
  const [draft, setDraft] = useState<QueueName[] | null>(null);
  const shown = agent.queues.map((q) => t(`queueName.${q}`)).join(' · ') || '—';
  const workable = queuesByRole[agent.role];
  if (!draft)
    return (
      <button
        type="button"
        className="link-button"
        title={t('wallboard.editQueues')}
        onClick={() => setDraft([...agent.queues])}
      >
        {shown}
      </button>
    );
  return (
    <span className="agent-queues-edit">
      {workable.map((q) => (
        <label key={q}>
          <input
            type="checkbox"
            checked={draft.includes(q)}
            onChange={() => setDraft(draft.includes(q) ? draft.filter((x) => x !== q) : [...draft, q])}
          />
          {t(`queueName.${q}`)}
        </label>
      ))}
      <button
        type="button"
        disabled={save.isPending}
        onClick={() => save.mutate({ agentId: agent.id, queues: draft }, { onSuccess: () => setDraft(null) })}
      >
        {t('wallboard.saveQueues')}
      </button>
    </span>
  );
}

function AgentCases({ cases, selection }: { cases: BoardCase[]; selection: CaseSelection }) {
  const { t } = useTranslation();
  if (cases.length === 0) return <span className="muted">{t('wallboard.noCases')}</span>;
  return (
    <ul className="agent-cases">
      {cases.map((c) => (
        <li
          key={c.id}
          draggable
          onDragStart={(event) => startCaseDrag(event, c, selection)}
          data-testid="wb-case"
          data-case-id={c.id}
          data-ref={c.ref}
          className={`prio-${c.priority}${c.overdue ? ' case-overdue' : ''}`}
        >
          <input
            type="checkbox"
            checked={selection.selected.has(c.id)}
            aria-label={t('wallboard.selectCase', { ref: c.ref })}
            onChange={() => undefined}
            onClick={(event) => selection.toggle(c, cases, event.shiftKey)}
          />
          <Link to={`/cases/${c.id}`} className="mono">
            {c.ref}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function MoveResult({ result }: { result: MoveCasesResult }) {
  const { t } = useTranslation();
  return (
    <div className="panel move-result" role="status" data-testid="move-result">
      <p>
        {t('wallboard.result', {
          moved: result.moved.length,
          conflicts: result.conflicts.length,
          refused: result.refused.length,
        })}
      </p>
      {[
        ...result.conflicts.map((p) => ({ ...p, label: t('wallboard.conflict') })),
        ...result.refused.map((p) => ({ ...p, label: t('wallboard.refused') })),
      ].map((p) => (
        <p key={p.id} className="muted">
          <span className="mono">{p.ref}</span> · {p.label}: {p.reason}
        </p>
      ))}
    </div>
  );
}
