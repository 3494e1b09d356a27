import { useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { en as zodEn, zhCN as zodZhCN } from 'zod/locales';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from './i18n';

let configured: Language | null = null;

function applyZodLanguage(language: Language): void {
  if (language === configured) return;
  z.config(language === 'en' ? zodEn() : zodZhCN());
  configured = language;
}

/**
 * Form messages from the shared zod schemas follow the console's language. Forms that validate
 * with zod call this, and only they import it: zod stays out of the first load (shell and queue).
 * zod's config is global, so a language switch while a form is open re-applies it on re-render;
 * a layout effect runs before anyone can type or submit.
 */
export function useZodLanguage(): void {
  const { i18n } = useTranslation();
  const language = isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE;
  useLayoutEffect(() => applyZodLanguage(language), [language]);
}
