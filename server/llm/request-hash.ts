/**
 * A fingerprint of one LLM request (model, parameters, messages, tools, JSON mode), stored
 * with each turn beside the answer (#18 replays): the full request would repeat the whole
 * conversation in every turn's row, while its hash is enough to know a later request is
 * the same one, and so that the recorded answer may stand in for a new call.
 */
import { createHash } from 'node:crypto';
import type { LlmChatRequest } from './types.ts';

/**
 * Keys in UTF-16 code unit order, as `<` compares them (and `Array.prototype.sort` does).
 * A message has a handful of keys: an insertion sort in place allocates nothing, where the
 * built-in sort copies the array into a work area every time. Past a few dozen keys (a
 * tenant's tool schema may have many) the built-in sort's n·log n wins.
 */
const INSERTION_SORT_MAX = 24;

function sortedInPlace(keys: string[]): string[] {
  if (keys.length > INSERTION_SORT_MAX) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    for (; j >= 0 && (keys[j] as string) > key; j--) keys[j + 1] = keys[j] as string;
    keys[j + 1] = key;
  }
  return keys;
}

/**
 * JSON with object keys sorted, so the same request always hashes alike. Written into one
 * string as it walks: the request holds the whole prompt history, and building each
 * object's entries, their strings and the joins was a twentieth of an `llm` turn's garbage.
 * The text is the same as `JSON.stringify` with sorted keys (undefined members left out,
 * undefined array items as null), so hashes stored by earlier turns still match.
 */
function canonical(value: unknown): string {
  let text = '';
  const write = (item: unknown): void => {
    if (Array.isArray(item)) {
      text += '[';
      for (let i = 0; i < item.length; i++) {
        if (i > 0) text += ',';
        write(item[i]);
      }
      text += ']';
    } else if (item !== null && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const keys = sortedInPlace(Object.keys(record));
      let first = true;
      text += '{';
      for (const key of keys) {
        if (record[key] === undefined) continue;
        text += `${first ? '' : ','}${JSON.stringify(key)}:`;
        first = false;
        write(record[key]);
      }
      text += '}';
    } else {
      text += JSON.stringify(item ?? null);
    }
  };
  write(value);
  return text;
}

/**
 * @example llmRequestHash({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) // 'a1b2…' (64 hex)
 */
export function llmRequestHash(request: LlmChatRequest): string {
  const { model, temperature, maxTokens, messages, tools, json } = request;
  return createHash('sha256').update(canonical({ model, temperature, maxTokens, messages, tools, json })).digest('hex');
}
