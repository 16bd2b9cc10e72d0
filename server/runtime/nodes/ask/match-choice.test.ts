import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Choice } from '../../../../shared/workflow-schema.ts';
import { wordsOf } from './answer-text.ts';
import { matchChoice } from './match-choice.ts';

const claimKinds: Choice[] = [
  { label: 'Car accident', value: 'car', synonyms: ['car', 'auto', 'crash', 'collision'] },
  { label: 'Home damage', value: 'home', synonyms: ['home', 'house', 'flood', 'fire', 'water'] },
  { label: 'Travel', value: 'travel', synonyms: ['trip', 'luggage', 'flight'] },
];

const pickOf = (choices: Choice[], text: string) => {
  const match = matchChoice(choices, text);
  return match.kind === 'picked' ? match.pick : match;
};

describe('matchChoice', () => {
  it.each([
    ['a flood in the kitchen', 'home', 'flood'],
    ['There was a FLOOD!', 'home', 'FLOOD'],
    ['my luggage got lost', 'travel', 'luggage'],
    ['I had a car accident yesterday', 'car', 'car accident'],
    ['the house is on fire', 'home', 'house'],
  ])('finds a name as words within "%s" (%s, matched "%s")', (text, value, matched) => {
    expect(pickOf(claimKinds, text)).toMatchObject({ value, matched, by: 'words' });
  });

  it('takes a whole answer that is a name, a value or the choice number first', () => {
    expect(pickOf(claimKinds, '  "Home damage!" ')).toMatchObject({ value: 'home', by: 'answer' });
    expect(pickOf(claimKinds, 'TRAVEL')).toMatchObject({ value: 'travel', by: 'answer' });
    expect(pickOf(claimKinds, '2')).toMatchObject({ value: 'home', by: 'number', matched: '2' });
    expect(matchChoice(claimKinds, '4')).toEqual({ kind: 'none' });
  });

  it('matches whole words only', () => {
    expect(matchChoice(claimKinds, 'the carpet is wet')).toEqual({ kind: 'none' });
    expect(matchChoice(claimKinds, 'firefighters came')).toEqual({ kind: 'none' });
    expect(matchChoice(['Yes', 'No'], 'yesterday, nobody')).toEqual({ kind: 'none' });
  });

  it('ignores case and accents, in the answer and in the names', () => {
    const menu: Choice[] = [{ label: 'Crème brûlée', synonyms: ['flan'] }, 'Café'];
    expect(pickOf(menu, 'one creme brulee please')).toMatchObject({ value: 'Crème brûlée', matched: 'creme brulee' });
    expect(pickOf(menu, 'un CAFÉ, por favor')).toMatchObject({ value: 'Café', matched: 'CAFÉ' });
    expect(pickOf(menu, 'a cafe\u0301 please')).toMatchObject({ value: 'Café' });
  });

  it('reads words in any script, and names inside text written without spaces', () => {
    expect(pickOf([{ label: 'Заказ', synonyms: ['доставка'] }, 'Возврат'], 'где моя доставка?')).toMatchObject({ value: 'Заказ', matched: 'доставка' });
    expect(pickOf(['披萨', '寿司'], '我想要披萨')).toMatchObject({ value: '披萨', matched: '披萨' });
    expect(pickOf(['コーヒー', 'お茶'], 'お茶をください')).toMatchObject({ value: 'お茶' });
  });

  it('prefers the longest match: a name inside a longer one of another choice does not count', () => {
    const sure: Choice[] = [{ label: 'Yes', synonyms: ['sure'] }, { label: 'Unsure', synonyms: ['not sure'] }];
    expect(pickOf(sure, "I'm not sure")).toMatchObject({ value: 'Unsure', matched: 'not sure' });
    expect(pickOf(['Car', 'Car rental'], 'a car rental please')).toMatchObject({ value: 'Car rental' });
  });

  it('calls an answer naming two choices apart ambiguous, listing them in the choices order', () => {
    expect(matchChoice(claimKinds, 'the flight was cancelled and my house flooded, then a crash')).toEqual({
      kind: 'ambiguous',
      labels: ['Car accident', 'Home damage', 'Travel'],
    });
    expect(matchChoice(['Yes', 'No'], 'no... yes')).toEqual({ kind: 'ambiguous', labels: ['Yes', 'No'] });
  });

  it('picks a choice named several times, by several of its names', () => {
    expect(pickOf(claimKinds, 'water everywhere, a flood in the house')).toMatchObject({ value: 'home' });
  });

  it('reports the matched words as the visitor typed them', () => {
    expect(pickOf(claimKinds, 'It was a Car   Accident.')).toMatchObject({ matched: 'Car   Accident' });
  });

  it('stops at a bounded cost on a long answer full of names', () => {
    const answer = `${'flood '.repeat(100_000)}crash`;
    // Only the first 8,000 characters are searched: the crash at the end is not read.
    expect(pickOf(claimKinds, answer)).toMatchObject({ value: 'home' });
  });

  describe('properties', () => {
    const word = fc.stringMatching(/^[a-z]{2,8}$/);
    const filler = fc.array(fc.constantFrom('the', 'my', 'was', 'in', 'it', 'a', 'we', 'um', 'so'), { maxLength: 6 });
    /** Distinct names across choices, none of them a filler word (nor `hm`, the tail the glued-name property adds). */
    const choicesArb = fc
      .uniqueArray(word, { minLength: 2, maxLength: 12 })
      .filter((names) => names.every((name) => !['the', 'my', 'was', 'in', 'it', 'we', 'um', 'so', 'hm'].includes(name)))
      .map((names) => names.map((name, index) => ({ label: `${name} option`, value: `v${String(index)}`, synonyms: [name] })));

    it('picks the choice whose synonym appears as a word amid other words, whatever the case', () => {
      fc.assert(
        fc.property(choicesArb, fc.nat(), filler, filler, fc.boolean(), (choices, n, before, after, shout) => {
          const index = n % choices.length;
          const name = choices[index]?.synonyms[0] ?? '';
          const text = [...before, shout ? name.toUpperCase() : name, ...after].join(' ');
          expect(matchChoice(choices, text)).toMatchObject({ kind: 'picked', pick: { index, matched: shout ? name.toUpperCase() : name } });
        }),
        { numRuns: 500 },
      );
    });

    it('never picks a choice from a name glued inside another word', () => {
      fc.assert(
        fc.property(choicesArb, fc.nat(), word, (choices, n, glue) => {
          const name = choices[n % choices.length]?.synonyms[0] ?? '';
          const match = matchChoice(choices, `${glue}${name}${glue} hm`);
          // The glued word could itself be another choice's name; it is never `name` alone.
          if (match.kind === 'picked') expect(match.pick.matched.toLowerCase()).not.toBe(name);
        }),
        { numRuns: 500 },
      );
    });

    it('answers the same for an answer and its accented, upper-cased or padded spelling', () => {
      const accent = (text: string) => text.replace(/e/g, 'é').replace(/a/g, 'À');
      fc.assert(
        fc.property(choicesArb, fc.array(fc.oneof(word, fc.constantFrom(',', '!', '?', '...')), { maxLength: 8 }), (choices, parts) => {
          const text = parts.join(' ');
          const plain = matchChoice(choices, text);
          const { kind } = plain;
          expect(matchChoice(choices, accent(text)).kind).toBe(kind);
          expect(matchChoice(choices, `  ${text.toUpperCase()}  `).kind).toBe(kind);
        }),
        { numRuns: 500 },
      );
    });

    it('picks only a choice one of whose names is among the answer words', () => {
      fc.assert(
        fc.property(choicesArb, fc.array(word, { maxLength: 10 }), (choices, parts) => {
          const match = matchChoice(choices, parts.join(' '));
          if (match.kind !== 'picked' || match.pick.by === 'number') return;
          const words = new Set(wordsOf(parts.join(' ')).map((w) => w.folded));
          const choice = choices[match.pick.index];
          expect([choice?.label, choice?.value, ...(choice?.synonyms ?? [])].some((name) => wordsOf(name ?? '').every((w) => words.has(w.folded)))).toBe(true);
        }),
        { numRuns: 500 },
      );
    });
  });
});
