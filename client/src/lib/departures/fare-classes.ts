import type { Mode } from '../../../../shared/departures';

type Name = { 'zh-CN': string; en: string };

/** Economy booking classes of Chinese carriers that have no name of their own. */
const economyBookingClasses = ['B', 'D', 'E', 'G', 'H', 'K', 'L', 'M', 'N', 'Q', 'R', 'S', 'T', 'U', 'V', 'X', 'Z'];

/**
 * Names of the rail seat classes and air fare classes everyone on the desk knows by code, for
 * when the departure's own class list is not at hand (a booking lists only codes) and for the
 * English console (departures name their classes in Chinese only). Event tiers are per show:
 * only the departure knows them.
 */
export const knownFareClasses: Record<Exclude<Mode, 'event'>, Readonly<Record<string, Name>>> = {
  rail: {
    O: { 'zh-CN': '二等座', en: 'Second class' },
    M: { 'zh-CN': '一等座', en: 'First class' },
    A9: { 'zh-CN': '商务座', en: 'Business class' },
    P: { 'zh-CN': '特等座', en: 'Premium class' },
  },
  air: {
    F: { 'zh-CN': '头等舱', en: 'First' },
    C: { 'zh-CN': '公务舱', en: 'Business' },
    J: { 'zh-CN': '公务舱', en: 'Business' },
    W: { 'zh-CN': '超级经济舱', en: 'Premium economy' },
    Y: { 'zh-CN': '经济舱全价', en: 'Economy, full fare' },
    ...Object.fromEntries(
      economyBookingClasses.map((code) => [code, { 'zh-CN': `经济舱 ${code} 舱`, en: `Economy (${code})` }]),
    ),
  },
};

export type FareClassSource = {
  mode: Mode | null | undefined;
  /** The departure's classes (code → name), when known: authoritative in Chinese. */
  names?: ReadonlyMap<string, string> | null;
  language: string;
};

/**
 * A fare class's name in the console's language, or null when nothing names the code. Chinese
 * takes the departure's own name first (it is what the customer's ticket says); English takes the
 * known English name first, since departures carry Chinese names only.
 */
export function fareClassName(code: string, { mode, names, language }: FareClassSource): string | null {
  const known = mode && mode !== 'event' ? knownFareClasses[mode][code] : undefined;
  const fromDeparture = names?.get(code) ?? null;
  if (language.startsWith('en')) return known?.en ?? fromDeparture;
  return fromDeparture ?? known?.['zh-CN'] ?? null;
}
