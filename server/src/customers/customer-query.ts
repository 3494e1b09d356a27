/**
 * What an agent typed into the one search box, worked out from its shape:
 * - 18 characters of digits ending in a digit or X: a resident ID number;
 * - digits (spaces, dashes and a +86 prefix ignored): a phone number or its start, or an ID number;
 * - letters and digits mixed: a booking reference, or a passport/permit number;
 * - anything else: a name.
 */
export type CustomerQuery =
  | { kind: 'residentId'; idNumber: string }
  | { kind: 'digits'; digits: string }
  | { kind: 'code'; code: string }
  | { kind: 'name'; text: string };

export function classifyCustomerQuery(query: string): CustomerQuery {
  const trimmed = query.trim();
  const compact = trimmed.replace(/[\s-]/g, '');
  if (/^\d{17}[\dXx]$/.test(compact)) return { kind: 'residentId', idNumber: compact.toUpperCase() };
  const withoutCountry = compact.replace(/^(?:\+86|0086)(?=1\d{10}$)/, '');
  if (/^\d{1,20}$/.test(withoutCountry)) return { kind: 'digits', digits: withoutCountry };
  if (/^[A-Za-z0-9]{5,20}$/.test(compact) && /\d/.test(compact) && /[A-Za-z]/.test(compact)) {
    return { kind: 'code', code: compact.toUpperCase() };
  }
  return { kind: 'name', text: trimmed.toLowerCase() };
}
