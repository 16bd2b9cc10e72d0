/** The LLM module's public surface: import from here rather than from its files. */
export { createLlmClient } from './create-llm-client.ts';
export type { CreateLlmClientOptions } from './create-llm-client.ts';
export {
  LlmAbortedError,
  LlmBadResponseError,
  LlmError,
  LlmNotConfiguredError,
  LlmRateLimitedError,
  LlmTimeoutError,
  LlmUnavailableError,
  isLlmError,
} from './llm-errors.ts';
export type { LlmErrorCode, LlmErrorOptions } from './llm-errors.ts';
export type {
  ChatMessage,
  ChatTool,
  LlmChatOptions,
  LlmChatRequest,
  LlmChatResult,
  LlmClient,
  LlmToolCall,
  LlmUsage,
} from './types.ts';
