/**
 * The daily reconciliation of one business day: what the cases decided against what the payment
 * side recorded, the mismatches, the day's adjustments, and (supervisors, admins) closing the day
 * with a note. A closed day shows what it showed when it was closed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dayCloserRoles } from '../../../../shared/reports';
import { moneyFlows } from '../../../../workflows/reports/reconcile';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useSessionUser } from '../../app/session';
import { formatDateTime, formatFen, parseYuanToFen } from '../../lib/format';
import { useSubmitKey } from '../../lib/idempotency';
import { useTRPC } from '../../lib/trpc';

export function ReconciliationPanel({ defaultDate }: { defaultDate: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const [date, setDate] = useState(defaultDate);
  const [note, setNote] = useState('');
  const submitKey = useSubmitKey();
  const day = useQuery(trpc.reconciliation.day.queryOptions({ date }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.reconciliation.day.queryKey({ date }) });
  const close = useMutation(trpc.reconciliation.close.mutationOptions({ onSuccess: refresh }));
  const prepare = useMutation(trpc.reconciliation.prepare.mutationOptions({ onSuccess: refresh }));
  const mayClose = dayCloserRoles.includes(user.role);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    close.mutate({ date, note, idempotencyKey: submitKey.keyFor(`${date}:${note}`) });
  };

  return (
    <section className="panel reconciliation" aria-labelledby="recon-title" data-testid="reconciliation">
      <header className="page-head">
        <h2 id="recon-title">{t('reports.recon.title')}</h2>
        <label className="field inline">
          <span>{t('reports.recon.date')}</span>
          <input
            type="date"
            value={date}
            max={defaultDate}
            data-testid="recon-date"
            onChange={(e) => e.target.value && setDate(e.target.value)}
          />
        </label>
        {day.data && (
          <span
            className={`badge ${day.data.status === 'closed' ? 'badge-ok' : 'badge-info'}`}
            data-testid="recon-status"
          >
            {t(`reports.recon.status.${day.data.status}`)}
          </span>
        )}
      </header>
      {day.error && <ApiErrorMessage error={day.error} />}
      {day.data && (
        <>
          <table className="data-table compact framed" data-testid="recon-totals">
            <thead>
              <tr>
                <th />
                <th className="num">{t('reports.recon.count')}</th>
                <th className="num">{t('reports.recon.expected')}</th>
                <th className="num">{t('reports.recon.actual')}</th>
              </tr>
            </thead>
            <tbody>
              {moneyFlows.map((flow) => (
                <tr key={flow}>
                  <th scope="row">{t(`reports.recon.flow.${flow}`)}</th>
                  <td className="num">{day.data.totals[flow].count}</td>
                  <td className="num">{formatFen(day.data.totals[flow].expectedFen)}</td>
                  <td className="num">{formatFen(day.data.totals[flow].actualFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('reports.recon.mismatches')}</h3>
          {day.data.mismatches.length === 0 ? (
            <p className="muted" data-testid="recon-no-mismatches">
              {t('reports.recon.noMismatches')}
            </p>
          ) : (
            <table className="data-table compact" data-testid="recon-mismatches">
              <thead>
                <tr>
                  <th>{t('reports.recon.mismatches')}</th>
                  <th>{t('reports.recon.case')}</th>
                  <th>{t('reports.recon.gatewayRef')}</th>
                  <th className="num">{t('reports.recon.expected')}</th>
                  <th className="num">{t('reports.recon.actual')}</th>
                </tr>
              </thead>
              <tbody>
                {day.data.mismatches.map((m, i) => (
                  <tr key={`${m.reason}-${m.caseRef ?? ''}-${m.gatewayRef ?? ''}-${i}`} data-reason={m.reason}>
                    <td>
                      {t(`reports.recon.reason.${m.reason}`)} · {t(`reports.recon.flow.${m.kind}`)}
                    </td>
                    <td className="mono">{m.caseRef ?? '–'}</td>
                    <td className="mono">{m.gatewayRef ?? '–'}</td>
                    <td className="num">{formatFen(m.expectedFen)}</td>
                    <td className="num">{formatFen(m.actualFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {day.data.adjustments.length > 0 && (
            <>
              <h3>{t('reports.recon.adjustments')}</h3>
              <ul data-testid="recon-adjustments">
                {day.data.adjustments.map((a) => (
                  <li key={a.id}>
                    {a.correctsDate} · {t(`reports.recon.flow.${a.kind}`)} · {formatFen(a.amountFen)} · {a.note} (
                    {a.by.name})
                  </li>
                ))}
              </ul>
            </>
          )}
          {day.data.status === 'closed' ? (
            <p className="notice" data-testid="recon-closed">
              {t('reports.recon.closedBy', {
                name: day.data.closedBy?.name ?? '',
                at: day.data.closedAt ? formatDateTime(day.data.closedAt) : '',
                note: day.data.note ?? '',
              })}{' '}
              <span className="muted">{t('reports.recon.closedNever')}</span>
            </p>
          ) : (
            mayClose && (
              <form className="inline-form" onSubmit={submit} data-testid="recon-close-form">
                <label className="field">
                  <span>{t('reports.recon.note')}</span>
                  <input
                    value={note}
                    maxLength={2000}
                    data-testid="recon-note"
                    onChange={(e) => setNote(e.target.value)}
                  />
                </label>
                <button type="submit" disabled={note.trim() === '' || close.isPending} data-testid="recon-close">
                  {t('reports.recon.close')}
                </button>
                <button
                  type="button"
                  disabled={prepare.isPending}
                  onClick={() => prepare.mutate({ date })}
                  data-testid="recon-prepare"
                >
                  {t('reports.recon.prepare')}
                </button>
              </form>
            )
          )}
          {mayClose && <AdjustmentForm correctsDate={date} />}
          {close.error && <ApiErrorMessage error={close.error} testId="recon-close-error" />}
          {prepare.error && <ApiErrorMessage error={prepare.error} />}
        </>
      )}
    </section>
  );
}

/** A correction of any past day; the server enters it on today, whatever day it corrects. */
function AdjustmentForm({ correctsDate }: { correctsDate: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<(typeof moneyFlows)[number]>('refund');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const submitKey = useSubmitKey();
  const adjust = useMutation(
    trpc.reconciliation.adjust.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reconciliation.day.queryKey() }),
    }),
  );
  const negative = amount.trim().startsWith('-');
  const fen = parseYuanToFen(amount.trim().replace(/^-/, ''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (fen === null || fen === 0) return;
    const amountFen = negative ? -fen : fen;
    adjust.mutate({
      correctsDate,
      kind,
      amountFen,
      note,
      idempotencyKey: submitKey.keyFor(`${correctsDate}:${kind}:${amountFen}:${note}`),
    });
  };
  return (
    <form
      className="inline-form"
      onSubmit={submit}
      data-testid="recon-adjust-form"
      aria-label={t('reports.recon.adjust.title')}
    >
      <strong>{t('reports.recon.adjust.title')}</strong>
      <label className="field">
        <span>{t('reports.recon.adjust.kind')}</span>
        <select
          value={kind}
          onChange={(e) => setKind(e.target.value as (typeof moneyFlows)[number])}
          data-testid="recon-adjust-kind"
        >
          {moneyFlows.map((f) => (
            <option key={f} value={f}>
              {t(`reports.recon.flow.${f}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t('reports.recon.adjust.amount')}</span>
        <input
          value={amount}
          inputMode="decimal"
          onChange={(e) => setAmount(e.target.value)}
          data-testid="recon-adjust-amount"
        />
      </label>
      <label className="field">
        <span>{t('reports.recon.adjust.note')}</span>
        <input
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
          data-testid="recon-adjust-note"
        />
      </label>
      <button
        type="submit"
        disabled={fen === null || fen === 0 || note.trim() === '' || adjust.isPending}
        data-testid="recon-adjust"
      >
        {t('reports.recon.adjust.submit')}
      </button>
      {adjust.data && (
        <span className="muted" data-testid="recon-adjust-entered">
          {t('reports.recon.adjust.entered', { madeOn: adjust.data.madeOn, correctsDate: adjust.data.correctsDate })}
        </span>
      )}
      {adjust.error && <ApiErrorMessage error={adjust.error} />}
    </form>
  );
}
