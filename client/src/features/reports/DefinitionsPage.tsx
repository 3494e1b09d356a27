import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { figureDefinitions } from '../../../../workflows/reports/definitions';

/** The definitions every report figure follows, straight from workflows/reports/definitions.ts. */
export function DefinitionsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language.startsWith('en');
  return (
    <section className="page" aria-labelledby="definitions-title">
      <header className="page-head">
        <h1 id="definitions-title">{t('reports.definitionsTitle')}</h1>
        <Link to="/reports">{t('reports.backToReports')}</Link>
      </header>
      <p className="muted">{t('reports.definitionsIntro')}</p>
      <dl className="definitions panel" data-testid="report-definitions">
        {figureDefinitions.map((d) => (
          <div key={d.id} data-testid={`definition-${d.id}`}>
            <dt className="strong">{en ? d.en : d.zh}</dt>
            <dd>{en ? d.enText : d.zhText}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
