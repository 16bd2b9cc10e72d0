/**
 * The LLM client contract the runtime, the judge and the simulator depend on. The real
 * implementation wraps the `openai` SDK (any OpenAI-compatible endpoint); tests point it
 * at the fake server in `test/fake-llm/`.
 */
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';

export type ChatMessage = ChatCompletionMessageParam;
export type ChatTool = ChatCompletionTool;

export interface LlmChatRequest {
  /** Falls back to the client's default model. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  messages: ChatMessage[];
  tools?: ChatTool[];
  /** Ask for a JSON object answer (`response_format: { type: 'json_object' }`). */
  json?: boolean;
}

export interface LlmToolCall {
  id: string;
  name: string;
  /** Raw JSON text as the model produced it: parse it with a schema before use. */
  arguments: string;
}

export interface LlmUsage {
  promptTokens: number;
  completionTokens: number;
}

export interface LlmChatResult {
  content: string;
  toolCalls: LlmToolCall[];
  usage: LlmUsage;
  model: string;
  finishReason: string;
  /** Milliseconds from sending the request to the first streamed chunk. */
  ttfbMs: number;
  totalMs: number;
}

export interface LlmChatOptions {
  signal?: AbortSignal;
  /** Called with each text chunk as it streams in. When given, the request streams. */
  onDelta?: (text: string) => void;
}

export interface LlmClient {
  /** False when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set: callers use fallbacks. */
  readonly configured: boolean;
  readonly defaultModel: string;
  chat(request: LlmChatRequest, options?: LlmChatOptions): Promise<LlmChatResult>;
}
