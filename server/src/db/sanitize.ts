/**
 * Query options for every filter that carries a value the client sent. With sanitizeFilter a
 * value like { $ne: '' } that slipped past validation is compared literally ($eq) instead of
 * running as an operator; an operator the server means is wrapped in mongoose.trusted(...).
 *
 * Per query rather than mongoose.set('sanitizeFilter', true): the global switch would also turn
 * the case engine's own operators ($in, $lte, $ne guards) into literal matches that silently
 * match nothing.
 */
export const clientFilter = { sanitizeFilter: true } as const;

/** Escapes text typed by a user so it matches literally inside a RegExp (names, station codes). */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
