import type { ErrorCode, ProblemDetail } from './types.ts';

/**
 * Failures the client names itself, all with `status` 0 (no HTTP answer to speak of):
 * `network_error` the server could not be reached or the connection broke; `invalid_response`
 * the answer is not what the API documents (not JSON, a cursor that does not advance);
 * `stream_interrupted` a streamed turn ended before its final message.
 */
export type ClientErrorCode = 'network_error' | 'invalid_response' | 'stream_interrupted';

/** A code of the server's catalogue (`shared/error-codes.ts`), one of the client's, or a newer server's. */
export type ParleyErrorCode = ErrorCode | ClientErrorCode | (string & {});

export interface ParleyErrorInit {
  status: number;
  code: ParleyErrorCode;
  message: string;
  details?: readonly ProblemDetail[] | undefined;
  /** Seconds the server asked to wait (`Retry-After`), on 429 and 503. */
  retryAfterSeconds?: number | undefined;
  /** `GET /v1/agents/{id}`: the operation, as the OpenAPI document names it. */
  operation: string;
  cause?: unknown;
}

/**
 * Every failure of a client call: the API's `{"error":{"code","message","details"}}` with
 * the HTTP status, or one of the client's own codes (status 0).
 *
 * @example
 * try {
 *   await parley.agents.get('agent_00000000');
 * } catch (error) {
 *   if (error instanceof ParleyError && error.code === 'not_found') console.log('no such agent');
 *   else throw error;
 * }
 */
export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  readonly status: number;
  readonly code: ParleyErrorCode;
  /** Every problem of a refused request, each at its path (400 `invalid_request`); empty otherwise. */
  readonly details: readonly ProblemDetail[];
  readonly retryAfterSeconds: number | undefined;
  readonly operation: string;

  constructor(init: ParleyErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.operation = init.operation;
  }
}
