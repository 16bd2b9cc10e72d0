/**
 * Deterministic checks of an answer to an `ask` node (DESIGN §3): choices, pattern and
 * typed values. LLM extraction (`expect.llm`) is asynchronous and done by the engine,
 * which then runs the extracted text through these same checks. The typed checks are
 * shared with the `form` node's fields.
 */
import { matchesTenantRegex } from '../../../../shared/tenant-regex.ts';
import type { AnswerType, AskNode } from '../../../../shared/workflow-schema.ts';
import { normaliseAnswer } from './answer-text.ts';
import { matchChoice } from './match-choice.ts';
import type { ChoicePick } from './match-choice.ts';
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
  const answer = normaliseAnswer(text).replace(/[.,!?]/g, '');
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
 * An answer to an `ask` node as read: the value to store (with the choice it picked), or
 * a rejection (naming the choices an ambiguous answer named).
 */
export type AnswerReading =
  | { ok: true; value: unknown; choice?: ChoicePick }
  | { ok: false; ambiguous?: string[] };

/**
 * Read an answer to an `ask` node. With `choices`, the answer must name one (see
 * `matchChoice`: the whole answer, its number, or a label, value or synonym found as words
 * in it) and the stored value is `value ?? label`. Otherwise `expect.pattern` must match
 * and `expect.type` must parse; with no rule at all any non-empty answer is stored as typed.
 * @example readAnswer({ ...node, choices: [{ label: 'Home', synonyms: ['flood'] }] }, 'a flood!')
 * // { ok: true, value: 'Home', choice: { index: 0, label: 'Home', value: 'Home', matched: 'flood', by: 'words' } }
 */
export function readAnswer(node: AskNode, text: string): AnswerReading {
  const trimmed = text.trim();
  if (trimmed === '') return REJECT;
  if (node.choices !== undefined) {
    const match = matchChoice(node.choices, trimmed);
    if (match.kind === 'picked') return { ok: true, value: match.pick.value, choice: match.pick };
    return match.kind === 'ambiguous' ? { ok: false, ambiguous: match.labels } : REJECT;
  }
  const expect = node.expect;
  // Linear-time engine; a pattern it refuses (saved before it did) rejects every answer.
  if (expect?.pattern !== undefined && !matchesTenantRegex(expect.pattern, trimmed)) return REJECT;
  if (expect?.type !== undefined) return checkTyped(expect.type, trimmed, expect);
  return { ok: true, value: trimmed };
}

/**
 * Check an answer to an `ask` node: `readAnswer` without the explanation.
 * @example checkAnswer({ ...node, expect: { type: 'yes_no' } }, 'Yeah!') // { ok: true, value: true }
 */
export function checkAnswer(node: AskNode, text: string): AnswerCheck {
  const reading = readAnswer(node, text);
  return reading.ok ? { ok: true, value: reading.value } : REJECT;
}
