/**
 * Folds the chunks of a streamed chat completion into one result, the way OpenAI streams
 * them: content in pieces, tool calls keyed by `index` (id and name once, arguments in
 * pieces), the finish reason near the end and usage in a last chunk of its own.
 */
import { chunkSchema } from './completion-schemas.ts';
import { LlmBadResponseError } from './llm-errors.ts';
import type { LlmChatResult, LlmToolCall } from './types.ts';

/** The result fields a stream determines; the caller adds the timings. */
export type StreamedResult = Omit<LlmChatResult, 'ttfbMs' | 'totalMs'>;

export interface ChunkAccumulator {
  /** Validates and folds one chunk; returns its text (possibly empty) for `onDelta`. */
  add(chunk: unknown): string;
  /** The whole result. Throws `LlmBadResponseError` when the stream was cut off. */
  finish(): StreamedResult;
}

/** Starts an empty accumulator; `model` is used when the chunks do not name one. */
export function createChunkAccumulator(model: string): ChunkAccumulator {
  const contentParts: string[] = [];
  const toolCalls = new Map<number, LlmToolCall>();
  let usage = { promptTokens: 0, completionTokens: 0 };
  let finishReason: string | undefined;
  let answeredBy = model;

  return {
    add(raw) {
      const parsed = chunkSchema.safeParse(raw);
      if (!parsed.success) {
        throw new LlmBadResponseError('The LLM sent a stream chunk that is not a chat.completion.chunk.', {
          cause: parsed.error,
        });
      }
      const chunk = parsed.data;
      if (chunk.model) answeredBy = chunk.model;
      if (chunk.usage) {
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      }
      // Parley never asks for n > 1, so only the first choice matters.
      const choice = chunk.choices.find((candidate) => (candidate.index ?? 0) === 0);
      if (!choice) return '';
      if (choice.finish_reason) finishReason = choice.finish_reason;
      for (const delta of choice.delta?.tool_calls ?? []) {
        const call = toolCalls.get(delta.index) ?? { id: '', name: '', arguments: '' };
        if (delta.id) call.id = delta.id;
        // The name comes whole in one chunk; some servers repeat it later, so never append it.
        if (delta.function?.name && call.name === '') call.name = delta.function.name;
        call.arguments += delta.function?.arguments ?? '';
        toolCalls.set(delta.index, call);
      }
      const text = choice.delta?.content ?? '';
      if (text) contentParts.push(text);
      return text;
    },

    finish() {
      // A stream that ends without a finish reason was cut off: its content is incomplete.
      if (finishReason === undefined) {
        throw new LlmBadResponseError('The LLM stream ended before it finished.');
      }
      const calls = [...toolCalls.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
      if (calls.some((call) => call.name === '')) {
        throw new LlmBadResponseError('The LLM streamed a tool call without a name.');
      }
      return { content: contentParts.join(''), toolCalls: calls, usage, model: answeredBy, finishReason };
    },
  };
}
