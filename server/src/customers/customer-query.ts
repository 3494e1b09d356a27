/**
 * What an agent typed into the one search box, worked out from its shape. Phone numbers and ID
 * numbers only ever match whole (a prefix would let anyone read a masked number digit by digit):
 * - 18 characters of digits ending in a digit or X: a resident ID number;
 * - digits only (spaces, dashes and a +86 prefix ignored): a whole phone number or a whole ID number;
 * - a name with four digits before or after it: the last four digits of the phone, with the name;
 * - letters and digits mixed: a booking reference, a ticket number, or a passport/permit number;
 * - anything else: a name (of a customer, or of a passenger on their bookings).
 */
export type CustomerQuery =
  | { kind: 'residentId'; idNumber: string }
  | { kind: 'digits'; digits: string }
  | { kind: 'nameAndLastFour'; text: string; lastFour: string }
  | { kind: 'code'; code: string }
  | { kind: 'name'; text: string };

/** How a search looked for someone: every kind but a plain name is a lookup by an identifier, counted and audited. */
export type CustomerQueryKind = CustomerQuery['kind'];

export function classifyCustomerQuery(query: string): CustomerQuery {
  const trimmed = query.trim();
  const compact = trimmed.replace(/[\s-]/g, '');
  if (/^\d{17}[\dXx]$/.test(compact)) return { kind: 'residentId', idNumber: compact.toUpperCase() };
  const withoutCountry = compact.replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
  if (/^\d{1,20}$/.test(withoutCountry)) return { kind: 'digits', digits: withoutCountry };
  const lastFour = /^(?:(\D+?)\s*(\d{4})|(\d{4})\s*(\D+?))$/.exec(trimmed);
  if (lastFour) {
    const name = (lastFour[1] ?? lastFour[4] ?? '').trim();
    const digits = lastFour[2] ?? lastFour[3] ?? '';
    // "张伟 5678", "张伟5678", "Smith 1111"; "Li2345" without a space stays a code (it may be a passport number).
    if (name.length > 0 && (/\s/.test(trimmed) || /[^\p{ASCII}]/u.test(name)))
      return { kind: 'nameAndLastFour', text: name.toLowerCase(), lastFour: digits };
  }
  if (/^[A-Za-z0-9]{5,20}$/.test(compact) && /\d/.test(compact) && /[A-Za-z]/.test(compact)) {
    return { kind: 'code', code: compact.toUpperCase() };
  }
  return { kind: 'name', text: trimmed.toLowerCase() };
}
