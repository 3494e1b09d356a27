import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import type { HistoryEntry } from '../../../../shared/cases';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useSessionUser } from '../../app/session';
import { useCaseLabels } from '../../lib/case-labels';
import { formatFen } from '../../lib/format';
import { pickLanguage } from '../../lib/i18n';
import { useTRPC, type RouterOutputs } from '../../lib/trpc';
import { StateDiagram } from '../../app/StateDiagram';
import { formatSeconds, shortValue } from './qa-format';
import { ReviewForm } from './ReviewForm';
import { CaseReviews } from './CaseReviews';

type Replay = RouterOutputs['qa']['replay'];
type Step = Replay['steps'][number];

/** Rows of the data table: top-level fields, and the kind's data one level down. */
function dataRows(data: Step['data']): { path: string; value: unknown }[] {
  if (!data) return [];
  const rows: { path: string; value: unknown }[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'data' && value && typeof value === 'object') {
      for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>))
        rows.push({ path: `data.${inner}`, value: innerValue });
    } else rows.push({ path: key, value });
  }
  return rows;
}

type Quote = {
  totalRefundFen?: number;
  totalFeeFen?: number;
  totalPayFen?: number;
  totalChangeFeeFen?: number;
  ruleIds?: string[];
  explanations?: { 'zh-CN': string; en: string }[];
  lines?: { quote?: { ruleId?: string; explanation?: { 'zh-CN': string; en: string } } }[];
};

/** At a step that moved money (a quote, a payout, a compensation): the quote and the rule that applied. */
function MoneyPanel({ step }: { step: Step }) {
  const { t, i18n } = useTranslation();
  const moneyPaths = ['data.quote', 'data.submissions', 'data.settlement', 'data.resolutions', 'data.proposal'];
  const moved = step.changes.some((c) => moneyPaths.some((p) => c.path.join('.').startsWith(p)));
  const inner = (step.data as { data?: Record<string, unknown> } | null)?.data;
  if (!moved || !inner) return null;
  const quote = inner.quote as Quote | null | undefined;
  const resolutions = (inner.resolutions ?? []) as { kind: string; amountFen: number; text: string }[];
  const rules = quote?.ruleIds ?? (quote?.lines ?? []).map((l) => l.quote?.ruleId).filter((r): r is string => !!r);
  const explanations = quote?.explanations ?? (quote?.lines ?? []).map((l) => l.quote?.explanation).filter((e) => !!e);
  return (
    <section className="panel qa-money" data-testid="replay-money">
      <h3>{t('qa.replay.money')}</h3>
      {quote && (
        <dl className="facts">
          {quote.totalRefundFen !== undefined && (
            <>
              <dt>{t('qa.replay.refund')}</dt>
              <dd data-testid="replay-refund-amount">{formatFen(quote.totalRefundFen)}</dd>
            </>
          )}
          {quote.totalFeeFen !== undefined && (
            <>
              <dt>{t('qa.replay.fee')}</dt>
              <dd>{formatFen(quote.totalFeeFen)}</dd>
            </>
          )}
          {quote.totalPayFen !== undefined && (
            <>
              <dt>{t('qa.replay.pay')}</dt>
              <dd>{formatFen(quote.totalPayFen)}</dd>
            </>
          )}
          <dt>{t('qa.replay.rule')}</dt>
          <dd className="mono" data-testid="replay-rule">
            {rules.join(', ') || '—'}
          </dd>
        </dl>
      )}
      {explanations.map((e, i) => (
        <p key={i} className="muted">
          {pickLanguage(e ?? null, i18n.language)}
        </p>
      ))}
      {resolutions.length > 0 && (
        <ul>
          {resolutions.map((r, i) => (
            <li key={i}>
              {t(`resolutionKind.${r.kind}`, { defaultValue: r.kind })} {formatFen(r.amountFen)} — {r.text}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StepData({ step }: { step: Step }) {
  const { t } = useTranslation();
  if (!step.data) {
    return (
      <p className="notice" data-testid="replay-state-only">
        {t('qa.replay.stateOnly')}
      </p>
    );
  }
  const changed = new Map(step.changes.map((c) => [c.path.join('.'), c]));
  const isChanged = (path: string) =>
    [...changed.keys()].some((p) => p === path || p.startsWith(`${path}.`) || path.startsWith(`${p}.`));
  return (
    <table className="data-table compact qa-data" data-testid="replay-data">
      <thead>
        <tr>
          <th>{t('qa.replay.field')}</th>
          <th>{t('qa.replay.value')}</th>
          <th>{t('qa.replay.before')}</th>
        </tr>
      </thead>
      <tbody>
        {dataRows(step.data).map((row) => {
          const change = [...changed.entries()].find(([p]) => p === row.path || p.startsWith(`${row.path}.`))?.[1];
          const highlight = isChanged(row.path);
          return (
            <tr
              key={row.path}
              className={highlight ? 'qa-changed' : undefined}
              data-path={row.path}
              data-changed={highlight || undefined}
            >
              <td className="mono">{row.path}</td>
              <td className="qa-value">{shortValue(row.value)}</td>
              <td className="muted qa-value">
                {change && change.path.join('.') === row.path ? shortValue(change.from) : ''}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable)
  );
}

/** A case as it happened, step by step (← →), with its calls and chats on the same timeline, then the review. */
export function ReplayPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation();
  const trpc = useTRPC();
  const labels = useCaseLabels();
  const user = useSessionUser();
  const [params, setParams] = useSearchParams();
  const replay = useQuery(trpc.qa.replay.queryOptions({ caseId }));
  const steps = useMemo(() => replay.data?.steps ?? [], [replay.data]);
  const requested = Number(params.get('step') ?? steps.length);
  const [index, setIndex] = useState(0);
  useEffect(() => {
    if (steps.length > 0)
      setIndex(Math.min(Math.max(1, Number.isFinite(requested) ? requested : steps.length), steps.length));
    // Only when the replay arrives: later moves are the reviewer's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [steps.length]);
  const go = (next: number) => {
    const clamped = Math.min(Math.max(1, next), steps.length);
    setIndex(clamped);
    setParams(
      (p) => {
        p.set('step', String(clamped));
        return p;
      },
      { replace: true },
    );
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key === 'ArrowLeft') {
        event.preventDefault();
        go(index - 1);
      } else if (event.key === 'ArrowRight') {
        event.preventDefault();
        go(index + 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  const history: HistoryEntry[] = useMemo(
    () =>
      steps.slice(0, index).map((s) => ({
        seq: s.index,
        at: s.at,
        actor: s.actor,
        event: s.event,
        payload: s.payload,
        from: s.from,
        to: s.to,
      })),
    [steps, index],
  );
  if (replay.isPending)
    return (
      <p className="empty" role="status">
        {t('common.loading')}
      </p>
    );
  if (replay.isError) return <ApiErrorMessage error={replay.error} />;
  const data = replay.data;
  const step = steps[index - 1];
  const timeline = [
    ...steps.map((s) => ({ at: s.at, key: `s${s.index}`, step: s, contact: null })),
    ...data.contacts.map((c, i) => ({ at: c.at, key: `c${i}`, step: null, contact: c })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section className="page qa-replay" data-testid="replay-page" data-coverage={data.coverage}>
      <div className="page-head">
        <h1 id="replay-title">
          {t('qa.replay.title')} {data.ref}
        </h1>
        <span className="badge badge-info">{t(`kind.${data.kind}`)}</span>
        {data.coverage !== 'full' && <span className="badge">{t(`qa.replay.coverage.${data.coverage}`)}</span>}
        <Link to={`/cases/${data.caseId}`}>{t('qa.replay.openCase')}</Link>
      </div>
      {step && (
        <>
          <div className="qa-stepper" role="group" aria-label={t('qa.replay.steps')}>
            <button
              type="button"
              onClick={() => go(index - 1)}
              disabled={index <= 1}
              data-testid="replay-prev"
              aria-keyshortcuts="ArrowLeft"
            >
              ← {t('qa.replay.prev')}
            </button>
            <span data-testid="replay-position" data-index={index}>
              {t('qa.replay.position', { index, total: steps.length })}
            </span>
            <button
              type="button"
              onClick={() => go(index + 1)}
              disabled={index >= steps.length}
              data-testid="replay-next"
              aria-keyshortcuts="ArrowRight"
            >
              {t('qa.replay.next')} →
            </button>
            <span className="muted">{t('qa.replay.keys')}</span>
          </div>
          <div className="panel" data-testid="replay-step" data-event={step.event} data-to={step.to}>
            <p className="qa-step-head">
              <strong data-testid="replay-event">{labels.event(data.kind, step.event)}</strong>{' '}
              <span className="mono" data-testid="replay-at">
                {formatSeconds(step.at)}
              </span>{' '}
              · {step.actor.name} ({t(`roles.${step.role}`, { defaultValue: step.role })}) ·{' '}
              {step.from ? labels.state(data.kind, step.from) : '—'} → {labels.state(data.kind, step.to)}
            </p>
            <StateDiagram kind={data.kind} state={step.to} history={history} />
          </div>
          <div className="qa-columns">
            <div>
              <MoneyPanel step={step} />
              <h2>{t('qa.replay.data')}</h2>
              <StepData step={step} />
            </div>
            <aside>
              <h2>{t('qa.replay.timeline')}</h2>
              <ol className="qa-timeline" data-testid="replay-timeline">
                {timeline.map((item) =>
                  item.step ? (
                    <li key={item.key} className={item.step.index === index ? 'current' : undefined}>
                      <button type="button" className="link" onClick={() => go(item.step.index)}>
                        <span className="mono">{formatSeconds(item.at).slice(11)}</span>{' '}
                        {labels.event(data.kind, item.step.event)}
                      </button>
                    </li>
                  ) : (
                    <li key={item.key} className="qa-contact" data-testid="replay-contact">
                      <span className="mono">{formatSeconds(item.at).slice(11)}</span>{' '}
                      {t(`qa.replay.contact.${item.contact?.kind ?? 'call_event'}`)} {item.contact?.label}
                      {item.contact?.text ? `: ${item.contact.text}` : ''}
                    </li>
                  ),
                )}
              </ol>
            </aside>
          </div>
        </>
      )}
      {(user.role === 'qa' || user.role === 'admin') && <ReviewForm caseId={data.caseId} kind={data.kind} />}
      <CaseReviews caseId={data.caseId} />
    </section>
  );
}
