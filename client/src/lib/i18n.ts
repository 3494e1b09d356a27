import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import zhCN from '../locales/zh-CN.json';
import en from '../locales/en.json';

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'td.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode or storage full: the choice still holds for this page.
  }
}

/** A fresh i18next instance (the app makes one; each test makes its own). */
export function createI18n(language: Language = storedLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
    showSupportNotice: false,
  });
  instance.on('languageChanged', (lng) => {
    if (isLanguage(lng)) {
      rememberLanguage(lng);
      document.documentElement.lang = lng;
      document.title = instance.t('app.name');
    }
  });
  document.documentElement.lang = language;
  document.title = instance.t('app.name');
  // zod's messages follow the language where forms load (./zod-language): zod is not in the first load.
  return instance;
}

/** Picks the text for the current language from a bilingual pair the server sends (quote explanations). */
export function pickLanguage(text: { 'zh-CN': string; en: string } | null | undefined, language: string): string {
  if (!text) return '';
  return language.startsWith('en') ? text.en : text['zh-CN'];
}
