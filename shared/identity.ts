/**
 * Resident identity card number (GB 11643-1999): 6-digit area, 8-digit birth date,
 * 3-digit sequence (odd: male), check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '';
}

export type ResidentIdProblem = 'length' | 'format' | 'birthDate' | 'checksum';

export function checkResidentId(
  id: string,
): { ok: true; birthDate: string; male: boolean } | { ok: false; problem: ResidentIdProblem } {
  if (id.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: 'birthDate' };
  }
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    male: Number(id[16]) % 2 === 1,
  };
}

export function isValidResidentId(id: string): boolean {
  return checkResidentId(id).ok;
}

/** Age in whole years on a calendar date (YYYY-MM-DD), from a birth date (YYYY-MM-DD). */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = onDate.split('-').map(Number) as [number, number, number];
  let age = oy - by;
  if (om < bm || (om === bm && od < bd)) age -= 1;
  return age;
}

export const idTypes = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit'] as const;
export type IdType = (typeof idTypes)[number];

/**
 * Masks all but the first and last few characters: 110105********002X (a resident ID keeps its
 * area and last four, hiding the birth date), E1*****78. A short number (passport, permit) shows at
 * most a quarter at each end: showing six and four of a 9-character passport showed all of it.
 */
export function maskIdNumber(id: string): string {
  if (id.length <= 6) return '*'.repeat(id.length);
  if (id.length >= 15) return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
  const shown = Math.floor(id.length / 4);
  return id.slice(0, shown) + '*'.repeat(id.length - 2 * shown) + id.slice(-shown);
}

export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '****' + phone.slice(-4);
}

export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at <= 1) return email.replace(/^[^@]*/, '*');
  return email[0] + '***' + email.slice(at);
}
