import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { ChatLocale } from '../../../shared/chat';
import zhCN from './locales/zh-CN.json';
import en from './locales/en.json';

const STORAGE_KEY = 'td.chat.lang';

/** The chat page's own catalogue (none of the console's); zh-CN unless the customer chose English. */
export function chatLanguage(): ChatLocale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function createChatI18n(language: ChatLocale = chatLanguage()): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'zh-CN',
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  instance.on('languageChanged', (lng) => {
    try {
      localStorage.setItem(STORAGE_KEY, lng);
    } catch {
      // The choice still holds for this page.
    }
    document.documentElement.lang = lng;
    document.title = instance.t('title');
  });
  document.documentElement.lang = language;
  document.title = instance.t('title');
  return instance;
}
