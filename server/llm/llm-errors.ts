/**
 * Typed failures of an LLM call. Callers switch on `code`: the turn runner answers with a
 * node's fallback on an outage but stays silent on `llm_aborted` (the client went away).
 * `status` is the upstream HTTP status when there was one, not the status Parley answers with.
 */

export type LlmErrorCode =
  | 'llm_not_configured'
  | 'llm_rate_limited'
  | 'llm_unavailable'
  | 'llm_timeout'
  | 'llm_bad_response'
  | 'llm_aborted';

export interface LlmErrorOptions {
  status?: number | undefined;
  cause?: unknown;
}

/** Base of every LLM failure. */
export class LlmError extends Error {
  readonly code: LlmErrorCode;
  readonly status?: number;

  constructor(code: LlmErrorCode, message: string, options: LlmErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'LlmError';
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
  }
}

/** Neither an API key nor a base URL is configured: callers use their fallback text. */
export class LlmNotConfiguredError extends LlmError {
  constructor() {
    super('llm_not_configured', 'No LLM is configured: set OPENAI_API_KEY or OPENAI_BASE_URL.');
    this.name = 'LlmNotConfiguredError';
  }
}

/** The provider answered 429 and the retries ran out. */
export class LlmRateLimitedError extends LlmError {
  constructor(message: string, options: LlmErrorOptions = {}) {
    super('llm_rate_limited', message, options);
    this.name = 'LlmRateLimitedError';
  }
}

/** The provider could not be reached or refused the request (5xx, connection, other 4xx). */
export class LlmUnavailableError extends LlmError {
  constructor(message: string, options: LlmErrorOptions = {}) {
    super('llm_unavailable', message, options);
    this.name = 'LlmUnavailableError';
  }
}

/** No response began, or a stream stalled, within the configured timeout. */
export class LlmTimeoutError extends LlmError {
  constructor(message: string, options: LlmErrorOptions = {}) {
    super('llm_timeout', message, options);
    this.name = 'LlmTimeoutError';
  }
}

/** The provider answered something that is not a well-formed completion. */
export class LlmBadResponseError extends LlmError {
  constructor(message: string, options: LlmErrorOptions = {}) {
    super('llm_bad_response', message, options);
    this.name = 'LlmBadResponseError';
  }
}

/** The caller's AbortSignal fired (typically a closed browser tab): not an outage. */
export class LlmAbortedError extends LlmError {
  constructor(options: LlmErrorOptions = {}) {
    super('llm_aborted', 'The LLM request was aborted.', options);
    this.name = 'LlmAbortedError';
  }
}

/** True for any of the errors above, whatever its subclass. */
export function isLlmError(error: unknown): error is LlmError {
  return error instanceof LlmError;
}
