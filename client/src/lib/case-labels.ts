import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { caseEventLabels, caseStateLabels, type CaseKind } from '../../../shared/case-vocabulary';
import { pickLanguage } from './i18n';

/**
 * Machine states and events in words, from the machines' own label tables (shared/case-vocabulary),
 * in the current language. Unknown names fall back to the raw name rather than to nothing.
 */
export function useCaseLabels() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  // One object per language, so lists worded with it can be memoised on it.
  return useMemo(
    () => ({
      language,
      state: (kind: CaseKind, state: string): string => {
        const label = caseStateLabels[kind][state];
        return label ? pickLanguage(label, language) : state;
      },
      event: (kind: CaseKind, type: string): string => {
        const label = caseEventLabels[kind][type];
        // Engine-level entries (CREATED) are not machine events: the console's catalogue names them.
        return label ? pickLanguage(label, language) : t(`events.${type}`, { defaultValue: type });
      },
    }),
    [t, language],
  );
}
