import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { formatFen, parseYuanToFen } from '../../lib/format';
import { pickLanguage } from '../../lib/i18n';
import { useTRPC, type RouterInputs, type RouterOutputs } from '../../lib/trpc';

type Scorecard = RouterOutputs['qa']['scorecards']['list'][number];
type Draft = RouterInputs['qa']['scorecards']['publish'];
type Rules = RouterInputs['qa']['sampling']['setRules'];

function draftOf(card: Scorecard): Draft {
  return {
    family: card.family,
    name: card.name,
    kinds: card.kinds,
    sections: card.sections.map((s) => ({ id: s.id, title: s.title, questions: s.questions.map((q) => ({ ...q })) })),
  };
}

/** Editing a scorecard saves a new version; reviews keep the version they were made with. */
function ScorecardEditor({ card }: { card: Scorecard }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => draftOf(card));
  useEffect(() => setDraft(draftOf(card)), [card]);
  const publish = useMutation(
    trpc.qa.scorecards.publish.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.qa.scorecards.list.queryKey() }),
    }),
  );
  const total = draft.sections.flatMap((s) => s.questions).reduce((sum, q) => sum + q.weight, 0);
  const update = (si: number, qi: number, patch: Partial<Draft['sections'][number]['questions'][number]>) =>
    setDraft((d) => ({
      ...d,
      sections: d.sections.map((s, i) =>
        i !== si ? s : { ...s, questions: s.questions.map((q, j) => (j === qi ? { ...q, ...patch } : q)) },
      ),
    }));
  return (
    <article className="panel" data-testid="scorecard-editor" data-family={card.family}>
      <h2>
        {pickLanguage(card.name, i18n.language)} <span className="muted">v{card.version}</span>
      </h2>
      {draft.sections.map((section, si) => (
        <table key={section.id} className="data-table compact qa-editor">
          <caption>{pickLanguage(section.title, i18n.language)}</caption>
          <thead>
            <tr>
              <th>{t('qa.scorecards.question')} (中文)</th>
              <th>{t('qa.scorecards.question')} (English)</th>
              <th className="num">{t('qa.scorecards.weight')}</th>
              <th>{t('qa.scorecards.scale')}</th>
              <th>N/A</th>
              <th>{t('qa.review.critical')}</th>
            </tr>
          </thead>
          <tbody>
            {section.questions.map((q, qi) => (
              <tr key={q.id}>
                <td>
                  <input
                    value={q.text['zh-CN']}
                    onChange={(e) => update(si, qi, { text: { ...q.text, 'zh-CN': e.target.value } })}
                  />
                </td>
                <td>
                  <input
                    value={q.text.en}
                    onChange={(e) => update(si, qi, { text: { ...q.text, en: e.target.value } })}
                  />
                </td>
                <td className="num">
                  <input
                    type="number"
                    min={0}
                    max={100}
                    value={q.weight}
                    onChange={(e) => update(si, qi, { weight: Number(e.target.value) })}
                    data-testid={`weight-${q.id}`}
                    className="qa-weight"
                  />
                </td>
                <td>
                  <select
                    value={q.scale}
                    onChange={(e) => update(si, qi, { scale: e.target.value as 'yes_no' | 'one_to_five' })}
                  >
                    <option value="yes_no">{t('qa.scorecards.yesNo')}</option>
                    <option value="one_to_five">1–5</option>
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={q.allowNa}
                    onChange={(e) => update(si, qi, { allowNa: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    checked={q.critical}
                    onChange={(e) => update(si, qi, { critical: e.target.checked })}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p data-testid="weight-total" className={total === 100 ? undefined : 'field-error'}>
        {t('qa.scorecards.total', { total })}
      </p>
      {publish.isError && <ApiErrorMessage error={publish.error} />}
      {publish.data && <p className="notice">{t('qa.scorecards.published', { version: publish.data.version })}</p>}
      <button
        type="button"
        disabled={total !== 100 || publish.isPending}
        onClick={() => publish.mutate(draft)}
        data-testid="scorecard-publish"
      >
        {t('qa.scorecards.publish')}
      </button>
    </article>
  );
}

function SamplingRulesForm() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.qa.sampling.rules.queryOptions());
  const [rules, setRules] = useState<Rules | null>(null);
  useEffect(() => {
    if (current.data) setRules(current.data.rules);
  }, [current.data]);
  const save = useMutation(
    trpc.qa.sampling.setRules.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.qa.sampling.rules.queryKey() }),
    }),
  );
  if (!rules) return null;
  const flag = (key: 'everyCompensation' | 'everyWaiverOrInvoluntary' | 'everySupervisorEscalation') => (
    <label className="field-check">
      <input type="checkbox" checked={rules[key]} onChange={(e) => setRules({ ...rules, [key]: e.target.checked })} />
      {t(`qa.sampling.${key}`)}
    </label>
  );
  return (
    <section className="panel" data-testid="sampling-rules">
      <h2>{t('qa.sampling.title')}</h2>
      <label className="field">
        <span>{t('qa.sampling.share')}</span>
        <input
          type="number"
          min={0}
          max={100}
          value={rules.sharePercent}
          onChange={(e) => setRules({ ...rules, sharePercent: Number(e.target.value) })}
        />
      </label>
      <label className="field">
        <span>{t('qa.sampling.refundAbove')}</span>
        <input
          defaultValue={(rules.refundAboveFen / 100).toFixed(2)}
          onChange={(e) =>
            setRules({ ...rules, refundAboveFen: parseYuanToFen(e.target.value) ?? rules.refundAboveFen })
          }
        />
        <span className="muted">{formatFen(rules.refundAboveFen)}</span>
      </label>
      {flag('everyCompensation')}
      {flag('everyWaiverOrInvoluntary')}
      {flag('everySupervisorEscalation')}
      <p className="muted mono">{current.data?.hash}</p>
      {save.isError && <ApiErrorMessage error={save.error} />}
      <button type="button" onClick={() => save.mutate(rules)} disabled={save.isPending}>
        {t('qa.sampling.save')}
      </button>
    </section>
  );
}

/** QA leads and admins: the scorecards (each save a new version) and the sampling rules. */
export function ScorecardsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useQuery(trpc.qa.me.queryOptions());
  const cards = useQuery(trpc.qa.scorecards.list.queryOptions());
  if (me.data && !me.data.lead)
    return (
      <p className="empty" role="alert">
        {t('errors.FORBIDDEN')}
      </p>
    );
  return (
    <section className="page" data-testid="qa-scorecards">
      <div className="page-head">
        <h1>{t('qa.scorecards.title')}</h1>
      </div>
      {cards.isError && <ApiErrorMessage error={cards.error} />}
      {(cards.data ?? [])
        .filter((c) => c.latest)
        .map((c) => (
          <ScorecardEditor key={c.id} card={c} />
        ))}
      <SamplingRulesForm />
    </section>
  );
}
