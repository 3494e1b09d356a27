import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSessionUser } from '../../app/session';
import { pickLanguage } from '../../lib/i18n';
import { useTRPC } from '../../lib/trpc';
import { formatSeconds } from './qa-format';

/** The reviews of a case and, with two or more, the calibration spread per question. */
export function CaseReviews({ caseId }: { caseId: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const user = useSessionUser();
  const allowed = user.role === 'qa' || user.role === 'supervisor' || user.role === 'admin';
  const reviews = useQuery({ ...trpc.qa.reviews.forCase.queryOptions({ caseId }), enabled: allowed });
  const several = (reviews.data?.length ?? 0) >= 2;
  const calibration = useQuery({ ...trpc.qa.calibration.queryOptions({ caseId }), enabled: allowed && several });
  if (!allowed || !reviews.data || reviews.data.length === 0) return null;
  return (
    <section className="panel" data-testid="case-reviews">
      <h2>{t('qa.reviews.ofCase')}</h2>
      <table className="data-table compact">
        <thead>
          <tr>
            <th>{t('qa.reviews.reviewer')}</th>
            <th>{t('qa.reviews.at')}</th>
            <th className="num">{t('qa.review.score')}</th>
            <th>{t('qa.reviews.dispute')}</th>
          </tr>
        </thead>
        <tbody>
          {reviews.data.map((r) => (
            <tr key={r.id}>
              <td>{r.reviewer.name}</td>
              <td className="mono">{formatSeconds(r.createdAt)}</td>
              <td className="num">{r.score}</td>
              <td>{r.dispute ? t(`qa.dispute.status.${r.dispute.status}`) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {calibration.data?.groups.map((g) => (
        <div key={g.scorecardId} data-testid="calibration">
          <h3>
            {t('qa.calibration.title')} · {g.family} v{g.version}
          </h3>
          <table className="data-table compact">
            <thead>
              <tr>
                <th>{t('qa.calibration.question')}</th>
                {g.reviewers.map((r) => (
                  <th key={r.id}>{r.name}</th>
                ))}
                <th className="num">{t('qa.calibration.spread')}</th>
              </tr>
            </thead>
            <tbody>
              {g.questions.map((q) => (
                <tr key={q.questionId} className={q.spread && q.spread.spread >= 0.5 ? 'qa-changed' : undefined}>
                  <td>{pickLanguage(q.text, i18n.language)}</td>
                  {q.answers.map((a) => (
                    <td key={a.reviewerId}>
                      {a.value === null ? '—' : typeof a.value === 'number' ? a.value : t(`qa.review.value.${a.value}`)}
                    </td>
                  ))}
                  <td className="num">{q.spread ? `${Math.round(q.spread.spread * 100)}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
