/**
 * For values the client only knows as JSON (error details, history payloads, form values,
 * projected facts shown generically): a non-array object whose fields can be read one by one.
 * Case data itself is typed by kind (./case-detail.ts) and needs no guard.
 */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
