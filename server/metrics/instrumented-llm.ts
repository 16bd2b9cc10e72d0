/**
 * The LLM client with every call measured: time to first token, total time and tokens by
 * the model that answered, failures by model and code. A decorator, so the runtime, the
 * judge and the simulator are measured alike without knowing about metrics.
 */
import type { LlmClient } from '../llm/types.ts';
import type { ParleyMetrics } from './parley-metrics.ts';

const codeOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'error';

export function instrumentLlm(llm: LlmClient, metrics: Pick<ParleyMetrics, 'llmCall' | 'llmFailed'>): LlmClient {
  return {
    get configured() {
      return llm.configured;
    },
    get defaultModel() {
      return llm.defaultModel;
    },
    async chat(request, options) {
      try {
        const result = await llm.chat(request, options);
        metrics.llmCall({ model: result.model, ttfbMs: result.ttfbMs, totalMs: result.totalMs, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens });
        return result;
      } catch (error) {
        // An aborted call (the visitor left) is not the LLM's failure.
        if (!options?.signal?.aborted) metrics.llmFailed(request.model ?? llm.defaultModel, codeOf(error));
        throw error;
      }
    },
  };
}
