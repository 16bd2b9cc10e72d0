/**
 * Maps whatever the `openai` SDK (or the body parsing after it) threw to one typed
 * `LlmError`, so the rest of the server never sees SDK classes.
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, OpenAIError } from 'openai';
import {
  LlmAbortedError,
  LlmBadResponseError,
  LlmError,
  LlmRateLimitedError,
  LlmTimeoutError,
  LlmUnavailableError,
} from './llm-errors.ts';

/**
 * Classifies a failure of an LLM call. Aborts and our own idle timeout are decided before
 * this by the caller, which knows which signal fired; this only reads the error.
 */
export function toLlmError(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  // Subclasses of APIError first: the order of these checks matters.
  if (error instanceof APIUserAbortError) return new LlmAbortedError({ cause: error });
  if (error instanceof APIConnectionTimeoutError) {
    return new LlmTimeoutError('The LLM did not answer in time.', { cause: error });
  }
  if (error instanceof APIConnectionError) {
    return new LlmUnavailableError(`Could not reach the LLM: ${error.message}`, { cause: error });
  }
  if (error instanceof APIError) {
    if (error.status === 429) {
      return new LlmRateLimitedError(`The LLM is rate limited: ${error.message}`, { status: 429, cause: error });
    }
    // 5xx, an error event inside a stream (no status), or a 4xx such as a wrong key or
    // model: the LLM cannot serve this request, which callers treat as an outage.
    return new LlmUnavailableError(`The LLM failed: ${error.message}`, { status: error.status, cause: error });
  }
  // A body that is not JSON (SyntaxError), or the SDK rejecting the response's shape.
  if (error instanceof SyntaxError || error instanceof OpenAIError) {
    return new LlmBadResponseError(`The LLM answered something unreadable: ${error.message}`, { cause: error });
  }
  // What is left comes from the network layer, e.g. undici's "terminated" mid-stream.
  const message = error instanceof Error ? error.message : String(error);
  return new LlmUnavailableError(`The LLM request failed: ${message}`, { cause: error });
}
