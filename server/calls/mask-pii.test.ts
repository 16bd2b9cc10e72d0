import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskDeep, maskPii } from './mask-pii.ts';

/** What the scan must agree with: the plain regex, quadratic on long runs without an `@`. */
const REFERENCE_EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})/g;

describe('masking personal data in debug output', () => {
  it('keeps the first character and the domain of an e-mail address', () => {
    expect(maskPii('write to ada.lovelace@example.co.uk today')).toBe('write to a***@example.co.uk today');
  });

  it('masks every digit of a phone number but the last two, keeping its shape', () => {
    expect(maskPii('call +1 (555) 123-4567 now')).toBe('call +* (***) ***-**67 now');
    expect(maskPii('0612345678')).toBe('********78');
  });

  it('leaves short numbers and dates readable', () => {
    expect(maskPii('policy 123456, born 1990-04-12, on 12/04/2026')).toBe('policy 123456, born 1990-04-12, on 12/04/2026');
  });

  it('finds the same e-mail addresses as the plain regex would', () => {
    const pieces = fc.constantFrom('a', 'B', '7', '.', '-', '_', '%', '+', '@', ' ', ',', 'x.com', 'ada@example.co.uk', '.io');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 30 }), (parts) => {
        const text = parts.join('').replace(/\d/g, 'd'); // no digits: phone masking is not under test here
        expect(maskPii(text)).toBe(text.replace(REFERENCE_EMAIL, (_m, first: string, domain: string) => `${first}***@${domain}`));
      }),
      { numRuns: 2000 },
    );
  });

  // The plain e-mail regex took 25 s on the first of these (n² steps); the scan reads each character a few times.
  it.each([
    ['a run of address characters with no @', 'a'.repeat(100_000), 'a'.repeat(100_000)],
    ['an @ before a long domain with no top-level label', `a@${'b1.'.repeat(33_000)}`, `a@${'b1.'.repeat(33_000)}`],
    ['many @ signs', `${'a.@'.repeat(33_000)}x`, `${'a.@'.repeat(33_000)}x`],
    ['a digit before a long run of phone punctuation', `1${' ('.repeat(50_000)}`, `1${' ('.repeat(50_000)}`],
    ['digits and separators alternating', '1 '.repeat(50_000), `${'* '.repeat(49_998)}1 1 `],
  ])('masks 100 KB made of %s and answers', (_shape, text, expected) => {
    expect(maskPii(text)).toBe(expected);
  });

  it('masks an address and a phone number at the end of a 100 KB text', () => {
    expect(maskPii(`${'a'.repeat(100_000)} ada@example.com 0612345678`).slice(-28)).toBe(' a***@example.com ********78');
  });

  it('masks strings nested in tool arguments and results', () => {
    expect(maskDeep({ email: 'bob@corp.io', nested: [{ phone: '+44 20 7946 0958' }], count: 3 })).toEqual({
      email: 'b***@corp.io',
      nested: [{ phone: '+** ** **** **58' }],
      count: 3,
    });
  });
});
