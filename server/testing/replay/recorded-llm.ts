/**
 * The LLM of a replayed turn: when the version sends a request identical (by hash) to the
 * one the recorded turn sent at the same place, the recorded answer stands in for it, so
 * unchanged parts cost nothing and cannot drift; any other request goes to the real LLM.
 */
import { llmRequestHash } from '../../llm/request-hash.ts';
import type { LlmChatResult, LlmClient } from '../../llm/types.ts';
import type { RecordedLlmCall } from './recorded-turns.ts';

export interface LlmTally {
  reused: number;
  requested: number;
}

/** A client for one turn: the n-th request is matched against the turn's n-th recorded one. */
export function recordedLlm(real: LlmClient, recorded: readonly RecordedLlmCall[], tally: LlmTally): LlmClient {
  let next = 0;
  return {
    // A recorded answer can be given even where no LLM is configured now.
    configured: real.configured || recorded.length > 0,
    defaultModel: real.defaultModel,
    async chat(request, options) {
      const candidate = recorded[next];
      next += 1;
      if (candidate && candidate.request_hash === llmRequestHash(request)) {
        tally.reused += 1;
        const answer: LlmChatResult = {
          content: candidate.content,
          toolCalls: candidate.tool_calls.map((call) => ({ ...call })),
          usage: { promptTokens: 0, completionTokens: 0 },
          model: candidate.model,
          finishReason: candidate.tool_calls.length > 0 ? 'tool_calls' : 'stop',
          ttfbMs: 0,
          totalMs: 0,
        };
        return answer;
      }
      tally.requested += 1;
      return real.chat(request, options);
    },
  };
}
