/**
 * Standard phrases (macros): short texts in zh-CN and en that agents insert into chat replies and
 * case notes, with variables filled from what the agent has open. Supervisors and admins manage
 * them; everyone signed in reads them.
 */
import { z } from 'zod';
import type { Role } from './roles';

/** `quote.total`: what changes hands on the current quote (a refund's amount back, a change's amount to pay). */
export const macroVariables = ['customer.name', 'booking.ref', 'case.ref', 'quote.total'] as const;
export type MacroVariable = (typeof macroVariables)[number];
/** What the open chat or case knows; a variable without a value stays as its placeholder for the agent to fill. */
export type MacroValues = Partial<Record<MacroVariable, string | null>>;

export const macroCategories = [
  'greeting',
  'verification',
  'refund',
  'change',
  'complaint',
  'closing',
  'other',
] as const;
export type MacroCategory = (typeof macroCategories)[number];

/** Roles that create, edit and remove macros. */
export const macroManagerRoles: readonly Role[] = ['supervisor', 'admin'];

const localizedSchema = (max: number) =>
  z
    .object({
      'zh-CN': z.string().trim().min(1).max(max),
      en: z.string().trim().min(1).max(max),
    })
    .strict();

export const macroInputSchema = z
  .object({
    /** What the agent types after "/" (lower-case letters, digits and dashes). */
    shortcut: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes, 2 to 40 characters'),
    category: z.enum(macroCategories),
    title: localizedSchema(80),
    text: localizedSchema(2000),
  })
  .strict();
export type MacroInput = z.infer<typeof macroInputSchema>;

export const macroUpdateInputSchema = z
  .object({ id: z.string().regex(/^[0-9a-f]{24}$/), macro: macroInputSchema })
  .strict();
export const macroByIdInputSchema = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/) }).strict();

export type MacroDTO = MacroInput & { id: string; updatedAt: string };

const VARIABLE = /\{(customer\.name|booking\.ref|case\.ref|quote\.total)\}/g;

/** The macro's text with the variables that have a value filled in; the others are left as `{name}`. */
export function renderMacro(text: string, values: MacroValues): string {
  return text.replace(VARIABLE, (placeholder, name: MacroVariable) => {
    const value = values[name];
    return value === undefined || value === null || value === '' ? placeholder : value;
  });
}

/**
 * When the text before the caret ends in "/word" at the start or after a space, the word typed so
 * far (possibly empty) and where the slash is; otherwise null. Drives the "/" picker.
 */
export function slashQuery(textBeforeCaret: string): { query: string; start: number } | null {
  const match = /(^|\s)\/([a-z0-9-]{0,40})$/.exec(textBeforeCaret);
  if (!match) return null;
  return { query: match[2] ?? '', start: textBeforeCaret.length - (match[2] ?? '').length - 1 };
}

/** Macros whose shortcut or title contains the query (case-insensitive), shortcut-prefix matches first. */
export function matchMacros<T extends Pick<MacroDTO, 'shortcut' | 'title'>>(macros: readonly T[], query: string): T[] {
  const q = query.toLowerCase();
  const hits = macros.filter(
    (m) => m.shortcut.includes(q) || m.title['zh-CN'].toLowerCase().includes(q) || m.title.en.toLowerCase().includes(q),
  );
  return hits.sort((a, b) => Number(!a.shortcut.startsWith(q)) - Number(!b.shortcut.startsWith(q)));
}
