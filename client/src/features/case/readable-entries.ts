/**
 * A record's entries worth showing an agent: no empty values, and no id whose readable twin is
 * there too (assignee beside assigneeId, bookingRef beside bookingId, newBookingRef beside
 * newBookingId). A lone id stays: it is all there is.
 */
export function readableEntries(record: Record<string, unknown>): [string, unknown][] {
  const present = (key: string) => record[key] !== undefined && record[key] !== null;
  const hasTwin = (key: string) => key.endsWith('Id') && [key.slice(0, -2), `${key.slice(0, -2)}Ref`].some(present);
  return Object.entries(record).filter(([key, value]) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && !hasTwin(key));
}
