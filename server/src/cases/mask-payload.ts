import { maskEmail, maskIdNumber, maskPhone } from '../../../shared/identity';

const maskers: Record<string, (value: string) => string> = {
  idNumber: maskIdNumber,
  phone: maskPhone,
  email: maskEmail,
};

/**
 * History is append-only and read by QA, so personal data is masked before it is written, at any
 * depth of the payload (passenger lists carry ID numbers).
 */
export function maskPayload<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskPayload(item)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const masker = maskers[key];
      out[key] = masker && typeof inner === 'string' ? masker(inner) : maskPayload(inner);
    }
    return out as T;
  }
  return value;
}
