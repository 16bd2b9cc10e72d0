import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { llmRequestHash } from './request-hash.ts';
import type { LlmChatRequest } from './types.ts';

const request = {
  model: 'gpt-4o-mini',
  temperature: 0.2,
  maxTokens: 300,
  json: true,
  messages: [
    { role: 'system', content: 'You are "helpful" — über\nkind.' },
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'look_up', arguments: '{"q":"x"}' } }] },
    { role: 'tool', tool_call_id: 'c1', content: '{"ok":true}' },
  ],
  tools: [
    {
      type: 'function',
      function: { name: 'look_up', description: 'Find', parameters: { type: 'object', properties: { q: { type: 'string' }, n: { type: 'integer', minimum: 1 } }, required: ['q'] } },
    },
  ],
} as unknown as LlmChatRequest;

/** The reference: JSON.stringify with every object's keys sorted (no key here is an integer, which objects would order first). */
function sortedJsonHash(value: unknown): string {
  const sorted = JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : 1))) : item,
  );
  return createHash('sha256').update(sorted).digest('hex');
}

/** The same value with every object's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]));
  return value;
}

describe('llmRequestHash', () => {
  it('keeps the hashes turns have already stored (#18 replays match on them)', () => {
    expect(llmRequestHash(request)).toBe('945d5cb36f503f4573f4f2be19be9a2478b3637558b07cf3d55539ed27ad061b');
    expect(llmRequestHash({ model: 'm', messages: [{ role: 'user', content: 'hi' }] })).toBe('6d139f1403cd84518768857efed6c375c0e3fe1af3f250cd3a5c59ea87a0323c');
  });

  it('hashes the sorted-key JSON of the request, whatever order its keys were written in', () => {
    const { model, temperature, maxTokens, messages, tools, json } = request;
    expect(llmRequestHash(request)).toBe(sortedJsonHash({ model, temperature, maxTokens, messages, tools, json }));
    expect(llmRequestHash(reversed(request) as LlmChatRequest)).toBe(llmRequestHash(request));
  });

  it('sorts objects of many keys the same way (past the insertion sort)', () => {
    const properties = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${(i * 37) % 60}x`, { type: 'string' }]));
    const wide: LlmChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties } } }] } as unknown as LlmChatRequest;
    const { model, messages, tools } = wide;
    expect(llmRequestHash(wide)).toBe(sortedJsonHash({ model, messages, tools }));
    expect(llmRequestHash(reversed(wide) as LlmChatRequest)).toBe(llmRequestHash(wide));
  });

  it('treats an undefined member as absent, and tells apart requests that differ anywhere', () => {
    const plain: LlmChatRequest = { model: 'm', messages: [{ role: 'user', content: 'hi' }] };
    // exactOptionalPropertyTypes forbids writing it; a request built from optional fields may still carry it.
    expect(llmRequestHash({ ...plain, temperature: undefined, tools: undefined } as unknown as LlmChatRequest)).toBe(llmRequestHash(plain));
    expect(llmRequestHash({ ...plain, temperature: 0 })).not.toBe(llmRequestHash(plain));
    expect(llmRequestHash({ model: 'm', messages: [{ role: 'user', content: 'hi!' }] })).not.toBe(llmRequestHash(plain));
  });
});
