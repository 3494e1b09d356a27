import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { useTRPC, type RouterOutputs } from '../../lib/trpc';
import { ReviewCard } from './MyReviewsPage';

type Review = RouterOutputs['qa']['reviews']['disputes'][number];
type Outcome = 'accepted' | 'partly' | 'rejected';
type Value = Review['answers'][number]['value'];

function Resolve({ review }: { review: Review }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [outcome, setOutcome] = useState<Outcome>('rejected');
  const [comment, setComment] = useState('');
  const [answers, setAnswers] = useState<Record<string, Value>>(
    Object.fromEntries(review.answers.map((a) => [a.questionId, a.value])),
  );
  const resolve = useMutation(
    trpc.qa.reviews.resolve.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.qa.reviews.disputes.queryKey() }),
    }),
  );
  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        resolve.mutate({
          reviewId: review.id,
          outcome,
          comment,
          ...(outcome === 'rejected'
            ? {}
            : {
                answers: review.answers.map((a) => ({
                  questionId: a.questionId,
                  value: answers[a.questionId] ?? a.value,
                })),
              }),
        });
      }}
    >
      <div role="radiogroup" className="qa-options">
        {(['accepted', 'partly', 'rejected'] as const).map((o) => (
          <label key={o} className="field-check">
            <input
              type="radio"
              name={`outcome-${review.id}`}
              checked={outcome === o}
              onChange={() => setOutcome(o)}
              data-testid={`outcome-${o}`}
            />
            {t(`qa.dispute.status.${o}`)}
          </label>
        ))}
      </div>
      {outcome !== 'rejected' &&
        review.answers.map((a) => (
          <label key={a.questionId} className="field">
            <span className="mono">{a.questionId}</span>
            <select
              value={String(answers[a.questionId])}
              onChange={(e) => {
                const v = e.target.value;
                setAnswers((x) => ({ ...x, [a.questionId]: /^\d$/.test(v) ? Number(v) : (v as Value) }));
              }}
            >
              {['yes', 'no', 'na', '1', '2', '3', '4', '5'].map((v) => (
                <option key={v} value={v}>
                  {/^\d$/.test(v) ? v : t(`qa.review.value.${v}`)}
                </option>
              ))}
            </select>
          </label>
        ))}
      <input
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('qa.dispute.resolution')}
        maxLength={2000}
      />
      <button type="submit" disabled={!comment.trim() || resolve.isPending}>
        {t('qa.dispute.resolve')}
      </button>
      {resolve.isError && <ApiErrorMessage error={resolve.error} />}
    </form>
  );
}

/** Open disputes for supervisors and QA leads: the score changes only through a resolution here. */
export function DisputesPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const disputes = useQuery(trpc.qa.reviews.disputes.queryOptions());
  const scorecards = useQuery(trpc.qa.scorecards.list.queryOptions());
  return (
    <section className="page" data-testid="qa-disputes">
      <div className="page-head">
        <h1>{t('qa.dispute.title')}</h1>
      </div>
      {disputes.isError && <ApiErrorMessage error={disputes.error} />}
      {disputes.data?.length === 0 && <p className="empty">{t('qa.dispute.none')}</p>}
      {disputes.data?.map((r) => (
        <ReviewCard key={r.id} review={r} scorecard={scorecards.data?.find((s) => s.id === r.scorecardId)}>
          <p>
            <Link to={`/qa/cases/${r.caseId}`}>{t('qa.replay.title')}</Link>
          </p>
          <Resolve review={r} />
        </ReviewCard>
      ))}
    </section>
  );
}
