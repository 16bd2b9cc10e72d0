/**
 * Masking for debug links: e-mail addresses keep their first character and domain
 * (`j***@example.com`); phone numbers keep their separators and last two digits
 * (`+* (***) ***-**67`). Dates such as 2026-05-01 are not phone numbers and stay.
 */
const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;
// A run of digits and phone punctuation, starting and ending on a digit; checked for 7+ digits below.
const PHONE_CANDIDATE = /\+?\d[\d\s().-]{5,}\d/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;

function maskPhone(candidate: string): string {
  const digits = candidate.replace(/\D/g, '').length;
  if (digits < 7 || DATE_LIKE.test(candidate.trim())) return candidate;
  let seen = 0;
  return candidate.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '*'));
}

/**
 * @example maskPii('Mail ada@example.com or call +1 555 123 4567')
 * // 'Mail a***@example.com or call +* *** *** **67'
 */
export function maskPii(text: string): string {
  return text.replace(EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`).replace(PHONE_CANDIDATE, maskPhone);
}

/** Mask every string inside a JSON value (tool arguments and results). */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}
