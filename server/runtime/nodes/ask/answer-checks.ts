/**
 * Deterministic checks of an answer to an `ask` node (DESIGN §3): choices, pattern and
 * typed values. LLM extraction (`expect.llm`) is asynchronous and done by the engine,
 * which then runs the extracted text through these same checks. The typed checks are
 * shared with the `form` node's fields.
 */
import { matchesTenantRegex } from '../../../../shared/tenant-regex.ts';
import type { AnswerType, AskNode, Choice } from '../../../../shared/workflow-schema.ts';
import { parseDate } from './parse-date.ts';

/** The outcome of checking an answer: the value to store, or a rejection. */
export type AnswerCheck = { ok: true; value: unknown } | { ok: false };

const REJECT: AnswerCheck = { ok: false };

const YES = new Set(['yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ya', 'sure', 'ok', 'okay', 'k', 'correct', 'right', 'true',
  'affirmative', 'absolutely', 'definitely', 'certainly', 'of course', 'yes please', 'please do', 'that is right', "that's right"]);
const NO = new Set(['no', 'n', 'nope', 'nah', 'no thanks', 'no thank you', 'negative', 'false', 'not really', 'never',
  'incorrect', 'wrong', 'not now', 'no way']);
/** A first word that settles the answer even when more follows: "yes, that's me". */
const LEADING_YES = new Set(['yes', 'yeah', 'yep', 'yup', 'sure', 'ok', 'okay', 'correct', 'absolutely']);
const LEADING_NO = new Set(['no', 'nope', 'nah']);

/** Quotes and punctuation around an answer; a leading ¿ or ¡ too, as Spanish writes them. */
const LEADING_NOISE = new Set(' "\'“”‘’.,!?¿¡:;()-');
const TRAILING_NOISE = new Set(' "\'“”‘’.,!?:;()-');

/**
 * Lowercase, drop surrounding punctuation and squeeze spaces: how people type choices.
 * Trimmed by hand: the regex `[…]+$` re-scanned every inner run of punctuation from each
 * of its characters, n² steps on "a.....a".
 */
function normalise(text: string): string {
  const squeezed = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
  let start = 0;
  let end = squeezed.length;
  while (start < end && LEADING_NOISE.has(squeezed[start] ?? '')) start++;
  while (end > start && TRAILING_NOISE.has(squeezed[end - 1] ?? '')) end--;
  return squeezed.slice(start, end);
}

/** The label shown on a quick-reply button. */
export function choiceLabel(choice: Choice): string {
  return typeof choice === 'string' ? choice : choice.label;
}

function matchChoice(choices: Choice[], text: string): AnswerCheck {
  const answer = normalise(text);
  for (const choice of choices) {
    if (typeof choice === 'string') {
      if (normalise(choice) === answer) return { ok: true, value: choice };
      continue;
    }
    const names = [choice.label, ...(choice.value === undefined ? [] : [choice.value]), ...(choice.synonyms ?? [])];
    if (names.some((name) => normalise(name) === answer)) return { ok: true, value: choice.value ?? choice.label };
  }
  // "2" picks the second button, as in a phone menu; labels win when one is literally "2".
  const index = /^\d{1,2}$/.test(answer) ? Number(answer) - 1 : -1;
  const picked = choices[index];
  if (picked === undefined) return REJECT;
  return { ok: true, value: typeof picked === 'string' ? picked : (picked.value ?? picked.label) };
}

function parseNumber(text: string, min: number | undefined, max: number | undefined): AnswerCheck {
  let spelled = text.replace(/\s+/g, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(spelled)) spelled = spelled.replace(/,/g, '');
  if (!/^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(spelled)) return REJECT;
  const value = Number(spelled);
  if (min !== undefined && value < min) return REJECT;
  if (max !== undefined && value > max) return REJECT;
  return { ok: true, value };
}

/**
 * What `/^[^\s@]+@[^\s@]+\.[^\s@]+$/` accepts (one @, no spaces, a dot inside the domain),
 * checked without it: that regex tried every dot of the domain and re-scanned the rest,
 * n² steps on "a@......@".
 */
function isEmail(text: string): boolean {
  const at = text.indexOf('@');
  if (at < 1 || text.includes('@', at + 1) || /\s/.test(text)) return false;
  return text.slice(at + 2, -1).includes('.');
}

function parsePhone(text: string): AnswerCheck {
  const compact = text.replace(/[\s().\-/]/g, '');
  if (!/^\+?\d{7,15}$/.test(compact)) return REJECT;
  return { ok: true, value: compact };
}

function parseYesNo(text: string): AnswerCheck {
  const answer = normalise(text).replace(/[.,!?]/g, '');
  if (YES.has(answer)) return { ok: true, value: true };
  if (NO.has(answer)) return { ok: true, value: false };
  const first = answer.split(' ')[0] ?? '';
  if (LEADING_YES.has(first)) return { ok: true, value: true };
  if (LEADING_NO.has(first)) return { ok: true, value: false };
  return REJECT;
}

/** The bounds a `number` answer must lie within. */
export interface NumberBounds {
  min?: number | undefined;
  max?: number | undefined;
}

/**
 * Check a trimmed text as one typed value.
 * @example checkTyped('number', '1,200', { max: 1000 }) // { ok: false }
 */
export function checkTyped(type: AnswerType, text: string, bounds: NumberBounds = {}): AnswerCheck {
  switch (type) {
    case 'number':
      return parseNumber(text, bounds.min, bounds.max);
    case 'email':
      return isEmail(text) ? { ok: true, value: text } : REJECT;
    case 'phone':
      return parsePhone(text);
    case 'date': {
      const date = parseDate(text);
      return date === undefined ? REJECT : { ok: true, value: date };
    }
    case 'yes_no':
      return parseYesNo(text);
  }
}

/**
 * Check an answer to an `ask` node. With `choices`, the answer must name one (label,
 * value or synonym, ignoring case) and the stored value is `value ?? label`. Otherwise
 * `expect.pattern` must match and `expect.type` must parse; with no rule at all any
 * non-empty answer is stored as typed.
 * @example checkAnswer({ ...node, expect: { type: 'yes_no' } }, 'Yeah!') // { ok: true, value: true }
 */
export function checkAnswer(node: AskNode, text: string): AnswerCheck {
  const trimmed = text.trim();
  if (trimmed === '') return REJECT;
  if (node.choices !== undefined) return matchChoice(node.choices, trimmed);
  const expect = node.expect;
  // Linear-time engine; a pattern it refuses (saved before it did) rejects every answer.
  if (expect?.pattern !== undefined && !matchesTenantRegex(expect.pattern, trimmed)) return REJECT;
  if (expect?.type !== undefined) return checkTyped(expect.type, trimmed, expect);
  return { ok: true, value: trimmed };
}
