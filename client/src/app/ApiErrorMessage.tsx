import { useTranslation } from 'react-i18next';
import { readApiError } from '../lib/api-errors';
import { pickLanguage } from '../lib/i18n';

/**
 * A failed call in the agent's language: what kind of failure (from the catalogue), then the
 * specific reason — the machine's own bilingual reason when there is one, else the server's text.
 */
export function ApiErrorMessage({ error, testId }: { error: unknown; testId?: string }) {
  const { t, i18n } = useTranslation();
  const apiError = readApiError(error);
  const detail = apiError.reason
    ? pickLanguage(apiError.reason, i18n.language)
    : apiError.code === 'NETWORK'
      ? ''
      : apiError.serverMessage;
  return (
    <div className="form-error" role="alert" data-testid={testId} data-error-code={apiError.code}>
      {/* When the case said why it refused, that reason is the message; the generic line would only blur it. */}
      <p>{apiError.reason ? t('errors.REFUSED') : t(`errors.${apiError.code}`)}</p>
      {detail && <p className="server-message">{detail}</p>}
    </div>
  );
}
