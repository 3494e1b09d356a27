import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CaseKind, HistoryEntry } from '../../../../shared/cases';
import { formatDateTime, formatFen } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { useCaseLabels } from '../../lib/case-labels';
import { isJsonObject } from '../../lib/json-object';
import { readableEntries } from './readable-entries';

/** A booking case picks its departure; a change case picks a new one. */
function fieldLabelKey(kind: CaseKind, key: string): string {
  return key === 'departureId' && kind === 'booking' ? 'bookingDeparture' : key;
}

/** Payload values that name something from a fixed list are shown in words. */
const valueLabels: Record<string, string> = {
  priority: 'priority.',
  channel: 'channel.',
  queue: 'queueName.',
  kind: 'resolutionKind.',
  checkedOn: 'checkedOn.',
};

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** Engine bookkeeping that means nothing to an agent. */
const internalKeys = new Set(['type', 'noteId', 'timerKey']);

/** The payload's entries worth a line (see readableEntries), without the engine's bookkeeping. */
export function shownPayload(payload: HistoryEntry['payload']): [string, unknown][] {
  return readableEntries(payload).filter(([key]) => !internalKeys.has(key));
}

/** Passengers as the agent typed them (objects with a name): their names. */
function isNamedList(value: unknown): value is { name: string }[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => isJsonObject(item) && typeof item.name === 'string')
  );
}

/** One payload value in words (exported for its test). */
export function formatValue(
  key: string,
  value: unknown,
  t: TFunction,
  people: ReadonlyMap<string, string>,
  names: ReadonlyMap<string, string>,
): string {
  if (key === 'passengerIds' && Array.isArray(value))
    return value.map((id) => names.get(String(id)) ?? String(id)).join(', ');
  if ((key === 'departureId' || key === 'bookingId') && typeof value === 'string') return names.get(value) ?? value;
  if (key === 'classCode' && typeof value === 'string') return names.get(classNameKey(value)) ?? value;
  if (isNamedList(value)) return value.map((item) => item.name).join(', ');
  if (typeof value === 'number' && key.endsWith('Fen')) return formatFen(value);
  if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (key === 'assigneeId' && typeof value === 'string') return people.get(value) ?? value;
  const prefix = valueLabels[key];
  if (prefix && typeof value === 'string') return t(`${prefix}${value}`, { defaultValue: value });
  // Due times and other instants the engine records read as Beijing time, like every other date.
  if (typeof value === 'string' && isoInstant.test(value)) return formatDateTime(value);
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return value.join(', ');
  if (typeof value === 'object' && value !== null && 'name' in value && typeof value.name === 'string')
    return value.name;
  return JSON.stringify(value);
}

/**
 * Append-only history, newest first: who did what, when, and where the case went.
 * `names` gives the passenger and departure ids that events carry a readable name.
 */
/** Where `names` keeps a fare class's name (class codes and ids share the map). */
export function classNameKey(code: string): string {
  return `class:${code}`;
}

export function HistoryTimeline({
  kind,
  history,
  names = new Map(),
}: {
  kind: CaseKind;
  history: readonly HistoryEntry[];
  names?: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const trpc = useTRPC();
  // Assignments record the colleague's id; the picker's list gives their name.
  const users = useQuery({
    ...trpc.users.list.queryOptions({}),
    staleTime: 5 * 60_000,
    enabled: history.some((entry) => shownPayload(entry.payload).some(([key]) => key === 'assigneeId')),
  });
  const people = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  if (history.length === 0) return <p className="empty">{t('case.noHistory')}</p>;
  const entries = [...history].sort((a, b) => b.seq - a.seq);
  return (
    <ol className="timeline" data-testid="history">
      {entries.map((entry) => {
        const details = shownPayload(entry.payload);
        return (
          <li
            key={entry.seq}
            className={entry.actor.role === 'system' ? 'system' : undefined}
            data-testid="history-entry"
            data-event={entry.event}
          >
            <div className="timeline-head">
              <strong>{labels.event(kind, entry.event)}</strong>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </div>
            <div className="timeline-meta">
              {/* The engine's own entries: "System" once, in the agent's language. */}
              {entry.actor.role === 'system'
                ? t('roles.system')
                : `${entry.actor.name} · ${t(`roles.${entry.actor.role}`)}`}
              {entry.from !== entry.to && (
                <span className="transition" data-testid="history-transition">
                  {' '}
                  · {entry.from ? `${labels.state(kind, entry.from)} → ` : '→ '}
                  {labels.state(kind, entry.to)}
                </span>
              )}
            </div>
            {details.length > 0 && (
              <dl className="timeline-payload">
                {details.map(([key, value]) => (
                  <div key={key}>
                    <dt>
                      {t(`fields.${fieldLabelKey(kind, key)}`, {
                        defaultValue: t(`data.${key}`, { defaultValue: key }),
                      })}
                    </dt>
                    <dd>{formatValue(key, value, t, people, names)}</dd>
                  </div>
                ))}
              </dl>
            )}
          </li>
        );
      })}
    </ol>
  );
}
