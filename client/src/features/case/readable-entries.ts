/**
 * A record's entries worth showing an agent: no empty values, and no id whose readable twin is
 * there too (assignee beside assigneeId, bookingRef beside bookingId, newBookingRef beside
 * newBookingId). A lone id stays: it is all there is. Any object will do: a case's typed data, a
 * history payload, a nested fact.
 */
export function readableEntries(record: object): [string, unknown][] {
  const entries: [string, unknown][] = Object.entries(record);
  const values = new Map(entries);
  const present = (key: string) => values.get(key) !== undefined && values.get(key) !== null;
  const hasTwin = (key: string) => key.endsWith('Id') && [key.slice(0, -2), `${key.slice(0, -2)}Ref`].some(present);
  return entries.filter(
    ([key, value]) =>
      value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && !hasTwin(key),
  );
}
