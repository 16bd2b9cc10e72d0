import { describe, expect, it } from 'vitest';
import { maskDeep, maskPii } from './mask-pii.ts';

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

  it('masks strings nested in tool arguments and results', () => {
    expect(maskDeep({ email: 'bob@corp.io', nested: [{ phone: '+44 20 7946 0958' }], count: 3 })).toEqual({
      email: 'b***@corp.io',
      nested: [{ phone: '+** ** **** **58' }],
      count: 3,
    });
  });
});
