/** Small helpers so route definitions stay short and uniform. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { z } from 'zod';
import { errorResponseSchema } from '../../shared/api/errors.ts';
import type { AppEnv } from './app-env.ts';
import { validationHook } from './validation-hook.ts';

/** A router whose request-schema failures become 400s naming the field. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { content: { 'application/json': { schema } }, required: true } as const;
}

/** An error answer, `{"error":{"code","message"}}`, described for the document. */
export const errorContent = (description: string) => jsonContent(errorResponseSchema, description);

/** The error answers most authenticated routes can give. */
export const commonErrors = {
  400: errorContent('Invalid request: the message names the field'),
  401: errorContent('Missing or invalid API key'),
  404: errorContent('Not found (including objects of another workspace)'),
} as const;

export const conflictError = { 409: errorContent('Conflict with the current state') } as const;

/** Both ways to send an API key, for `security` on each route. */
export const apiKeySecurity = [{ bearerAuth: [] }, { apiKeyHeader: [] }];
