/**
 * The one place errors become HTTP answers: `{"error":{"code","message"}}`.
 * Client mistakes are 4xx with a message; only real faults are 500, and those are logged.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { AppError } from '../errors.ts';
import { WorkflowValidationError } from '../runtime/workflow-errors.ts';
import type { AppEnv } from './app-env.ts';
import { describeZodError } from './validation-hook.ts';

function body(code: string, message: string) {
  return { error: { code, message } };
}

const HTTP_EXCEPTION_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

export function handleError(error: Error, c: Context<AppEnv>): Response {
  if (error instanceof AppError) {
    for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
    return c.json(body(error.code, error.message), error.status);
  }
  if (error instanceof WorkflowValidationError) return c.json(body(error.code, error.message), 400);
  if (error instanceof ZodError) return c.json(body('invalid_request', describeZodError(error)), 400);
  if (error instanceof HTTPException && error.status < 500) {
    const status = error.status as ContentfulStatusCode;
    const message = error.message || 'Bad request';
    return c.json(body(HTTP_EXCEPTION_CODES[status] ?? 'bad_request', message), status);
  }
  c.get('logger')?.error({ err: error }, 'unhandled error');
  return c.json(body('internal_error', 'Something went wrong on our side.'), 500);
}
