/**
 * A fingerprint of one LLM request (model, parameters, messages, tools, JSON mode), stored
 * with each turn beside the answer (#18 replays): the full request would repeat the whole
 * conversation in every turn's row, while its hash is enough to know a later request is
 * the same one, and so that the recorded answer may stand in for a new call.
 */
import { createHash } from 'node:crypto';
import type { LlmChatRequest } from './types.ts';

/** JSON with object keys sorted, so the same request always hashes alike. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * @example llmRequestHash({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) // 'a1b2…' (64 hex)
 */
export function llmRequestHash(request: LlmChatRequest): string {
  const { model, temperature, maxTokens, messages, tools, json } = request;
  return createHash('sha256').update(canonical({ model, temperature, maxTokens, messages, tools, json })).digest('hex');
}
