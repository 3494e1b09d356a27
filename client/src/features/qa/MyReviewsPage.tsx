import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from '../../app/ApiErrorMessage';
import { pickLanguage } from '../../lib/i18n';
import { useTRPC, type RouterOutputs } from '../../lib/trpc';
import { formatSeconds } from './qa-format';

type Review = RouterOutputs['qa']['reviews']['mine'][number];
type Scorecard = RouterOutputs['qa']['scorecards']['list'][number];

function answerText(t: (k: string) => string, value: Review['answers'][number]['value']): string {
  return typeof value === 'number' ? `${value}/5` : t(`qa.review.value.${value}`);
}

/** One review as its agent reads it: the answers per question, the comments, and the dispute. */
export function ReviewCard({
  review,
  scorecard,
  children,
}: {
  review: Review;
  scorecard: Scorecard | undefined;
  children?: React.ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const questions = new Map((scorecard?.sections ?? []).flatMap((s) => s.questions).map((q) => [q.id, q]));
  return (
    <article className="panel" data-testid="my-review" data-review-id={review.id} data-score={review.score}>
      <h2>
        {review.caseRef} · {t('qa.review.score')} <strong data-testid="my-review-score">{review.score}</strong>
        {review.score !== review.originalScore && (
          <span className="muted"> ({t('qa.reviews.was', { score: review.originalScore })})</span>
        )}
      </h2>
      <p className="muted">
        {review.reviewer.name} · {formatSeconds(review.createdAt)} ·{' '}
        {scorecard ? pickLanguage(scorecard.name, i18n.language) : review.scorecardFamily} v{review.scorecardVersion}
      </p>
      {review.criticalFailed.length > 0 && <p className="badge badge-bad">{t('qa.review.criticalFailed')}</p>}
      <table className="data-table compact">
        <tbody>
          {review.answers.map((a) => (
            <tr key={a.questionId} className={review.criticalFailed.includes(a.questionId) ? 'qa-changed' : undefined}>
              <td>
                {questions.get(a.questionId)
                  ? pickLanguage(questions.get(a.questionId)?.text, i18n.language)
                  : a.questionId}
              </td>
              <td>{answerText(t, a.value)}</td>
              <td className="muted">{a.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {review.comment && <p data-testid="my-review-comment">{review.comment}</p>}
      {review.dispute && (
        <p data-testid="my-review-dispute" data-status={review.dispute.status}>
          {t('qa.reviews.dispute')}: {t(`qa.dispute.status.${review.dispute.status}`)} — {review.dispute.comment}
          {review.dispute.resolution && ` · ${review.dispute.resolvedBy?.name ?? ''}: ${review.dispute.resolution}`}
        </p>
      )}
      {children}
    </article>
  );
}

function DisputeForm({ review }: { review: Review }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [comment, setComment] = useState('');
  const dispute = useMutation(
    trpc.qa.reviews.dispute.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.qa.reviews.mine.queryKey() }),
    }),
  );
  if (!review.disputable) return review.dispute ? null : <p className="muted">{t('qa.dispute.windowClosed')}</p>;
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        dispute.mutate({ reviewId: review.id, comment });
      }}
    >
      <input
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        placeholder={t('qa.dispute.why')}
        maxLength={2000}
        data-testid="dispute-comment"
      />
      <button type="submit" disabled={!comment.trim() || dispute.isPending} data-testid="dispute-submit">
        {t('qa.dispute.open', { date: formatSeconds(review.disputeWindowEndsAt).slice(0, 10) })}
      </button>
      {dispute.isError && <ApiErrorMessage error={dispute.error} />}
    </form>
  );
}

/** An agent's own reviews (the server sends no one else's); each may be disputed within 7 days. */
export function MyReviewsPage() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const reviews = useQuery(trpc.qa.reviews.mine.queryOptions());
  const scorecards = useQuery(trpc.qa.scorecards.list.queryOptions());
  return (
    <section className="page" data-testid="my-reviews">
      <div className="page-head">
        <h1>{t('qa.reviews.mine')}</h1>
      </div>
      {reviews.isError && <ApiErrorMessage error={reviews.error} />}
      {reviews.data?.length === 0 && <p className="empty">{t('qa.reviews.none')}</p>}
      {reviews.data?.map((r) => (
        <ReviewCard key={r.id} review={r} scorecard={scorecards.data?.find((s) => s.id === r.scorecardId)}>
          <DisputeForm review={r} />
        </ReviewCard>
      ))}
    </section>
  );
}
