import { describe, expect, it } from 'vitest';
import { normalizeGatherInput } from './gather-service.ts';

describe('keypad input of a gather', () => {
  const gather = { maxDigits: 4, terminator: '#' };

  it('drops the terminator and keeps keypad keys', () => {
    expect(normalizeGatherInput('1234#', gather)).toBe('1234');
    expect(normalizeGatherInput(' 12*', gather)).toBe('12*');
    expect(normalizeGatherInput('#', gather)).toBe('');
    expect(normalizeGatherInput('12*', { maxDigits: 4, terminator: '*' })).toBe('12');
  });

  it('refuses other characters and more digits than asked for', () => {
    expect(() => normalizeGatherInput('12a', gather)).toThrow(/keypad keys/);
    expect(() => normalizeGatherInput('12345', gather)).toThrow(/at most 4 digits/);
  });
});
