import { useTranslation } from 'react-i18next';
import { isLanguage, languages } from '../lib/i18n';

const languageNames: Record<(typeof languages)[number], string> = { 'zh-CN': '中文', en: 'English' };

/** The choice is remembered in localStorage by the i18n instance. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        data-testid="language-switch"
        aria-label={t('app.language')}
        value={isLanguage(i18n.language) ? i18n.language : 'zh-CN'}
        onChange={(event) => void i18n.changeLanguage(event.target.value)}
      >
        {languages.map((language) => (
          <option key={language} value={language}>
            {languageNames[language]}
          </option>
        ))}
      </select>
    </label>
  );
}
