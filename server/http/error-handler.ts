/**
 * The one place errors become HTTP answers: `{"error":{"code","message"}}`.
 * Client mistakes are 4xx with a message; only real faults are 500, and those are logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { errorCatalogue, type ErrorCode } from '../../shared/error-codes.ts';
import { DomainError } from '../errors.ts';
import { WorkflowRuntimeError, WorkflowValidationError } from '../runtime/workflow-errors.ts';
import type { AppEnv } from './app-env.ts';
import { describeProblems, describeZodIssues, type ProblemDetail } from '../../shared/describe-zod-error.ts';

function body({ code, message, details }: HttpError) {
  return { error: details ? { code, message, details } : { code, message } };
}

const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/**
 * What to do about a refusal the framework raises with a bare status text. Every request
 * body of the API is JSON, so a 415 (a body sent as text or a form, or with no content-type)
 * always has the same remedy.
 */
const HTTP_EXCEPTION_ADVICE: Record<number, string> = {
  415: 'Unsupported media type: send the request body as JSON with the header "content-type: application/json"',
};

/** How an error reads over HTTP; `logAs` says how loudly the server should note it. */
export interface HttpError {
  status: ContentfulStatusCode;
  code: string;
  message: string;
  headers: Record<string, string>;
  /** Each problem with the input at its path, for a client that shows them next to its fields. */
  details?: readonly ProblemDetail[];
  logAs?: 'warn' | 'error';
}

/**
 * A RangeError in the error or its causes: a value out of range (a date, a length) or one
 * nested too deep to process, which only data can cause. The JSON boundary bounds depth
 * (json-guard.ts); this keeps whatever slips past it a 4xx.
 */
function rangeErrorIn(error: unknown): RangeError | undefined {
  for (let at = error, hops = 0; at instanceof Error && hops < 8; at = at.cause, hops++) {
    if (at instanceof RangeError) return at;
  }
  return undefined;
}

/** An error that carries a code of the catalogue, with what it tells the caller. */
function cataloguedIn(error: unknown): { code: ErrorCode; message: string; headers: Record<string, string>; details?: readonly ProblemDetail[]; exposed: boolean } | undefined {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, headers: error.headers, ...(error.details ? { details: error.details } : {}), exposed: true };
  }
  // The engine's own failures (5xx) are the server's business: their message stays in the log.
  if (error instanceof WorkflowValidationError || error instanceof WorkflowRuntimeError) {
    return { code: error.code, message: error.message, headers: {}, exposed: errorCatalogue[error.code].status < 500 };
  }
  return undefined;
}

/** The HTTP status, code and message of any error; SSE error events and the sessions API use it too. */
export function toHttpError(error: unknown): HttpError {
  const known = cataloguedIn(error);
  if (known?.exposed) {
    const { code, message, headers, details } = known;
    return { status: errorCatalogue[code].status, code, message, headers, ...(details ? { details } : {}) };
  }
  if (error instanceof ZodError) {
    const details = describeZodIssues(error);
    return { status: 400, code: 'invalid_request', message: describeProblems(details, error.issues.length), headers: {}, details };
  }
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    return { status, code: HTTP_EXCEPTION_CODES[status] ?? 'bad_request', message: HTTP_EXCEPTION_ADVICE[status] ?? (error.message || 'Bad request'), headers: {} };
  }
  const range = rangeErrorIn(error);
  if (range) return { status: 400, code: 'invalid_value', message: `A value is out of range or nested too deeply (${range.message})`, headers: {}, logAs: 'warn' };
  return { status: 500, code: 'internal_error', message: 'Something went wrong on our side.', headers: {}, logAs: 'error' };
}

export function handleError(error: Error, c: Context<AppEnv>): Response {
  const http = toHttpError(error);
  if (http.logAs) c.get('logger')?.[http.logAs]({ err: error }, http.status >= 500 ? 'unhandled error' : 'request refused');
  for (const [name, value] of Object.entries(http.headers)) c.header(name, value);
  return c.json(body(http), http.status);
}
