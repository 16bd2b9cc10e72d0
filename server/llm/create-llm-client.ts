/**
 * The product's LLM client: the `openai` SDK pointed at any OpenAI-compatible endpoint,
 * behind the small `LlmClient` contract of `types.ts`, with typed errors and timings.
 */
import OpenAI, { APIError } from 'openai';
import type { ClientOptions } from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { performance } from 'node:perf_hooks';
import { createChunkAccumulator } from './chunk-accumulator.ts';
import type { StreamedResult } from './chunk-accumulator.ts';
import { completionSchema } from './completion-schemas.ts';
import { LlmBadResponseError, LlmNotConfiguredError } from './llm-errors.ts';
import { watchRequest } from './request-watch.ts';
import { createSseDataParser } from './sse-data-parser.ts';
import type { RequestWatch } from './request-watch.ts';
import { toLlmError } from './to-llm-error.ts';
import type { LlmChatRequest, LlmClient } from './types.ts';

/** OpenAI's own endpoint, named so the SDK never falls back to reading OPENAI_BASE_URL itself. */
const OPENAI_BASE_URL = 'https://api.openai.com/v1';
/** Long enough for a non-streamed answer, whose headers only come once it is generated. */
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_RETRIES = 2;

export interface CreateLlmClientOptions {
  /** An OpenAI-compatible base URL such as `http://localhost:11434/v1`. Empty means unset. */
  baseURL?: string | undefined;
  /** Empty means unset. With only a base URL, a placeholder key is sent. */
  apiKey?: string | undefined;
  /** The model used when a request names none. */
  model: string;
  /**
   * How long to wait for a response to begin (per attempt), and then for each following
   * chunk of its body. Defaults to 60 s.
   */
  timeoutMs?: number | undefined;
  /** Retries of 429, 5xx, connection failures and timeouts, by the SDK. Defaults to 2. */
  maxRetries?: number | undefined;
  fetch?: typeof fetch | undefined;
  /** The SDK's own logging; defaults to the SDK's default (`warn`, or `OPENAI_LOG`). */
  logLevel?: ClientOptions['logLevel'];
}

/** Marks an exception thrown by the caller's `onDelta`, which is theirs and not an LLM failure. */
class DeltaCallbackError extends Error {}

/**
 * Creates an LLM client. Without an API key or a base URL it is not `configured` and every
 * `chat` rejects with `LlmNotConfiguredError`, so callers can fall back to static text.
 *
 * @example
 * const llm = createLlmClient({ apiKey: env.OPENAI_API_KEY, baseURL: env.OPENAI_BASE_URL, model: 'gpt-4o-mini' });
 * const reply = await llm.chat({ messages }, { signal, onDelta: (text) => sse.write(text) });
 */
export function createLlmClient(options: CreateLlmClientOptions): LlmClient {
  const apiKey = options.apiKey || undefined;
  const baseURL = options.baseURL || undefined;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const configured = apiKey !== undefined || baseURL !== undefined;
  const sdk = configured
    ? new OpenAI({
        // Local servers (Ollama, vLLM) need no key, but the SDK insists on one.
        apiKey: apiKey ?? 'unused',
        baseURL: baseURL ?? OPENAI_BASE_URL,
        timeout: timeoutMs,
        maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
        ...(options.fetch && { fetch: options.fetch }),
        ...(options.logLevel && { logLevel: options.logLevel }),
      })
    : undefined;

  return {
    configured,
    defaultModel: options.model,
    async chat(request, { signal, onDelta } = {}) {
      if (!sdk) throw new LlmNotConfiguredError();
      const params = toParams(request, options.model);
      const watch = watchRequest(signal, timeoutMs);
      const startedAt = performance.now();
      try {
        const { ttfbMs, ...result } = onDelta
          ? await streamChat(sdk, params, watch, startedAt, onDelta)
          : await completeChat(sdk, params, watch, startedAt);
        return { ...result, ttfbMs, totalMs: performance.now() - startedAt };
      } catch (error) {
        if (error instanceof DeltaCallbackError) throw error.cause;
        throw watch.stopReason() ?? toLlmError(error);
      } finally {
        watch.dispose();
      }
    },
  };
}

function toParams(request: LlmChatRequest, defaultModel: string): ChatCompletionCreateParamsBase & { model: string } {
  return {
    model: request.model ?? defaultModel,
    messages: request.messages,
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    // max_tokens rather than max_completion_tokens: it is what compatible servers accept.
    ...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }),
    ...(request.tools !== undefined && request.tools.length > 0 && { tools: request.tools }),
    ...(request.json === true && { response_format: { type: 'json_object' as const } }),
  };
}

type TimedResult = StreamedResult & { ttfbMs: number };

async function streamChat(
  sdk: OpenAI,
  params: ChatCompletionCreateParamsBase & { model: string },
  watch: RequestWatch,
  startedAt: number,
  onDelta: (text: string) => void,
): Promise<TimedResult> {
  // The SDK sends the request (retries, status errors, headers timeout) and hands over the
  // raw body, which is parsed here: its own stream decoders cost a chain of async
  // generators per chunk, the larger part of a delta's CPU under many streams (bench/README.md).
  const response = await sdk.chat.completions
    .create({ ...params, stream: true, stream_options: { include_usage: true } }, { signal: watch.signal })
    .asResponse();
  watch.touch();
  if (!response.body) throw new LlmBadResponseError('The LLM answered a stream without a body.');
  const accumulator = createChunkAccumulator(params.model);
  const events = createSseDataParser();
  const decoder = new TextDecoder();
  let ttfbMs: number | undefined;
  read: for await (const bytes of response.body) {
    ttfbMs ??= performance.now() - startedAt;
    watch.touch();
    for (const data of events.push(decoder.decode(bytes, { stream: true }))) {
      // Whatever follows the end marker is ignored, as the SDK does.
      if (data.startsWith('[DONE]')) break read;
      const chunk: unknown = JSON.parse(data);
      // An error reported inside the stream: the SDK's own class, so it is classified alike.
      if (hasError(chunk)) throw new APIError(undefined, chunk.error, undefined, response.headers);
      const text = accumulator.add(chunk);
      if (text === '') continue;
      try {
        onDelta(text);
      } catch (error) {
        throw new DeltaCallbackError('onDelta threw', { cause: error });
      }
    }
  }
  // An abort can end the body without an error: say why it ended.
  const stopped = watch.stopReason();
  if (stopped) throw stopped;
  return { ...accumulator.finish(), ttfbMs: ttfbMs ?? performance.now() - startedAt };
}

function hasError(chunk: unknown): chunk is { error: object } {
  return typeof chunk === 'object' && chunk !== null && 'error' in chunk && Boolean(chunk.error);
}

async function completeChat(
  sdk: OpenAI,
  params: ChatCompletionCreateParamsBase & { model: string },
  watch: RequestWatch,
  startedAt: number,
): Promise<TimedResult> {
  // The raw response, so the body is read under the idle timer and parsed by our schema.
  const response = await sdk.chat.completions.create({ ...params, stream: false }, { signal: watch.signal }).asResponse();
  const ttfbMs = performance.now() - startedAt;
  watch.touch();
  const body: unknown = await response.json();
  const parsed = completionSchema.safeParse(body);
  if (!parsed.success) {
    throw new LlmBadResponseError('The LLM answered something that is not a chat.completion.', { cause: parsed.error });
  }
  const { model, choices, usage } = parsed.data;
  const [choice] = choices;
  // The schema demands one choice at least; this only satisfies the compiler.
  if (!choice) throw new LlmBadResponseError('The LLM answered without a choice.');
  return {
    content: choice.message.content ?? '',
    toolCalls: (choice.message.tool_calls ?? []).map((call) => ({
      id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    })),
    usage: { promptTokens: usage?.prompt_tokens ?? 0, completionTokens: usage?.completion_tokens ?? 0 },
    model: model ?? params.model,
    finishReason: choice.finish_reason ?? 'unknown',
    ttfbMs,
  };
}
