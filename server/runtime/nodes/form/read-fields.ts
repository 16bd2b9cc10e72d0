/**
 * Deterministic reading of a form answer: which of the wanted fields it contains. A
 * visitor may label values (`email: ada@example.com`); typed fields are found by their
 * checks (an e-mail, a number, a phone number); free-text fields take the remaining
 * comma-, semicolon- or line-separated parts in order. Linear in the answer's length.
 */
import { matchesTenantRegex } from '../../../../shared/tenant-regex.ts';
import type { FormField } from '../../../../shared/workflow-schema.ts';
import { checkTyped } from '../ask/answer-checks.ts';
import type { AnswerCheck } from '../ask/answer-checks.ts';

/** Typed values worth looking for inside a longer part ("4 people" holds a party size). */
const FOUND_IN_WORDS = new Set<FormField['type']>(['number', 'email', 'phone']);
const WORD_NOISE = /^[("'“‘<]+|[)"'”’>.,!?:;]+$/g;

interface Part {
  text: string;
  /** Used whole, or a word of it was taken: free text no longer reads it. */
  used: boolean;
}

/** Check one value against a field's pattern and type, as `ask` checks its answer. */
export function checkField(field: FormField, text: string): AnswerCheck {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false };
  // Linear-time engine; a pattern it refuses (saved before it did) rejects every value.
  if (field.pattern !== undefined && !matchesTenantRegex(field.pattern, trimmed)) return { ok: false };
  if (field.type !== undefined) return checkTyped(field.type, trimmed, field);
  return { ok: true, value: trimmed };
}

function keyOf(text: string): string {
  return text.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The field a `name: value` part labels, by name or label; undefined when it labels none. */
function labelled(part: string, fields: readonly FormField[]): { field: FormField; value: string } | undefined {
  const colon = part.search(/[:=]/);
  if (colon < 1 || colon > 40) return undefined;
  const key = keyOf(part.slice(0, colon));
  const field = fields.find((f) => keyOf(f.name) === key || (f.label !== undefined && keyOf(f.label) === key));
  return field === undefined ? undefined : { field, value: part.slice(colon + 1) };
}

/**
 * The values of `fields` found in `text`, by field name; fields not found are absent.
 * @example readFields([{ name: 'name' }, { name: 'email', type: 'email' }], 'Ada, ada@example.com')
 * // { name: 'Ada', email: 'ada@example.com' }
 */
export function readFields(fields: readonly FormField[], text: string): Record<string, unknown> {
  const found: Record<string, unknown> = {};
  const parts: Part[] = text
    .split(/[\n;,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => ({ text: part, used: false }));
  const wanted = new Set(fields);
  const take = (field: FormField, value: unknown, part: Part): void => {
    found[field.name] = value;
    wanted.delete(field);
    part.used = true;
  };

  for (const part of parts) {
    const label = labelled(part.text, fields);
    if (label === undefined) continue;
    part.used = true;
    if (!wanted.has(label.field)) continue;
    const check = checkField(label.field, label.value);
    // A labelled value that fails its check is not guessed elsewhere: the field is asked again.
    wanted.delete(label.field);
    if (check.ok) found[label.field.name] = check.value;
  }
  const typed = fields.filter((field) => field.type !== undefined);
  for (const field of typed) {
    for (const part of parts) {
      if (!wanted.has(field) || part.used) continue;
      const check = checkField(field, part.text);
      if (check.ok) take(field, check.value, part);
    }
  }
  for (const field of typed.filter((f) => FOUND_IN_WORDS.has(f.type))) {
    for (const part of parts) {
      if (!wanted.has(field) || part.used) continue;
      for (const word of part.text.split(/\s+/)) {
        const check = checkField(field, word.replace(WORD_NOISE, ''));
        if (check.ok) {
          take(field, check.value, part);
          break;
        }
      }
    }
  }
  for (const field of fields.filter((f) => f.type === undefined)) {
    const part = parts.find((p) => !p.used);
    if (!wanted.has(field) || part === undefined) continue;
    const check = checkField(field, part.text);
    if (check.ok) take(field, check.value, part);
  }
  return found;
}
