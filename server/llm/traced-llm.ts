/**
 * The LLM client with a span per call, named and described by the OpenTelemetry GenAI
 * semantic conventions (`chat gpt-4o-mini`): the model asked for and the one that answered,
 * tokens in and out, why it stopped. Never the prompt or the answer. A decorator, like the
 * metrics one, so the runtime, the judge and the simulator are traced alike.
 */
import { SpanKind, type Tracer } from '@opentelemetry/api';
import { inSpan } from '../tracing/in-span.ts';
import type { LlmClient } from './types.ts';

/**
 * The GenAI attribute names (semantic conventions, still "development" status, so not in
 * the stable `@opentelemetry/semantic-conventions` entry point, whose authors ask for
 * such names to be copied). `gen_ai.system` is the older name of `gen_ai.provider.name`;
 * both are set for collectors on either version.
 */
export const GEN_AI = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  temperature: 'gen_ai.request.temperature',
  maxTokens: 'gen_ai.request.max_tokens',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  finishReasons: 'gen_ai.response.finish_reasons',
  toolName: 'gen_ai.tool.name',
} as const;

/** Parley speaks the OpenAI chat completions protocol to whatever endpoint OPENAI_BASE_URL names. */
const PROVIDER = 'openai';

export function traceLlm(llm: LlmClient, tracer: Tracer): LlmClient {
  return {
    get configured() {
      return llm.configured;
    },
    get defaultModel() {
      return llm.defaultModel;
    },
    chat(request, options) {
      const model = request.model ?? llm.defaultModel;
      const attributes = {
        [GEN_AI.operation]: 'chat',
        [GEN_AI.provider]: PROVIDER,
        [GEN_AI.system]: PROVIDER,
        [GEN_AI.requestModel]: model,
        ...(request.temperature !== undefined ? { [GEN_AI.temperature]: request.temperature } : {}),
        ...(request.maxTokens !== undefined ? { [GEN_AI.maxTokens]: request.maxTokens } : {}),
      };
      return inSpan(tracer, `chat ${model}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        const result = await llm.chat(request, options);
        span.setAttributes({
          [GEN_AI.responseModel]: result.model,
          [GEN_AI.inputTokens]: result.usage.promptTokens,
          [GEN_AI.outputTokens]: result.usage.completionTokens,
          [GEN_AI.finishReasons]: [result.finishReason],
        });
        return result;
      });
    },
  };
}
