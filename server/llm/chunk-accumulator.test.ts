import { describe, expect, it } from 'vitest';
import { createChunkAccumulator } from './chunk-accumulator.ts';

const chunk = (delta: object, finishReason: string | null = null) => ({
  model: 'm',
  choices: [{ index: 0, delta, finish_reason: finishReason }],
});

describe('createChunkAccumulator', () => {
  it('treats a stream that ends without a finish reason as cut off', () => {
    const accumulator = createChunkAccumulator('m');
    accumulator.add(chunk({ content: 'Half an ans' }));

    expect(() => accumulator.finish()).toThrow(expect.objectContaining({ code: 'llm_bad_response' }));
  });

  it('rejects a chunk that is not a chat.completion.chunk', () => {
    const accumulator = createChunkAccumulator('m');

    expect(() => accumulator.add(42)).toThrow(expect.objectContaining({ code: 'llm_bad_response' }));
    expect(() => accumulator.add({ choices: 'no' })).toThrow(expect.objectContaining({ code: 'llm_bad_response' }));
  });

  it('keeps a tool name that a server repeats in later chunks, and joins the arguments', () => {
    const accumulator = createChunkAccumulator('m');
    accumulator.add(chunk({ tool_calls: [{ index: 0, id: 'call_1', function: { name: 'lookup', arguments: '{"a"' } }] }));
    accumulator.add(chunk({ tool_calls: [{ index: 0, function: { name: 'lookup', arguments: ':1}' } }] }));
    accumulator.add(chunk({}, 'tool_calls'));

    expect(accumulator.finish().toolCalls).toEqual([{ id: 'call_1', name: 'lookup', arguments: '{"a":1}' }]);
  });

  it('names a tool call that came without an id after its index', () => {
    const accumulator = createChunkAccumulator('m');
    accumulator.add(chunk({ tool_calls: [{ index: 3, function: { name: 'lookup', arguments: '{}' } }] }));
    accumulator.add(chunk({}, 'tool_calls'));

    expect(accumulator.finish().toolCalls).toEqual([{ id: 'call_3', name: 'lookup', arguments: '{}' }]);
  });

  it('ignores chunks without choices but keeps their usage', () => {
    const accumulator = createChunkAccumulator('fallback');
    accumulator.add({ choices: [] });
    expect(accumulator.add(chunk({ content: 'Hi' }, 'stop'))).toBe('Hi');
    accumulator.add({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } });

    expect(accumulator.finish()).toEqual({
      content: 'Hi',
      toolCalls: [],
      usage: { promptTokens: 3, completionTokens: 1 },
      model: 'm',
      finishReason: 'stop',
    });
  });
});
