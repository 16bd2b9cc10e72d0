/**
 * The little HTTP client CLI commands use to talk to a running server: JSON in and out,
 * `response.ok` always checked, every answer parsed by the schema the server answers with.
 */
import type { z } from 'zod';
import { errorResponseSchema } from '../../shared/api/errors.ts';

/** The server could not be reached, or answered with an error status. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

export interface ApiClientOptions {
  server: string;
  apiKey: string;
  fetch?: typeof fetch;
}

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const base = options.server.replace(/\/+$/, '');

  async function request<T extends z.ZodType>(method: string, path: string, schema: T, body?: unknown): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${options.apiKey}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ApiRequestError(`Cannot reach ${base}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new ApiRequestError(`${method} ${path} answered HTTP ${response.status} with a body that is not JSON`, response.status);
    }
    if (!response.ok) {
      const problem = errorResponseSchema.safeParse(json);
      const message = problem.success ? problem.data.error.message : `HTTP ${response.status}`;
      throw new ApiRequestError(`${method} ${path}: ${response.status} ${message}`, response.status);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new ApiRequestError(`${method} ${path} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`, response.status);
    return parsed.data;
  }

  return {
    get: <T extends z.ZodType>(path: string, schema: T) => request('GET', path, schema),
    post: <T extends z.ZodType>(path: string, schema: T, body?: unknown) => request('POST', path, schema, body),
  };
}
