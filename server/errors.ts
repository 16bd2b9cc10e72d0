/**
 * Typed domain errors. Code anywhere throws a `DomainError` with a code from the one
 * catalogue (shared/error-codes.ts) — never an HTTP status: the HTTP layer maps the code
 * to `{"error":{"code","message"}}` with its status, once (server/http/error-handler.ts).
 */
import type { ProblemDetail } from '../shared/describe-zod-error.ts';
import type { ErrorCode, ErrorCodeWithStatus } from '../shared/error-codes.ts';
import type { Role } from '../shared/roles.ts';

export class DomainError extends Error {
  /** Every problem with the input, each at its path, when there is more to say than one sentence. */
  readonly details: readonly ProblemDetail[] | undefined;

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Advice for the caller that travels with the error (Retry-After, Allow). */
    readonly headers: Record<string, string> = {},
    options?: { cause?: unknown; details?: readonly ProblemDetail[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.details = options?.details;
  }
}

export const badRequest = (message: string, code: ErrorCodeWithStatus<400> = 'bad_request') => new DomainError(code, message);
export const unauthorized = (message: string) => new DomainError('unauthorized', message);
export const notFound = (message: string) => new DomainError('not_found', message);
/** A signed-in person whose role is below the one a route needs; the message names it. */
export const forbidden = (role: Role, needed: Role) =>
  new DomainError('forbidden', `This needs the ${needed} role${needed === 'admin' ? '' : ' or higher'}; you are signed in as ${role === 'builder' ? 'a' : 'an'} ${role}.`);
export const conflict = (message: string, code: ErrorCodeWithStatus<409> = 'conflict') => new DomainError(code, message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new DomainError('rate_limited', 'Too many requests, slow down.', { 'Retry-After': String(retryAfterSeconds) });
