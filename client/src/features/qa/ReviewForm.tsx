import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseKind } from '../../../../shared/cases';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useSessionUser } from '../../app/session';
import { pickLanguage } from '../../lib/i18n';
import { useSubmitKey } from '../../lib/idempotency';
import { useTRPC, type RouterOutputs } from '../../lib/trpc';

type Scorecard = RouterOutputs['qa']['scorecards']['list'][number];
type Value = 'yes' | 'no' | 'na' | number;

/** Scoring a case on the latest version of a scorecard that fits its kind; the server computes the score. */
export function ReviewForm({ caseId, kind }: { caseId: string; kind: CaseKind }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const scorecards = useQuery(trpc.qa.scorecards.list.queryOptions());
  const reviews = useQuery(trpc.qa.reviews.forCase.queryOptions({ caseId }));
  const fitting = (scorecards.data ?? []).filter((s) => s.latest && (s.kinds.length === 0 || s.kinds.includes(kind)));
  const [chosen, setChosen] = useState<string | null>(null);
  const scorecard: Scorecard | undefined = fitting.find((s) => s.id === chosen) ?? fitting[0];
  const [values, setValues] = useState<Record<string, Value>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');
  const submitKey = useSubmitKey();
  const create = useMutation(
    trpc.qa.reviews.create.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.qa.reviews.forCase.queryKey({ caseId }) });
        void queryClient.invalidateQueries({ queryKey: trpc.qa.sample.mine.pathKey() });
      },
    }),
  );
  // One review per reviewer and case: theirs is listed below the replay.
  if (!scorecard || (reviews.data?.some((r) => r.reviewer.id === user.id) && !create.data)) return null;
  const questions = scorecard.sections.flatMap((s) => s.questions);
  const complete = questions.every((q) => values[q.id] !== undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const answers = questions.map((q) => ({
      questionId: q.id,
      value: values[q.id] ?? 'na',
      ...(notes[q.id] ? { comment: notes[q.id] } : {}),
    }));
    // A double click or a retry of the same answers is one review.
    const idempotencyKey = submitKey.keyFor(JSON.stringify([scorecard.id, answers, comment]));
    create.mutate({ caseId, scorecardId: scorecard.id, answers, comment, idempotencyKey });
  };
  if (create.data)
    return (
      <section className="panel" data-testid="review-saved">
        <h2>{t('qa.review.saved')}</h2>
        <p>
          {t('qa.review.score')}: <strong data-testid="review-score">{create.data.score}</strong>
          {create.data.criticalFailed.length > 0 && (
            <span className="badge badge-bad"> {t('qa.review.criticalFailed')}</span>
          )}
        </p>
      </section>
    );
  return (
    <form className="panel qa-review-form" onSubmit={submit} data-testid="review-form">
      <h2>{t('qa.review.title')}</h2>
      <label className="field">
        <span>{t('qa.review.scorecard')}</span>
        <select value={scorecard.id} onChange={(e) => setChosen(e.target.value)} data-testid="review-scorecard">
          {fitting.map((s) => (
            <option key={s.id} value={s.id}>
              {pickLanguage(s.name, i18n.language)} v{s.version}
            </option>
          ))}
        </select>
      </label>
      {scorecard.sections.map((section) => (
        <fieldset key={section.id}>
          <legend>{pickLanguage(section.title, i18n.language)}</legend>
          {section.questions.map((q) => {
            const options: Value[] = [
              ...(q.scale === 'yes_no' ? (['yes', 'no'] as const) : ([1, 2, 3, 4, 5] as const)),
              ...(q.allowNa ? (['na'] as const) : []),
            ];
            return (
              <div key={q.id} className="qa-question" data-testid={`question-${q.id}`}>
                <p>
                  {pickLanguage(q.text, i18n.language)} <span className="muted">({q.weight})</span>
                  {q.critical && <span className="badge badge-bad"> {t('qa.review.critical')}</span>}
                </p>
                <div className="qa-options" role="radiogroup">
                  {options.map((option) => (
                    <label key={String(option)} className="field-check">
                      <input
                        type="radio"
                        name={`q-${q.id}`}
                        checked={values[q.id] === option}
                        onChange={() => setValues((v) => ({ ...v, [q.id]: option }))}
                        data-testid={`answer-${q.id}-${option}`}
                      />
                      {typeof option === 'number' ? option : t(`qa.review.value.${option}`)}
                    </label>
                  ))}
                </div>
                <input
                  className="qa-note"
                  placeholder={t('qa.review.questionComment')}
                  value={notes[q.id] ?? ''}
                  onChange={(e) => setNotes((n) => ({ ...n, [q.id]: e.target.value }))}
                  maxLength={1000}
                />
              </div>
            );
          })}
        </fieldset>
      ))}
      <label className="field">
        <span>{t('qa.review.comment')}</span>
        <textarea
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          maxLength={4000}
          data-testid="review-comment"
        />
      </label>
      {create.isError && <ApiErrorMessage error={create.error} testId="review-error" />}
      <button type="submit" disabled={!complete || create.isPending} data-testid="review-submit">
        {t('qa.review.submit')}
      </button>
    </form>
  );
}
