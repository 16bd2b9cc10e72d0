/**
 * Masking for debug links: e-mail addresses keep their first character and domain
 * (`j***@example.com`); phone numbers keep their separators and last two digits
 * (`+* (***) ***-**67`). Dates such as 2026-05-01 are not phone numbers and stay.
 *
 * This runs over everything a visitor typed, so it must take time linear in the text.
 * The obvious e-mail regex did not: tried at each of n starting points of a long run of
 * address characters with no `@`, it scanned to the run's end every time (n², 1.5 s on
 * 32 KB). E-mail addresses are therefore found from their `@` outward, below.
 */
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
// Sticky, right after an `@`. Labels are separated by dots, so a failed attempt gives back
// one label at a time and never re-splits one: linear in the domain's length.
const DOMAIN = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/y;
// A run of digits and phone punctuation, starting and ending on a digit; checked for 7+
// digits below. Linear: a start either matches to the run's last digit (and the search
// resumes after it) or has fewer than 6 digits after it in its run, which at most 6
// starts per run can have, each scanning the run once.
const PHONE_CANDIDATE = /\+?\d[\d\s().-]{5,}\d/g;
const DATE_LIKE = /^\d{4}-\d{2}-\d{2}$|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;

/**
 * The same matches as `/([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@(domain)/g`, leftmost first,
 * found in one pass: each `@` looks back over its own run of address characters (which
 * stops at the previous `@` or match) and forward over its own domain (which stops at the
 * next `@`), so no character is read more than a few times.
 */
function maskEmails(text: string): string {
  let masked = '';
  let done = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > done && LOCAL_CHAR.test(text[start - 1] ?? '')) start--;
    if (start === at) continue;
    DOMAIN.lastIndex = at + 1;
    const domain = DOMAIN.exec(text)?.[0];
    if (domain === undefined) continue;
    masked += `${text.slice(done, start)}${text[start] ?? ''}***@${domain}`;
    done = at + 1 + domain.length;
  }
  return masked + text.slice(done);
}

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
  return maskEmails(text).replace(PHONE_CANDIDATE, maskPhone);
}

/** Mask every string inside a JSON value (tool arguments and results). */
export function maskDeep(value: unknown): unknown {
  if (typeof value === 'string') return maskPii(value);
  if (Array.isArray(value)) return value.map(maskDeep);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskDeep(v)]));
  return value;
}
