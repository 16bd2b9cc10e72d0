/**
 * Which quick-reply choice an answer names (an `ask` node's `choices`). A choice's names
 * are its label, its value and its synonyms. In order:
 *
 * 1. the whole answer is one of the names ("Car", "car!", "CAR_POLICY");
 * 2. the answer is a choice's number ("2" picks the second), as in a phone menu;
 * 3. names found as whole words inside the answer ("a **flood** in the kitchen"): a match
 *    inside a longer match is ignored ("not sure" wins over "sure"); when the remaining
 *    matches name one choice it is picked, when they name several the answer is ambiguous
 *    and the node asks which one was meant.
 *
 * Comparisons ignore case and Latin and Greek accents (see `answer-text.ts`).
 */
import type { Choice } from '../../../../shared/workflow-schema.ts';
import { foldText, normaliseAnswer, wordsOf } from './answer-text.ts';
import type { Word } from './answer-text.ts';

/** The choice an answer picked, and why. */
export interface ChoicePick {
  /** Position of the choice in `choices`. */
  index: number;
  label: string;
  /** What is stored: the choice's `value`, else its label. */
  value: string;
  /** The part of the answer that named the choice, as the visitor typed it. */
  matched: string;
  /** `answer`: the whole answer was a name; `words`: a name was found in it; `number`: the choice's number. */
  by: 'answer' | 'words' | 'number';
}

export type ChoiceMatch =
  | { kind: 'picked'; pick: ChoicePick }
  /** The labels of the choices the answer named, in the choices' order. */
  | { kind: 'ambiguous'; labels: string[] }
  | { kind: 'none' };

/**
 * Bounds on untrusted input (tenant choices, visitor text): only the first 8,000
 * characters are searched for words (a text-chat message's own limit), and once this
 * many matches are found the search stops.
 */
const MAX_SEARCHED_CHARS = 8000;
const MAX_MATCHES = 200;

/** The label shown on a quick-reply button. */
export function choiceLabel(choice: Choice): string {
  return typeof choice === 'string' ? choice : choice.label;
}

function valueOf(choice: Choice): string {
  return typeof choice === 'string' ? choice : (choice.value ?? choice.label);
}

function namesOf(choice: Choice): string[] {
  if (typeof choice === 'string') return [choice];
  return [choice.label, ...(choice.value === undefined ? [] : [choice.value]), ...(choice.synonyms ?? [])];
}

/** One place a choice's name occurs in the answer, in words. */
interface Span {
  choice: number;
  first: number;
  /** One past the last word. */
  end: number;
  /** Characters of the name, to prefer the longer of two names with as many words. */
  chars: number;
}

const overlaps = (a: Span, b: Span): boolean => a.first < b.end && b.first < a.end;

/**
 * Every occurrence of every name in the answer's words. The words are joined with single
 * spaces between sentinel spaces, so `indexOf(" flood ")` can only find whole words.
 */
function findSpans(choices: readonly Choice[], words: readonly Word[]): Span[] {
  const joined = ` ${words.map((word) => word.folded).join(' ')} `;
  const wordAt = new Map<number, number>();
  let offset = 0;
  words.forEach((word, index) => {
    wordAt.set(offset, index);
    offset += word.folded.length + 1;
  });
  const spans: Span[] = [];
  choices.forEach((choice, index) => {
    for (const name of namesOf(choice)) {
      const nameWords = wordsOf(name).map((word) => word.folded);
      if (nameWords.length === 0) continue;
      const needle = ` ${nameWords.join(' ')} `;
      for (let at = joined.indexOf(needle); at !== -1 && spans.length < MAX_MATCHES; at = joined.indexOf(needle, at + 1)) {
        const first = wordAt.get(at) ?? 0;
        spans.push({ choice: index, first, end: first + nameWords.length, chars: needle.length });
      }
    }
  });
  return spans;
}

/** The spans left once every span inside (or across) a longer one is dropped. */
function longestFirst(spans: Span[]): Span[] {
  const ordered = [...spans].sort((a, b) => b.end - b.first - (a.end - a.first) || b.chars - a.chars || a.choice - b.choice || a.first - b.first);
  const kept: Span[] = [];
  for (const span of ordered) if (!kept.some((other) => overlaps(other, span))) kept.push(span);
  return kept;
}

function picked(choices: readonly Choice[], index: number, matched: string, by: ChoicePick['by']): ChoiceMatch {
  const choice = choices[index];
  if (choice === undefined) return { kind: 'none' };
  return { kind: 'picked', pick: { index, label: choiceLabel(choice), value: valueOf(choice), matched, by } };
}

/**
 * The choice an answer names.
 * @example matchChoice([{ label: 'Home damage', value: 'home', synonyms: ['flood'] }, 'Car'], 'A flood in the kitchen')
 * // { kind: 'picked', pick: { index: 0, label: 'Home damage', value: 'home', matched: 'flood', by: 'words' } }
 */
export function matchChoice(choices: readonly Choice[], text: string): ChoiceMatch {
  const trimmed = text.trim();
  const whole = foldText(normaliseAnswer(trimmed));
  const exact = choices.findIndex((choice) => namesOf(choice).some((name) => foldText(normaliseAnswer(name)) === whole));
  if (exact !== -1) return picked(choices, exact, trimmed, 'answer');
  // "2" picks the second button; a label that is literally "2" has already won above.
  if (/^\d{1,2}$/.test(whole)) return picked(choices, Number(whole) - 1, trimmed, 'number');

  const searched = trimmed.slice(0, MAX_SEARCHED_CHARS);
  const words = wordsOf(searched);
  const kept = longestFirst(findSpans(choices, words));
  const named = [...new Set(kept.map((span) => span.choice))].sort((a, b) => a - b);
  const best = kept[0];
  if (best === undefined) return { kind: 'none' };
  if (named.length > 1) return { kind: 'ambiguous', labels: named.map((index) => choiceLabel(choices[index] ?? '')) };
  const matched = searched.slice(words[best.first]?.start ?? 0, words[best.end - 1]?.end ?? 0);
  return picked(choices, best.choice, matched, 'words');
}
