import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AskNode } from '../../../../shared/workflow-schema.ts';
import { checkAnswer } from './answer-checks.ts';
import { parseDate } from './parse-date.ts';

const ask = (extra: Partial<AskNode> = {}): AskNode => ({ type: 'ask', text: '?', save_as: 'x', next: 'n', max_retries: 2, ...extra });

describe('checkAnswer', () => {
  it('accepts any non-empty answer, trimmed, when the node has no rule', () => {
    expect(checkAnswer(ask(), '  hello ')).toEqual({ ok: true, value: 'hello' });
    expect(checkAnswer(ask(), '   ')).toEqual({ ok: false });
  });

  describe('choices', () => {
    const node = ask({ choices: ['Home', { label: 'Car', value: 'car_policy', synonyms: ['automobile', 'my vehicle'] }, { label: 'Boat' }] });

    it.each([
      ['home', 'Home'],
      ['CAR', 'car_policy'],
      ['car_policy', 'car_policy'],
      ['Automobile!', 'car_policy'],
      ['  my   Vehicle ', 'car_policy'],
      ['boat', 'Boat'],
      ['3', 'Boat'],
    ])('maps "%s" to %s', (text, value) => {
      expect(checkAnswer(node, text)).toEqual({ ok: true, value });
    });

    it('rejects an answer that names no choice', () => {
      expect(checkAnswer(node, 'plane')).toEqual({ ok: false });
      expect(checkAnswer(node, '4')).toEqual({ ok: false });
    });
  });

  it('requires a pattern to match', () => {
    const node = ask({ expect: { pattern: '^\\d{6}$' } });
    expect(checkAnswer(node, ' 123456 ')).toEqual({ ok: true, value: '123456' });
    expect(checkAnswer(node, '12345')).toEqual({ ok: false });
  });

  // A backtracking engine takes 2^n steps here: seconds at 30 characters, forever at 100,000.
  it('checks a catastrophic pattern against a long adversarial answer and answers', () => {
    const node = ask({ expect: { pattern: '^(a+)+$' } });
    expect(checkAnswer(node, `${'a'.repeat(100_000)}!`)).toEqual({ ok: false });
    expect(checkAnswer(node, 'aaa')).toEqual({ ok: true, value: 'aaa' });
  });

  it('rejects every answer to a stored pattern the linear-time engine refuses', () => {
    expect(checkAnswer(ask({ expect: { pattern: '^(\\d)\\1$' } }), '11')).toEqual({ ok: false });
  });

  it('parses numbers within min and max', () => {
    const node = ask({ expect: { type: 'number', min: 1, max: 10000 } });
    expect(checkAnswer(node, '42')).toEqual({ ok: true, value: 42 });
    expect(checkAnswer(node, '2.5')).toEqual({ ok: true, value: 2.5 });
    expect(checkAnswer(node, '1,250')).toEqual({ ok: true, value: 1250 });
    expect(checkAnswer(node, '0')).toEqual({ ok: false });
    expect(checkAnswer(node, '20000')).toEqual({ ok: false });
    expect(checkAnswer(node, 'forty')).toEqual({ ok: false });
  });

  it('checks emails', () => {
    const node = ask({ expect: { type: 'email' } });
    expect(checkAnswer(node, ' ada@example.com ')).toEqual({ ok: true, value: 'ada@example.com' });
    expect(checkAnswer(node, 'ada@example')).toEqual({ ok: false });
    expect(checkAnswer(node, 'ada example.com')).toEqual({ ok: false });
  });

  it('normalises phone numbers to digits with an optional +', () => {
    const node = ask({ expect: { type: 'phone' } });
    expect(checkAnswer(node, '+1 (555) 123-4567')).toEqual({ ok: true, value: '+15551234567' });
    expect(checkAnswer(node, '06 12 34 56 78')).toEqual({ ok: true, value: '0612345678' });
    expect(checkAnswer(node, '12345')).toEqual({ ok: false });
    expect(checkAnswer(node, 'call me')).toEqual({ ok: false });
  });

  it('stores dates as YYYY-MM-DD', () => {
    const node = ask({ expect: { type: 'date' } });
    expect(checkAnswer(node, 'December 24 2026')).toEqual({ ok: true, value: '2026-12-24' });
    expect(checkAnswer(node, 'someday')).toEqual({ ok: false });
  });

  it.each([
    ['yes', true], ['Y', true], ['yeah!', true], ['Sure.', true], ['ok', true], ['yes, that is me', true],
    ['no', false], ['N', false], ['nope', false], ['No thanks', false], ['nah, not today', false],
  ])('reads "%s" as %s for yes_no', (text, value) => {
    expect(checkAnswer(ask({ expect: { type: 'yes_no' } }), text)).toEqual({ ok: true, value });
  });

  it('rejects an unclear yes_no answer', () => {
    expect(checkAnswer(ask({ expect: { type: 'yes_no' } }), 'maybe')).toEqual({ ok: false });
  });

  it('accepts exactly the e-mail addresses the usual regex accepts', () => {
    const email = ask({ expect: { type: 'email' } });
    const pieces = fc.constantFrom('a', 'b', '.', '@', ' ', '\u00a0', '-', 'x.io');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 14 }), (parts) => {
        const text = parts.join('').trim();
        if (text === '') return;
        expect(checkAnswer(email, text).ok).toBe(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text));
      }),
      { numRuns: 3000 },
    );
  });

  // Each took the backtracking regexes it replaces n² steps: a minute at this length.
  describe('answers long adversarial input at once', () => {
    const n = 300_000;

    it('a choice answer with a long run of punctuation inside', () => {
      expect(checkAnswer(ask({ choices: ['Home'] }), `a${'.'.repeat(n)}a`)).toEqual({ ok: false });
      expect(checkAnswer(ask({ choices: ['Home'] }), `${' '.repeat(n)}"Home!"${'.'.repeat(n)}`)).toEqual({ ok: true, value: 'Home' });
    });

    it('an e-mail answer with a long run of dots', () => {
      expect(checkAnswer(ask({ expect: { type: 'email' } }), `a@${'.'.repeat(n)}@`)).toEqual({ ok: false });
    });

    it('a date answer with a long run of digits', () => {
      expect(checkAnswer(ask({ expect: { type: 'date' } }), `December ${'1'.repeat(n)} 2026`)).toEqual({ ok: false });
    });
  });

  it('applies both a pattern and a type', () => {
    const node = ask({ expect: { pattern: '^\\d+$', type: 'number', max: 99 } });
    expect(checkAnswer(node, '42')).toEqual({ ok: true, value: 42 });
    expect(checkAnswer(node, '4.2')).toEqual({ ok: false });
  });
});

describe('parseDate', () => {
  it.each([
    ['2026-12-24', '2026-12-24'],
    ['2026/1/5', '2026-01-05'],
    ['24/12/2026', '2026-12-24'],
    ['24.12.2026', '2026-12-24'],
    ['12/24/2026', '2026-12-24'],
    ['05/01/2026', '2026-01-05'],
    ['December 24 2026', '2026-12-24'],
    ['Dec 24th, 2026', '2026-12-24'],
    ['24 December 2026', '2026-12-24'],
    ['the 24th of December, 2026', '2026-12-24'],
    ['Thursday, December 24, 2026', '2026-12-24'],
    ['sept 3 2026', '2026-09-03'],
  ])('reads %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
  });

  it.each(['2026-02-30', '31/04/2026', 'December 2026', 'Smarch 3 2026', '24/12/26', 'tomorrow'])('rejects %s', (text) => {
    expect(parseDate(text)).toBeUndefined();
  });
});
